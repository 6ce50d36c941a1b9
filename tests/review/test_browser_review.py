"""Peer review in a real headless Chromium: the editor invites a new reviewer by e-mail from the
submission page; the reviewer accepts through the e-mail's link (no account, no password), writes
and submits the review on a phone's screen; the editor then reads it on the submission page."""

import pytest

from editorial.models import OutgoingEmail, Review
from editorial.workflow import State
from tests.support.accessibility import axe_violations, describe
from tests.support.browser import chromium_page, fits_the_screen, sign_in
from tests.support.review_fixtures import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_accepts_by_the_email_link_and_the_editor_reads_the_review(live_server, cast, review_cast, settings):
    settings.SITE_URL = live_server.url
    submission = review_cast.submission
    assert submission.state == State.UNDER_REVIEW

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        page.goto(f"{live_server.url}/editorial/manage/{submission.pk}/")
        page.get_by_text("Invite someone new by e-mail").click()
        page.get_by_label("E-mail of a new reviewer").fill("nadia@example.com")
        page.get_by_label("Given names", exact=True).fill("Nadia")
        page.get_by_label("Family name", exact=True).fill("Newreviewer")
        page.get_by_role("button", name="Send the invitation").click()
        assert page.get_by_text("Nadia Newreviewer has been invited to review.").is_visible()

    invitation = OutgoingEmail.objects.get(to="nadia@example.com", kind="review_invitation")
    with chromium_page(viewport={"width": 390, "height": 844}, java_script_enabled=False) as page:
        page.goto(link_in(invitation, "accept"))
        page.get_by_role("button", name="Accept and go to the manuscript").click()
        assert page.get_by_text("Thank you for accepting.").is_visible()
        assert page.get_by_role("heading", level=1).inner_text() == "Alliances and their discontents"
        assert fits_the_screen(page)
        page.get_by_label("Recommendation").select_option("minor_revision")
        page.get_by_label("Comments to the author").fill("Section 2 needs a source for the second claim.")
        page.get_by_label("Confidential comments to the editor").fill("Solid work.")
        page.get_by_role("button", name="Save draft").click()
        assert page.get_by_text("Draft saved.").is_visible()
        page.get_by_label("I have no competing interests with this work.").check()
        assert fits_the_screen(page)
        page.get_by_role("button", name="Submit the review").click()
        assert page.get_by_text("your review has been submitted").is_visible()
        assert page.get_by_role("button", name="Submit the review").count() == 0
        page.get_by_role("link", name="My reviews").first.click()
        completed = page.locator("section", has=page.get_by_role("heading", name="Completed reviews"))
        assert completed.get_by_role("link", name="Alliances and their discontents").is_visible()

    review = Review.objects.get(assignment__reviewer__email="nadia@example.com")
    assert (review.state, review.recommendation) == (Review.State.SUBMITTED, "minor_revision")

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "handling")
        page.goto(f"{live_server.url}/editorial/manage/{submission.pk}/")
        assert axe_violations(page) == [], describe(axe_violations(page))
        card = page.locator(".review-assignments li", has_text="Nadia Newreviewer")
        assert card.get_by_text("Review submitted").is_visible()
        assert card.get_by_text("Recommendation: Minor revision").is_visible()
        assert card.get_by_text("Section 2 needs a source for the second claim.").is_visible()
        assert card.get_by_text("Solid work.").is_visible()
