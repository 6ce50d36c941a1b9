"""The path from acceptance to the public page and after, through the API as editors, copyeditors,
typesetters and authors use it: copyedit, author's review, galleys, proofs, the record and its DOI,
scheduled publication by the periodic task (time given to the task), a correction, a retraction."""

import datetime
import re

from django.utils import timezone

from editorial.models import Article, ArticleVersion, DepositBatch, OutgoingEmail, Submission
from editorial.tasks import publish_due_articles
from editorial.workflow import State
from tests.support.api import api_for
from tests.support.production_fixtures import due_in, html_galley, jats_galley, pdf_galley
from tests.support.workflow_fixtures import make_docx, submission_in, upload

DEMO_DOI = "10.48015/2076-7404-2021-13-3-75-111"


def emails_to(address, kind):
    return list(OutgoingEmail.objects.filter(to=address, kind=kind))


def ok(response):
    assert response.status_code == 200, getattr(response, "data", response.content)
    return response.json()


def test_accepted_article_goes_through_production_and_is_published_by_the_periodic_task(
    cast, crew, client, django_capture_on_commit_callbacks
):
    submission = submission_in(cast, State.ACCEPTED)
    url = f"/api/production/{submission.pk}"
    editor, author = api_for(cast.managing_editor), api_for(cast.author)
    copyeditor, typesetter = api_for(crew.copyeditor), api_for(crew.typesetter)

    # Copyediting: assigned with a due date, edited, corrected once at the author's request, accepted.
    body = ok(editor.post(f"{url}/copyeditor/", {"copyeditor": crew.copyeditor.person.pk, "due_on": due_in(10)}))
    assert body["state"] == State.IN_PRODUCTION
    copyedit = body["copyedits"][0]["id"]
    assert emails_to(crew.copyeditor.email, "copyedit_assigned")
    edited = {"copyedit": copyedit, "file": upload(make_docx(), "edited.docx")}
    assert (
        ok(copyeditor.post(f"{url}/copyedit-upload/", edited, format="multipart"))["copyedits"][0]["state"] == "edited"
    )
    assert emails_to(cast.author.email, "copyedit_review")
    review = {"copyedit": copyedit, "outcome": "corrections", "corrections": "Table 2 lost a column."}
    ok(author.post(f"{url}/copyedit-review/", review, format="json"))
    assert emails_to(crew.copyeditor.email, "copyedit_corrections")
    again = {"copyedit": copyedit, "file": upload(make_docx(), "edited-2.docx")}
    ok(copyeditor.post(f"{url}/copyedit-upload/", again, format="multipart"))
    body = ok(author.post(f"{url}/copyedit-review/", {"copyedit": copyedit, "outcome": "accept"}, format="json"))
    assert body["copyedits"][0]["state"] == "accepted"

    # Galleys: the typesetter uploads three kinds, the editor approves them and makes the PDF primary.
    for galley, label in ((pdf_galley(), "PDF"), (html_galley(), "HTML"), (jats_galley(), "JATS XML")):
        ok(typesetter.post(f"{url}/galleys/", {"file": galley, "label": label}, format="multipart"))
    galleys = ok(editor.get(f"{url}/"))["galleys"]
    assert [(g["label"], g["content_type"], g["is_approved"]) for g in galleys] == [
        ("PDF", "application/pdf", False),
        ("HTML", "text/html", False),
        ("JATS XML", "application/jats+xml", False),
    ]
    for galley in galleys:
        primary = galley["label"] == "PDF"
        ok(editor.post(f"{url}/galley-approval/", {"galley": galley["id"], "primary": primary}, format="json"))

    # The record: issue, section, pages; the DOI comes from the journal's pattern.
    record = {"issue": crew.issue.pk, "section": cast.section.pk, "first_page": "75", "last_page": "111"}
    body = ok(editor.put(f"{url}/record/", record, format="json"))
    assert body["record"]["doi"] == DEMO_DOI
    assert all(item["ok"] for item in body["checklist"])

    # Proofs: the author gets a link to the galleys and approves them.
    ok(editor.post(f"{url}/proofs/"))
    (proofs_email,) = emails_to(cast.author.email, "proofs_ready")
    preview = re.search(r"https?://\S+/preview/\S+", proofs_email.body).group()
    page = client.get("/" + preview.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200
    assert b"Preview - not published" in page.content
    body = ok(author.post(f"{url}/proofs-answer/", {"outcome": "approve"}, format="json"))
    assert body["proof_rounds"][0]["state"] == "approved"
    assert emails_to(cast.managing_editor.email, "proofs_answered")

    # Scheduled for an hour from now; the periodic task publishes it once that hour has passed.
    when = timezone.now() + datetime.timedelta(hours=1)
    body = ok(editor.post(f"{url}/publish/", {"publish_at": when.isoformat()}, format="json"))
    assert body["state"] == State.SCHEDULED
    article = Article.objects.get(submission=submission)
    assert client.get(f"/{cast.journal.slug}/article/{article.pk}/").status_code == 404
    assert publish_due_articles((when - datetime.timedelta(minutes=5)).isoformat()) == []
    assert publish_due_articles((when + datetime.timedelta(minutes=1)).isoformat()) == [article.pk]
    assert publish_due_articles((when + datetime.timedelta(minutes=2)).isoformat()) == []
    submission.refresh_from_db()
    article.refresh_from_db()
    assert (submission.state, article.status, article.doi) == (State.PUBLISHED, "published", DEMO_DOI)
    assert DepositBatch.objects.filter(records__doi=DEMO_DOI, reason="publication").count() == 1
    assert emails_to(cast.author.email, "article_published")

    page = client.get(f"/{cast.journal.slug}/article/{article.pk}/", follow=True)
    assert page.status_code == 200
    primary = article.galleys.get(is_primary=True)
    pdf_url = f"/{cast.journal.slug}/article/{article.pk}/galley/{primary.pk}/"
    assert re.search(rf'<meta name="citation_pdf_url" content="[^"]*{re.escape(pdf_url)}"', page.content.decode())
    assert b"Corrected on" not in page.content

    # A correction: a new version with a public note and a corrected PDF; the first version stays.
    correction = {"note": "The second author's affiliation was wrong.", "galley": pdf_galley("Corrected")}
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped on commit
        body = ok(editor.post(f"{url}/correct/", correction, format="multipart"))
    assert (body["record"]["version"], body["record"]["status"]) == (2, "corrected")
    page = client.get(f"/{cast.journal.slug}/article/{article.pk}/", follow=True)
    assert b"Corrected on" in page.content
    assert b"affiliation was wrong" in page.content
    earlier = client.get(f"/{cast.journal.slug}/article/{article.pk}/version/1/")
    assert earlier.status_code == 200
    assert b"version 1" in earlier.content
    assert f"/galley/{primary.pk}/".encode() in earlier.content
    assert client.get(f"/{cast.journal.slug}/article/{article.pk}/galley/{primary.pk}/").status_code == 200

    # A retraction: the page stays, marked, with the notice; the metadata is deposited again.
    notice = {"notice": "Retracted at the authors' request: data error."}
    with django_capture_on_commit_callbacks(execute=True):
        body = ok(editor.post(f"{url}/retract/", notice, format="json"))
    assert body["record"]["status"] == "retracted"
    page = client.get(f"/{cast.journal.slug}/article/{article.pk}/", follow=True)
    assert page.status_code == 200
    assert b"Retracted at the authors" in page.content
    assert DepositBatch.objects.filter(records__doi=DEMO_DOI, reason="metadata_change").exists()
    assert list(ArticleVersion.objects.filter(article=article).values_list("number", "kind")) == [
        (1, "original"),
        (2, "correction"),
        (3, "retraction"),
    ]
    assert Submission.objects.get(pk=submission.pk).state == State.PUBLISHED
