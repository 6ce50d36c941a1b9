"""In a real headless Chromium, with axe-core: the stand-in's notes are seen where an editor reads DOI
states and reference checks, and add no WCAG violation to those pages."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial.models import DepositBatch
from editorial.references.services import check_submission_now
from tests.support.accessibility import WCAG_TAGS, axe_violations, describe
from tests.support.browser import chromium_page, sign_in
from tests.support.standin_notice import DOI_NOTE, REFERENCE_NOTE, next_step, published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_notes_are_read_on_the_editors_report_and_status_pages_and_pass_axe(live_server, cast, crew, crossref_here):
    submission, _ = published(Client(), cast, crew)
    batch = DepositBatch.objects.get()
    while next_step(batch) != "completed":
        pass
    check_submission_now(submission_id=submission.pk)

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        pages = {
            reverse("editor-submission", args=[submission.pk]): [REFERENCE_NOTE, DOI_NOTE, DOI_NOTE],
            reverse("reference-check-report", args=[submission.pk]): [REFERENCE_NOTE],
            reverse("system-status"): [DOI_NOTE],
        }
        for path, notes in pages.items():
            page.goto(live_server.url + path)
            shown = page.locator(".standin-note")
            assert [text.strip() for text in shown.all_inner_texts()] == notes, path
            for index in range(shown.count()):
                assert shown.nth(index).is_visible(), path
            violations = axe_violations(page)
            assert violations == [], f"{path}: {describe(violations)}"


def test_the_admins_note_above_doi_states_is_read_and_adds_no_axe_violation(
    live_server, cast, crew, site_admin, crossref_here
):
    published(Client(), cast, crew)
    site_admin.set_password("a long enough password")
    site_admin.save()
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/editorial/doiregistration/")
        page.get_by_label("Username").fill(site_admin.username)
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Log in").click()
        note = page.locator(".standin-note")
        assert note.inner_text().startswith("Demo: the DOI states of rows sent to the Crossref stand-in")
        assert note.is_visible()
        axe_violations(page)  # loads axe; the admin's own pages have violations that are Django's, not the note's
        violations = page.evaluate(
            "async (tags) => (await window.axe.run({include: [['.standin-note']]},"
            " {runOnly: {type: 'tag', values: tags}})).violations",
            WCAG_TAGS,
        )
        assert violations == [], describe(violations)
