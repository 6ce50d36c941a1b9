"""Double-blind review: every page, API response, e-mail and download a reviewer can reach is scanned
for every author-identifying string of the submission (names, e-mails, ORCIDs, affiliations, bios)."""

import io
import re
import zipfile

import pikepdf
import pytest
from django.urls import reverse

from editorial.models import BlindMode, ManuscriptFile, OutgoingEmail, ReviewPolicy
from editorial.review.services import reviews
from tests.support import leak_search
from tests.support.api import api_for
from tests.support.review_fixtures import AUTHOR_SECRETS, FILE_NAME, full_review, invite, link_in, xref_is_consistent
from tests.support.workflow_fixtures import make_pdf, upload


def leaks(text: str) -> list[str]:
    return [secret for secret in AUTHOR_SECRETS if re.search(re.escape(secret), text, re.IGNORECASE)]


def reachable_by_the_reviewer(client, api, assignment) -> dict[str, str]:
    """Every address a reviewer can reach for this assignment, and what it answered (text)."""
    seen: dict[str, str] = {}

    def fetch(url: str, *, through=client) -> None:
        response = through.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = response.get("Content-Disposition", "") + "\n" + body.decode("latin-1")

    fetch(reverse("reviewer-dashboard"))
    fetch(reverse("reviewer-assignment", args=[assignment.pk]))
    for record in ManuscriptFile.objects.filter(submission=assignment.submission, kind="manuscript"):
        fetch(reverse("reviewer-file", args=[assignment.pk, record.pk]))
        fetch(f"/api/reviewer/assignments/{assignment.pk}/files/{record.pk}/", through=api)
    fetch(reverse("review-attachment", args=[assignment.pk]))
    fetch("/api/reviewer/assignments/", through=api)
    fetch(f"/api/reviewer/assignments/{assignment.pk}/", through=api)
    fetch(f"/api/reviewer/assignments/{assignment.pk}/review/", through=api)
    return seen


def test_a_double_blind_reviewer_never_reads_who_the_authors_are(client, cast, review_cast):
    submission, reviewer = review_cast.submission, review_cast.reviewer
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=BlindMode.DOUBLE)
    assignment = invite(cast, submission, reviewer)

    (invitation,) = OutgoingEmail.objects.filter(to=reviewer.email)
    invitation_page = client.get(link_in(invitation, "accept"))
    decline_page = client.get(link_in(invitation, "decline"))
    assert leaks(invitation_page.content.decode()) == leaks(decline_page.content.decode()) == []
    client.force_login(reviewer)
    pages_while_invited = {"invited page": client.get(reverse("reviewer-assignment", args=[assignment.pk]))}
    client.post(link_in(invitation, "accept"))
    reviews.save_review_draft(
        user=reviewer,
        assignment_id=assignment.pk,
        data=reviews.ReviewInput(attachment=upload(make_pdf("My notes"), "notes.pdf")),
    )
    while_drafting = reachable_by_the_reviewer(client, api_for(reviewer), assignment)
    reviews.submit_review(user=reviewer, assignment_id=assignment.pk, data=full_review())
    after_submitting = reachable_by_the_reviewer(client, api_for(reviewer), assignment)

    scanned = {name: r.content.decode() for name, r in pages_while_invited.items()}
    scanned |= {f"drafting {url}": text for url, text in while_drafting.items()}
    scanned |= {f"submitted {url}": text for url, text in after_submitting.items()}
    for email in OutgoingEmail.objects.filter(to=reviewer.email):
        scanned[f"e-mail {email.kind}"] = f"{email.subject}\n{email.body}"
    assert len(scanned) >= 20
    page, api_detail = (
        reverse("reviewer-assignment", args=[assignment.pk]),
        f"/api/reviewer/assignments/{assignment.pk}/",
    )
    for name in (f"drafting {page}", f"submitted {page}", f"submitted {api_detail}", "e-mail review_invitation"):
        assert "Alliances and their discontents" in scanned[name], name  # the scan reads real content
    assert {name: leaks(text) for name, text in scanned.items() if leaks(text)} == {}
    downloads = [text for url, text in after_submitting.items() if "/files/" in url]
    assert all("submission-" in text.split("\n", 1)[0] for text in downloads)


def test_the_scan_would_see_the_authors_in_open_review(client, cast, review_cast):
    """The control: the same pages name the authors when the journal reviews openly."""
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=BlindMode.OPEN)
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=assignment.pk)
    client.force_login(review_cast.reviewer)
    page = client.get(reverse("reviewer-assignment", args=[assignment.pk])).content.decode()
    assert {"Testova", "Primerov", "Institute of Secret Studies"} <= set(leaks(page))
    api = api_for(review_cast.reviewer).get(f"/api/reviewer/assignments/{assignment.pk}/").json()
    assert api["submission"]["authors"] == ["Anna Testova", "Pavel Primerov"]


def test_a_downloaded_pdf_keeps_a_valid_structure_without_the_authors_metadata(client, cast, review_cast):
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=assignment.pk)
    record = ManuscriptFile.objects.get(submission=review_cast.submission, original_name=FILE_NAME)
    original = record.file.open("rb").read()
    assert b"Anna Testova" in original
    client.force_login(review_cast.reviewer)
    response = client.get(reverse("reviewer-file", args=[assignment.pk, record.pk]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="submission-{record.submission_id}-round-1-manuscript-v{record.version}.pdf"'
    )
    assert xref_is_consistent(original)
    with pikepdf.open(io.BytesIO(response.content)) as pdf:  # rewritten whole by qpdf: it opens
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert b"An anonymised manuscript" in pdf.pages[0].Contents.read_bytes()
    assert leak_search.leaks(response.content, AUTHOR_SECRETS) == {}


@pytest.mark.parametrize("mode", [BlindMode.SINGLE, BlindMode.DOUBLE])
def test_authors_never_learn_who_reviewed_unless_review_is_open(client, cast, review_cast, mode):
    from editorial.submissions.services import decisions

    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=mode)
    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    reviews.accept_invitation(user=review_cast.reviewer, assignment_id=assignment.pk)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    decisions.record_decision(user=cast.managing_editor, submission_id=review_cast.submission.pk, kind="minor_revision")
    client.force_login(cast.author)
    page = client.get(reverse("author-submission", args=[review_cast.submission.pk])).content.decode()
    assert "The argument in section 2 needs a source." in page
    assert "Reviewer 1" in page
    for identity in ("Rita", "reviewer@example.net", "University of Elsewhere", "Competent but thin"):
        assert identity not in page
    author_mail = " ".join(e.body for e in OutgoingEmail.objects.filter(to=cast.author.email))
    assert "Rita" not in author_mail
    assert "Competent but thin" not in author_mail


def test_a_docx_loses_its_author_properties_and_the_authors_names():

    from editorial.documents import anonymize

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>A. Testova</dc:creator>'
            "<cp:lastModifiedBy>anna.t</cp:lastModifiedBy><dc:title>Alliances</dc:title></cp:coreProperties>",
        )
        package.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:ins w:author="Anna Testova">text</w:ins></w:document>',
        )
    scrubbed = anonymize.scrub(buffer.getvalue(), ["Anna Testova", "Testova", "Anna"])
    with zipfile.ZipFile(io.BytesIO(scrubbed)) as package:
        core = package.read("docProps/core.xml").decode()
        document = package.read("word/document.xml").decode()
    assert "<dc:creator></dc:creator>" in core
    assert "anna.t" not in core
    assert "<dc:title>Alliances</dc:title>" in core
    assert "Testova" not in document
    assert "text" in document
