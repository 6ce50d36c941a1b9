"""Blind review, the other direction: under single- and double-blind review nothing the AUTHOR can reach
names a reviewer - not the author's pages, not the author's API (submissions, events, files, the review
endpoints), not the decision letters nor any other e-mail to the authors, not a downloaded file's name.

Two reviewers with distinctive names report over two rounds (the first round's reviewer is invited
again after the revision); one attaches a file named after herself, the other declines once. The
open-review control runs the same scan and finds the reviewers' names, so the scan can fail.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from editorial.models import BlindMode, ManuscriptFile, OutgoingEmail, ReviewAssignment, ReviewPolicy
from editorial.review.services import reviews
from editorial.submissions.services.submissions import submit_revision
from tests.support.api import api_for
from tests.support.review_fixtures import _reviewer, full_review, invite
from tests.support.workflow_fixtures import make_pdf, upload

# Who the reviewers are: names, usernames, e-mail addresses, affiliations.
REVIEWER_SECRETS = [
    "Rita",
    "Kowalczyk",
    "rkowalczyk",
    "rkowalczyk@example.net",
    "University of Elsewhere",
    "Victor",
    "Zabolotny",
    "vzabolotny",
    "vzabolotny@example.net",
    "Institute of Hidden Peers",
]
ATTACHMENT_NAME = "Rita Kowalczyk - University of Elsewhere - comments.pdf"
CONFIDENTIAL = "Competent but thin; I lean to minor revision."


def leaks(text: str) -> list[str]:
    return [secret for secret in REVIEWER_SECRETS if re.search(rf"\b{re.escape(secret)}\b", text, re.IGNORECASE)]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.get("Content-Disposition", "") + "\n" + content.decode("latin-1")


def _decide(cast, submission, kind):
    """The editor decides through the API, the letter drafted with the reviewers' comments."""
    response = api_for(cast.managing_editor).post(
        f"/api/submissions/{submission.pk}/decide/", {"decision": kind}, format="json"
    )
    assert response.status_code == 200, response.data


def two_rounds_of_review(cast, review_cast, seen_while_revising: dict | None = None):
    """Round 1: Rita reports (with an attachment named after her), Victor declines; minor revision.
    Round 2: Rita is invited again and reports; the submission is accepted. The author's pages while
    the revision is asked for go into ``seen_while_revising``."""
    submission = review_cast.submission
    rita = _reviewer(cast.journal, "rkowalczyk", "Rita", "Kowalczyk", affiliation="University of Elsewhere")
    victor = _reviewer(cast.journal, "vzabolotny", "Victor", "Zabolotny", affiliation="Institute of Hidden Peers")

    first = invite(cast, submission, rita)
    reviews.accept_invitation(user=rita, assignment_id=first.pk)
    attachment = upload(make_pdf("Annotated by Rita Kowalczyk"), ATTACHMENT_NAME)
    reviews.submit_review(
        user=rita,
        assignment_id=first.pk,
        data=full_review(attachment=attachment, confidential_comments=CONFIDENTIAL),
    )
    declined = invite(cast, submission, victor)
    reviews.decline_invitation(
        user=victor, assignment_id=declined.pk, reason="Victor Zabolotny is travelling.", suggested_alternative=""
    )
    _decide(cast, submission, "minor_revision")
    if seen_while_revising is not None:
        author = Client()
        author.force_login(cast.author)
        for name in ("author-submission", "submission-revise"):
            response = author.get(reverse(name, args=[submission.pk]))
            assert response.status_code == 200, name
            seen_while_revising[f"while revising {name}"] = _body(response)

    submit_revision(
        user=cast.author,
        submission_id=submission.pk,
        manuscript=upload(make_pdf("Revised")),
        response_to_reviewers="We added the source.",
    )
    editor = api_for(cast.managing_editor)
    assert editor.post(f"/api/submissions/{submission.pk}/screen/", {"outcome": "send_to_review"}, format="json")
    again = editor.post("/api/review-assignments/reinvite/", {"submission": submission.pk}, format="json")
    assert again.status_code == 201, again.data
    (second,) = ReviewAssignment.objects.filter(submission=submission, round__number=2)
    reviews.accept_invitation(user=rita, assignment_id=second.pk)
    reviews.submit_review(
        user=rita, assignment_id=second.pk, data=full_review(comments_to_author="The source is now cited.")
    )
    _decide(cast, submission, "accept")
    return submission, first


def reachable_by_the_author(client, cast, submission, attachment_of) -> dict[str, str]:
    """Everything the author can read about the submission, by address (refusals included)."""
    api = api_for(cast.author)
    seen: dict[str, str] = {}
    for url in (reverse("author-dashboard"), reverse("author-submission", args=[submission.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = _body(response)
    api_urls = [
        "/api/submissions/",
        f"/api/submissions/{submission.pk}/",
        "/api/events/",
        f"/api/events/?submission={submission.pk}",
        "/api/files/",
        "/api/contributors/",
        "/api/reviewer/assignments/",
        "/api/review-assignments/",
        f"/api/review-assignments/?submission={submission.pk}",
        f"/api/review-assignments/{attachment_of.pk}/",
    ]
    for record in ManuscriptFile.objects.filter(submission=submission):
        api_urls += [f"/api/files/{record.pk}/", f"/api/files/{record.pk}/download/"]
        response = client.get(reverse("file-download", args=[record.pk]))
        seen[f"page download {record.pk}"] = _body(response)
    for url in api_urls:
        seen[url] = _body(api.get(url))
    attachment = client.get(reverse("review-attachment", args=[attachment_of.pk]))
    assert attachment.status_code == 404  # the reviewer's annotated file is for the editors
    seen["review attachment"] = _body(attachment)
    return seen


def mail_to_the_authors(submission) -> dict[str, str]:
    addresses = set(submission.contributors.values_list("email", flat=True)) | {submission.submitter.email}
    mails = OutgoingEmail.objects.filter(to__in=addresses).order_by("pk")
    return {f"e-mail {m.pk} {m.kind} to {m.to}": f"{m.to}\n{m.subject}\n{m.body}" for m in mails}


@pytest.mark.parametrize("mode", [BlindMode.SINGLE, BlindMode.DOUBLE])
def test_no_reviewer_identity_reaches_the_author_in_blind_review(client, cast, review_cast, mode):
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=mode)
    while_revising: dict[str, str] = {}
    submission, first = two_rounds_of_review(cast, review_cast, while_revising)
    client.force_login(cast.author)

    scanned = while_revising | reachable_by_the_author(client, cast, submission, first)
    scanned |= mail_to_the_authors(submission)
    assert "The argument in section 2 needs a source." in scanned["while revising author-submission"]

    page = scanned[reverse("author-submission", args=[submission.pk])]
    assert "The argument in section 2 needs a source." in page  # the scan reads the reviews themselves
    assert "Reviewer 1" in page
    decision_letters = [
        text for name, text in scanned.items() if re.match(r"e-mail \d+ (decision|revision_request) ", name)
    ]
    assert len(decision_letters) == 2, [name for name in scanned if name.startswith("e-mail")]
    assert any("The argument in section 2 needs a source." in letter for letter in decision_letters)
    assert len([name for name in scanned if name.startswith("e-mail")]) >= 3
    assert {name: leaks(text) for name, text in scanned.items() if leaks(text)} == {}
    assert all(CONFIDENTIAL not in text for text in scanned.values())


def test_a_reviewers_attachment_is_stored_and_served_under_a_neutral_name(client, cast, review_cast):
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=BlindMode.SINGLE)
    submission, first = two_rounds_of_review(cast, review_cast)
    first.refresh_from_db()
    assert leaks(first.review.attachment.name) == []
    client.force_login(cast.managing_editor)
    response = client.get(reverse("review-attachment", args=[first.pk]))
    assert response.status_code == 200
    assert b"Annotated by Rita Kowalczyk" in response.content  # the right file, renamed
    assert response["Content-Disposition"] == (f'attachment; filename="review-{submission.pk}-round-1-{first.pk}.pdf"')


def test_the_scan_finds_the_reviewers_in_open_review(client, cast, review_cast):
    """The control: with open review the author's page names the reviewer, and the scan says so."""
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=BlindMode.OPEN)
    while_revising: dict[str, str] = {}
    submission, first = two_rounds_of_review(cast, review_cast, while_revising)
    client.force_login(cast.author)
    scanned = reachable_by_the_author(client, cast, submission, first)
    page = scanned[reverse("author-submission", args=[submission.pk])]
    assert {"Rita", "Kowalczyk"} <= set(leaks(page))
    assert {"Rita", "Kowalczyk"} <= set(leaks(while_revising["while revising author-submission"]))
