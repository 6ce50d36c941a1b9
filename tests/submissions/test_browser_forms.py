"""In a real headless Chromium: the wizard keeps a co-author typed but not added and a title longer
than the limit; the proofs, the copyedit answer and the decision start with nothing chosen."""

import pytest

from editorial.models import Contributor, Copyedit, Submission
from editorial.production.services import copyediting, proofs
from editorial.workflow import State
from tests.support.browser import chromium_page, sign_in
from tests.support.production_fixtures import in_production
from tests.support.workflow_fixtures import make_docx, submission_in, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = ("Hedging between great powers in Central Asia " * 14)[:612]


def start_draft(page, base_url: str, cast) -> None:
    sign_in(page, base_url, "author")
    page.get_by_role("link", name="Submit a new manuscript").click()
    page.get_by_label("Journal").select_option(label=cast.journal.title)
    page.get_by_role("button", name="Start").click()


def test_a_coauthor_typed_but_not_added_is_added_by_save_and_continue(live_server, cast):
    with chromium_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False) as page:
        start_draft(page, live_server.url, cast)
        draft = Submission.objects.get()
        page.get_by_role("navigation", name="Submission steps").get_by_role("link", name="Authors").click()

        # Only a given name: the step stops, says what is missing, and keeps what was typed.
        page.get_by_label("Given names").fill("Pavel")
        page.get_by_role("button", name="Save and continue").click()
        assert page.get_by_text("The author you typed (Pavel) was not added").is_visible()
        assert page.get_by_label("Given names").input_value() == "Pavel"
        assert page.locator("[aria-current=step]").inner_text() == "Authors"

        # Complete, and "Save and continue" without "Add author": added, and on to the files.
        page.get_by_label("Family name").fill("Primerov")
        page.get_by_role("button", name="Save and continue").click()
        assert page.locator("[aria-current=step]").inner_text() == "Files"
        assert page.get_by_text("Author added.").is_visible()

    assert list(
        Contributor.objects.filter(submission=draft).order_by("position").values_list("family_name", flat=True)
    ) == [
        "Testova",
        "Primerov",
    ]


def test_a_title_over_the_limit_is_kept_whole_and_refused_with_its_length(live_server, cast):
    with chromium_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False) as page:
        start_draft(page, live_server.url, cast)
        title = page.get_by_label("Title", exact=True)
        title.fill(LONG_TITLE)
        assert len(title.input_value()) == 612  # the browser cut nothing
        page.get_by_label("Abstract", exact=True).fill("Small states hedge.")
        page.get_by_role("button", name="Save and continue").click()
        assert page.get_by_text("Title is 612 characters; the limit is 500.").is_visible()
        assert page.get_by_label("Title", exact=True).input_value() == LONG_TITLE.strip()
    assert Submission.objects.get().title == ""


def test_no_answer_is_chosen_on_load_for_proofs_copyedit_or_decision(live_server, cast, crew):
    submission, _ = in_production(cast, crew)
    copyedit = Copyedit.objects.get(submission=submission)
    copyediting.upload_copyedit(user=crew.copyeditor, copyedit_id=copyedit.pk, upload=upload(make_docx(), "ce.docx"))
    proofs.send_proofs(user=cast.managing_editor, submission_id=submission.pk)
    under_review = submission_in(cast, State.UNDER_REVIEW, title="Under review")

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "author")
        page.goto(f"{live_server.url}/editorial/production/{submission.pk}/")
        radios = page.locator("input[type=radio][name=outcome]")
        assert radios.count() == 4
        assert page.locator("input[type=radio]:checked").count() == 0
        # The browser itself refuses "Send" with no choice: nothing is posted.
        page.locator("section[aria-labelledby=proofs-heading]").get_by_role("button", name="Send").click()
        assert page.locator("input[type=radio]:checked").count() == 0
        page.get_by_role("button", name="Sign out").click()

        sign_in(page, live_server.url, "managing")
        page.goto(f"{live_server.url}/editorial/manage/{under_review.pk}/")
        assert page.get_by_label("Decision", exact=True).input_value() == ""
