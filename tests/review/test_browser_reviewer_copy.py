"""In a real headless Chromium: a double-blind reviewer is refused a file that cannot be anonymised,
the editor sees why on the submission page and uploads a clean copy, and the reviewer then gets it."""

import pytest

from tests.support.blind_documents import fixture
from tests.support.blind_review import clean_copy, encrypted_pdf, under_double_blind_review
from tests.support.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_replaces_a_withheld_file_and_the_reviewer_then_downloads_it(live_server, cast, tmp_path):
    assignment, reviewer, record = under_double_blind_review(cast, encrypted_pdf(), "manuscript.pdf")
    reviewer.set_password("correct horse battery staple 7")
    reviewer.save()
    file_url = f"{live_server.url}/review/assignments/{assignment.pk}/files/{record.pk}/"
    clean = tmp_path / "clean.pdf"
    clean.write_bytes(clean_copy(fixture("qpdf-1.5-object-streams.pdf")))

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill(reviewer.username)
        page.get_by_label("Password").fill("correct horse battery staple 7")
        page.get_by_role("button", name="Sign in").click()
        refused = page.goto(file_url)
        assert refused.status == 409
        assert page.get_by_text("could not be anonymised automatically").is_visible()

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        page.goto(f"{live_server.url}/editorial/manage/{record.submission_id}/")
        item = page.locator(f"#reviewer-copy-{record.pk}")
        assert item.get_by_text("withheld from reviewers").is_visible()
        assert item.get_by_text("password-protected").is_visible()
        item.get_by_label("Anonymised copy").set_input_files(str(clean))
        item.get_by_role("button", name="Upload").click()
        assert page.get_by_text("reviewers now receive it").is_visible()
        assert page.locator(f"#reviewer-copy-{record.pk}").get_by_text("your anonymised copy is given").is_visible()

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Username").fill(reviewer.username)
        page.get_by_label("Password").fill("correct horse battery staple 7")
        page.get_by_role("button", name="Sign in").click()
        response = page.request.get(file_url)
        assert response.status == 200
        assert response.body() == clean.read_bytes()
