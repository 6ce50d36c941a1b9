"""Fixtures for peer review: a submission under review whose authors are fully identifiable (names,
e-mails, ORCIDs, affiliations, bios, a file named after them with their name in its metadata),
reviewers in the journal's pool, and invitations made through the services."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from editorial.models import OutgoingEmail, Person, ReviewAssignment, Role, Submission
from editorial.review.services import reviews
from editorial.submissions.services import contributors, decisions
from editorial.submissions.services import files as file_services
from editorial.submissions.services import submissions as submission_services
from editorial.submissions.services.assignments import assign_handling_editor
from tests.support.factories import UserFactory
from tests.support.workflow_fixtures import PASSWORD, ready_draft, upload

# What a double-blind reviewer must never read, anywhere.
AUTHOR_SECRETS = [
    "Anna",
    "Testova",
    "author@example.org",
    "0000-0002-1825-0097",
    "Institute of Secret Studies",
    "Professor of hidden things",
    "Pavel",
    "Primerov",
    "primerov@example.org",
    "0000-0001-5109-3700",
    "Primerov Laboratory of Alliances",
    "Lecturer in quiet diplomacy",
]
FILE_NAME = "Testova and Primerov - Institute of Secret Studies.pdf"


def pdf_with_author(author: str, text: str = "An anonymised manuscript") -> bytes:
    """A one-page PDF whose Info dictionary and XMP metadata name ``author``, with a valid xref."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    xmp = (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f"<dc:creator>{author}</dc:creator><pdf:Author>{author}</pdf:Author></x:xmpmeta>"
    ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Author ({author}) /Title (Alliances) /Creator (Writer, {author}) >>".encode(),
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def xref_is_consistent(content: bytes) -> bool:
    """Every object the xref table points at starts where it says (scrubbing kept the offsets)."""
    start = int(re.search(rb"startxref\n(\d+)", content).group(1))
    table = content[start:].split(b"\n")
    count = int(table[1].split()[1])
    offsets = [int(line.split()[0]) for line in table[3 : 2 + count]]
    return all(re.match(rb"%d 0 obj" % number, content[offset:]) for number, offset in enumerate(offsets, start=1))


@dataclass
class ReviewCast:
    submission: Submission
    reviewer: object  # a User with a Person in the pool
    other_reviewer: object


def _reviewer(journal, username: str, given: str, family: str, **person):
    user = UserFactory(username=username, first_name=given, last_name=family, email=f"{username}@example.net")
    user.set_password(PASSWORD)
    user.save()
    person = Person.objects.create(user=user, given_names=given, family_name=family, email=user.email, **person)
    Role.objects.create(person=person, journal=journal, kind=Role.Kind.REVIEWER)
    return user


def identifiable_submission(cast) -> Submission:
    """Under review, with two fully identifiable authors and a file that names them."""
    draft = ready_draft(cast, title="Alliances and their discontents")
    author = draft.contributors.get()
    contributors.update_contributor(
        user=cast.author,
        contributor_id=author.pk,
        given_names="Anna",
        family_name="Testova",
        email="author@example.org",
        orcid="0000-0002-1825-0097",
        affiliation="Institute of Secret Studies",
        country="RU",
        bio="Professor of hidden things",
        is_corresponding=True,
    )
    contributors.add_contributor(
        user=cast.author,
        submission_id=draft.pk,
        given_names="Pavel",
        family_name="Primerov",
        email="primerov@example.org",
        orcid="0000-0001-5109-3700",
        affiliation="Primerov Laboratory of Alliances",
        country="RU",
        bio="Lecturer in quiet diplomacy",
    )
    file_services.add_file(
        user=cast.author,
        submission_id=draft.pk,
        kind="manuscript",
        upload=upload(pdf_with_author("Anna Testova"), FILE_NAME),
    )
    submission_services.submit_submission(user=cast.author, submission_id=draft.pk)
    assign_handling_editor(
        user=cast.managing_editor, submission_id=draft.pk, editor_person_id=cast.handling_editor.person.pk
    )
    decisions.send_to_review(user=cast.managing_editor, submission_id=draft.pk)
    return Submission.objects.get(pk=draft.pk)


@pytest.fixture
def review_cast(cast) -> ReviewCast:
    return ReviewCast(
        submission=identifiable_submission(cast),
        reviewer=_reviewer(cast.journal, "reviewer", "Rita", "Reviewer", affiliation="University of Elsewhere"),
        other_reviewer=_reviewer(cast.journal, "reviewer2", "Victor", "Second", expertise="alliances; hedging"),
    )


def invite(cast, submission, reviewer_user, *, days: int = 21) -> ReviewAssignment:
    return reviews.invite_reviewer(
        user=cast.managing_editor,
        submission_id=submission.pk,
        person_id=reviewer_user.person.pk,
        due_date=timezone.localdate() + timedelta(days=days),
    )


def accepted(cast, submission, reviewer_user, **options) -> ReviewAssignment:
    assignment = invite(cast, submission, reviewer_user, **options)
    return reviews.accept_invitation(user=reviewer_user, assignment_id=assignment.pk)


def full_review(**overrides) -> reviews.ReviewInput:
    values = {
        "recommendation": "minor_revision",
        "comments_to_author": "The argument in section 2 needs a source.",
        "confidential_comments": "Competent but thin; I lean to minor revision.",
        "no_competing_interests": True,
        "competing_interests": "",
    } | overrides
    return reviews.ReviewInput(**values)


def emails_to(address: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(to=address).order_by("created_at", "pk"))


def link_in(email: OutgoingEmail, action: str) -> str:
    match = re.search(rf"https?://\S+/review/invitations/\S+/{action}/", email.body)
    assert match, email.body
    return match.group(0)
