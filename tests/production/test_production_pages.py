"""Production as people reach it in the browser-less HTML: the editor's panel, the production page
of the copyeditor, typesetter and author, galleys checked by content, the issue page, the schema."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from editorial.documents.galley_types import HTML_GALLEY, JATS_GALLEY, PDF_GALLEY, detect_galley_type
from editorial.models import Copyedit, Galley, OutgoingEmail
from editorial.production.services import copyediting
from editorial.workflow import State
from tests.support.factories import IssueFactory, published_article
from tests.support.production_fixtures import HTML_GALLEY as HTML_BYTES
from tests.support.production_fixtures import JATS_GALLEY as JATS_BYTES
from tests.support.production_fixtures import due_in, in_production, pdf_galley
from tests.support.workflow_fixtures import make_docx, make_pdf, submission_in, upload


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (make_pdf(), PDF_GALLEY),
        (HTML_BYTES, HTML_GALLEY),
        (b"\xef\xbb\xbf<!-- made by hand -->\n<html><body>x</body></html>", HTML_GALLEY),
        (JATS_BYTES, JATS_GALLEY),
        (b'<?xml version="1.0"?><root><article/></root>', None),
        (b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><article>&e;</article>", None),
        (make_docx(), None),
        (b"just text", None),
    ],
)
def test_galley_type_is_judged_by_content(content, expected):
    assert detect_galley_type(io.BytesIO(content)) == expected


def test_a_word_file_named_pdf_is_refused_as_a_galley_with_a_clear_message(client, cast, crew):
    submission, article = in_production(cast, crew)
    client.force_login(crew.typesetter)
    fake = SimpleUploadedFile("article.pdf", make_docx(), content_type="application/pdf")
    response = client.post(
        reverse("production-step", args=[submission.pk, "upload-galley"]), {"file": fake}, follow=True
    )
    assert "is not a PDF, HTML, JATS XML galley" in response.content.decode()
    assert Galley.objects.filter(article=article).count() == 1


def test_editor_sees_the_production_panel_with_checklist_and_doi(client, cast, crew):
    submission, _ = in_production(cast, crew, pages=False)
    client.force_login(cast.managing_editor)
    page = client.get(reverse("editor-submission", args=[submission.pk]))  # queries: tests/desk/
    html = page.content.decode()
    assert 'id="production-heading"' in html
    assert 'data-check="pages" class="missing"' in html
    assert "not minted yet" in html
    assert "Override the checklist, because" in html


def test_the_production_panels_queries_do_not_grow_with_galleys(client, cast, crew, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submission, _ = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    url = reverse("editor-submission", args=[submission.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for label in ("HTML", "XML"):
        upload_html = (
            SimpleUploadedFile("g.html", HTML_BYTES) if label == "HTML" else SimpleUploadedFile("g.xml", JATS_BYTES)
        )
        client.post(reverse("production-step", args=[submission.pk, "upload-galley"]), {"file": upload_html})
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) <= len(few.captured_queries) + 2  # the new galleys' events only


def test_copyeditor_uploads_and_author_accepts_on_the_production_page(client, cast, crew):
    submission = submission_in(cast, State.ACCEPTED)
    copyedit = copyediting.assign_copyeditor(
        user=cast.managing_editor,
        submission_id=submission.pk,
        copyeditor_person_id=crew.copyeditor.person.pk,
        due_on=due_in(3),
    )
    page_url = reverse("production-page", args=[submission.pk])
    client.force_login(crew.copyeditor)
    page = client.get(page_url)
    assert "Your copyedit, due" in page.content.decode()
    manuscript = client.get(reverse("production-file", args=[submission.files.get(kind="manuscript").pk]))
    assert manuscript.status_code == 200
    client.post(
        reverse("production-step", args=[submission.pk, "upload-copyedit"]),
        {"copyedit": copyedit.pk, "file": upload(make_docx(), "copyedited.docx")},
    )
    assert Copyedit.objects.get(pk=copyedit.pk).state == Copyedit.State.EDITED
    client.force_login(cast.author)
    assert "Review the copyedit" in client.get(page_url).content.decode()
    response = client.post(
        reverse("production-step", args=[submission.pk, "review-copyedit"]),
        {"copyedit": copyedit.pk, "outcome": "accept"},
        follow=True,
    )
    assert "your answer is recorded" in response.content.decode()
    assert Copyedit.objects.get(pk=copyedit.pk).state == Copyedit.State.ACCEPTED
    kinds = set(OutgoingEmail.objects.filter(submission=submission).values_list("kind", flat=True))
    assert {"copyedit_assigned", "copyedit_review", "copyedit_accepted"} <= kinds


def test_authors_do_not_see_galleys_waiting_for_approval(client, cast, crew):
    submission, article = in_production(cast, crew)
    client.force_login(crew.typesetter)
    client.post(
        reverse("production-step", args=[submission.pk, "upload-galley"]), {"file": pdf_galley(), "label": "Draft PDF"}
    )
    waiting = Galley.objects.get(article=article, is_approved=False)
    client.force_login(cast.author)
    assert client.get(reverse("production-galley", args=[waiting.pk])).status_code == 404
    assert "Draft PDF" not in client.get(reverse("production-page", args=[submission.pk])).content.decode()


def test_publishing_without_pages_from_the_panel_says_what_is_missing(client, cast, crew):
    submission, _ = in_production(cast, crew, pages=False)
    client.force_login(cast.managing_editor)
    response = client.post(reverse("production-step", args=[submission.pk, "publish"]), {}, follow=True)
    assert "Set the pages or an article number" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == State.IN_PRODUCTION


def test_issue_page_shows_cover_editorial_and_contents(client, db, settings, tmp_path, django_assert_max_num_queries):
    settings.MEDIA_ROOT = tmp_path
    article = published_article(doi="10.48015/2076-7404-2021-13-3-75-111")
    issue = article.issue
    issue.editorial = "<p>This issue is about <em>alliances</em>.</p><script>alert(1)</script>"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    issue.cover.save("cover.png", SimpleUploadedFile("cover.png", png), save=False)
    issue.is_published = True
    issue.save()
    with django_assert_max_num_queries(4):
        page = client.get(reverse("issue", args=[issue.journal.slug, issue.pk]))
    html = page.content.decode()
    assert 'class="issue-cover"' in html
    assert "<em>alliances</em>" in html
    assert "<script>" not in html
    assert article.submission.title_en in html


def test_a_cover_that_is_not_an_image_is_refused():
    from django.core.exceptions import ValidationError

    from editorial.journals.models.journals import validate_cover_image

    with pytest.raises(ValidationError):
        validate_cover_image(SimpleUploadedFile("cover.png", b"<svg onload=alert(1)>"))


@pytest.mark.django_db
def test_the_production_endpoints_are_in_the_openapi_schema_without_warnings(capsys):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [path for path in schema["paths"] if path.startswith("/api/production/")]
    assert "/api/production/{id}/publish/" in paths
    assert "/api/production/{id}/record/" in paths
    assert "/api/production/{id}/copyedit-upload/" in paths
    captured = capsys.readouterr()
    assert "production" not in (captured.err + captured.out).lower()


def test_issue_for_an_unpublished_issue_is_not_shown(client, db):
    issue = IssueFactory(is_published=False)
    assert client.get(reverse("issue", args=[issue.journal.slug, issue.pk])).status_code == 404


def test_an_editor_sets_a_doi_by_hand_on_the_panel_and_goes_back_to_the_pattern(client, cast, crew):
    submission, article = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    url = reverse("production-step", args=[submission.pk, "record"])
    record = {"issue": crew.issue.pk, "first_page": "75", "last_page": "111", "position_in_issue": 1}
    client.post(url, {**record, "doi": "10.48015/by-hand"})
    article.refresh_from_db()
    assert (article.doi, article.doi_set_by_hand) == ("10.48015/by-hand", True)
    client.post(url, {**record, "doi": "", "mint_doi": "1"})
    article.refresh_from_db()
    assert (article.doi, article.doi_set_by_hand) == ("10.48015/2076-7404-2021-13-3-75-111", False)


def test_a_cover_is_stored_under_a_name_of_its_own(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issue = IssueFactory()
    issue.cover.save("../../My Cover.png", SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8))
    assert issue.cover.name.startswith("covers/")
    assert "Cover" not in issue.cover.name
    assert issue.cover.name.endswith(".png")
