"""What a double-blind reviewer downloads, through the review page and the reviewer API: real
writers' files with the author everywhere come out with no trace of them; a file that cannot be
anonymised is withheld (the reviewer is told, the editor sees why and uploads a clean copy)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support import blind_documents as author
from tests.support.api import api_for
from tests.support.blind_review import clean_copy, encrypted_pdf, under_double_blind_review
from tests.support.leak_search import leaks
from tests.support.workflow_fixtures import upload


def _download(client, reviewer, assignment, record, route: str):
    if route == "html":
        client.force_login(reviewer)
        return client.get(reverse("reviewer-file", args=[assignment.pk, record.pk]))
    return api_for(reviewer).get(f"/api/reviewer/assignments/{assignment.pk}/files/{record.pk}/")


@pytest.mark.parametrize("route", ["html", "api"])
@pytest.mark.parametrize("name", author.FIXTURE_NAMES)
def test_a_double_blind_reviewer_downloads_no_trace_of_the_author(client, cast, name, route):
    content = author.fixture(name)
    assignment, reviewer, record = under_double_blind_review(cast, content, f"{author.FAMILY} final.{name[-4:]}")
    assert leaks(content, author.SECRETS)  # the control: the uploaded file names the author

    response = _download(client, reviewer, assignment, record, route)

    assert response.status_code == 200
    neutral = f"submission-{record.submission_id}-round-1-manuscript-v{record.version}.{name.rsplit('.', 1)[1]}"
    assert response["Content-Disposition"] == f'attachment; filename="{neutral}"'
    assert leaks(response.content, author.SECRETS) == {}


def test_the_reviewer_api_lists_the_files_under_neutral_names(cast):
    assignment, reviewer, record = under_double_blind_review(
        cast, author.fixture("python-docx.docx"), f"{author.FAMILY}.docx"
    )
    detail = api_for(reviewer).get(f"/api/reviewer/assignments/{assignment.pk}/")
    assert detail.status_code == 200
    names = [f["name"] for f in detail.json()["files"]]
    assert f"submission-{record.submission_id}-round-1-manuscript-v{record.version}.docx" in names
    assert leaks(detail.content, author.SECRETS) == {}


def test_a_file_that_cannot_be_anonymised_is_withheld_until_the_editor_uploads_a_clean_copy(client, cast):
    original = encrypted_pdf()
    assignment, reviewer, record = under_double_blind_review(cast, original, "manuscript.pdf")

    page = _download(client, reviewer, assignment, record, "html")
    api = _download(client, reviewer, assignment, record, "api")
    assert page.status_code == api.status_code == 409
    assert "could not be anonymised" in page.content.decode()
    assert "could not be anonymised" in api.json()["detail"]
    assert original not in page.content
    assert b"%PDF" not in page.content + api.content

    client.force_login(cast.managing_editor)
    editor_page = client.get(reverse("editor-submission", args=[record.submission_id])).content.decode()
    assert "withheld from reviewers" in editor_page
    assert "password-protected" in editor_page

    clean = author.fixture("qpdf-1.5-object-streams.pdf")
    clean = clean_copy(clean)
    response = client.post(
        reverse("editor-review-reviewer-copy", args=[record.submission_id, record.pk]),
        {"file": upload(clean, "clean.pdf")},
        follow=True,
    )
    assert "reviewers now receive it" in response.content.decode()
    assert "withheld from reviewers" not in response.content.decode()

    for route in ("html", "api"):
        served = _download(client, reviewer, assignment, record, route)
        assert served.status_code == 200, route
        assert served.content == clean


def test_an_editors_copy_of_another_type_is_refused_and_nothing_changes(client, cast):
    assignment, reviewer, record = under_double_blind_review(cast, encrypted_pdf(), "manuscript.pdf")
    client.force_login(cast.managing_editor)
    response = client.post(
        reverse("editor-review-reviewer-copy", args=[record.submission_id, record.pk]),
        {"file": upload(author.fixture("python-docx.docx"), "clean.docx")},
        follow=True,
    )
    assert "must be of the same type" in response.content.decode()
    record.refresh_from_db()
    assert not record.reviewer_copy
    assert _download(client, reviewer, assignment, record, "api").status_code == 409


@pytest.mark.parametrize("who", ["reviewer", "author"])
def test_only_an_editor_can_upload_a_reviewer_copy(client, cast, who):
    _assignment, reviewer, record = under_double_blind_review(cast, encrypted_pdf(), "manuscript.pdf")
    client.force_login(reviewer if who == "reviewer" else cast.author)
    response = client.post(
        reverse("editor-review-reviewer-copy", args=[record.submission_id, record.pk]),
        {"file": upload(clean_copy(author.fixture("libreoffice.pdf")), "clean.pdf")},
    )
    assert response.status_code == 404
    record.refresh_from_db()
    assert not record.reviewer_copy
