"""Fixtures for the editorial workflow: a journal with its people, real documents, and submissions
brought to any state through the services themselves (never by setting ``state``)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from editorial import workflow
from editorial.models import Person, Role, Section, Submission
from editorial.submissions.services import decisions, submissions
from editorial.submissions.services import files as file_services
from editorial.workflow import State
from tests.support.factories import JournalFactory, SectionFactory, UserFactory

PASSWORD = "a long demo password 42"


# --- Documents, made here so they are real files of their type -------------------------------------


def make_pdf(text: str = "A manuscript") -> bytes:
    """A one-page PDF with a line of text: objects, a correct xref table and trailer."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
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
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def make_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def upload(content: bytes, name: str = "manuscript.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- People ---------------------------------------------------------------------------------------


@dataclass
class Cast:
    journal: object
    section: Section
    other_journal: object
    author: AbstractUser
    other_author: AbstractUser
    managing_editor: AbstractUser
    handling_editor: AbstractUser
    other_editor: AbstractUser

    def user(self, role: str) -> AbstractUser | None:
        return None if role == "anonymous" else getattr(self, role)


def _person_with_user(username: str, given: str, family: str) -> AbstractUser:
    user = UserFactory(username=username, first_name=given, last_name=family, email=f"{username}@example.org")
    user.set_password(PASSWORD)
    user.save()
    Person.objects.create(user=user, given_names=given, family_name=family, email=user.email)
    return user


def _role(user: AbstractUser, journal, kind: str) -> None:
    Role.objects.create(person=user.person, journal=journal, kind=kind)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_passwords(settings):
    """Tests sign in many times; a deliberately slow hasher would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db, media_root, fast_passwords) -> Cast:
    journal = JournalFactory(title="Journal of Workflow Studies", slug="workflow-studies")
    section = SectionFactory(journal=journal, title="Articles")
    other_journal = JournalFactory(title="Another Journal", slug="another-journal")
    people = Cast(
        journal=journal,
        section=section,
        other_journal=other_journal,
        author=_person_with_user("author", "Anna", "Testova"),
        other_author=_person_with_user("other-author", "Oleg", "Otherov"),
        managing_editor=_person_with_user("managing", "Maria", "Manager"),
        handling_editor=_person_with_user("handling", "Hugo", "Handler"),
        other_editor=_person_with_user("elsewhere", "Elsa", "Elsewhere"),
    )
    _role(people.author, journal, Role.Kind.AUTHOR)
    _role(people.managing_editor, journal, Role.Kind.MANAGING_EDITOR)
    _role(people.handling_editor, journal, Role.Kind.SECTION_EDITOR)
    _role(people.other_editor, other_journal, Role.Kind.MANAGING_EDITOR)
    return people


# --- Submissions in any state, through the services -------------------------------------------------


def ready_draft(cast: Cast, *, title: str = "Alliances and their discontents") -> Submission:
    """A draft with everything a submission needs; the author is its corresponding author."""
    draft = submissions.start_submission(user=cast.author, journal_id=cast.journal.pk)
    submissions.update_metadata(
        user=cast.author,
        submission_id=draft.pk,
        language="en",
        title=title,
        abstract="We study alliances.",
        keywords=["alliances", "cohesion"],
        section_id=cast.section.pk,
    )
    file_services.add_file(user=cast.author, submission_id=draft.pk, kind="manuscript", upload=upload(make_pdf()))
    submissions.save_declarations(
        user=cast.author,
        submission_id=draft.pk,
        originality_declared=True,
        no_competing_interests=True,
        competing_interests="",
    )
    return Submission.objects.get(pk=draft.pk)


def _submit(cast, s):
    submissions.submit_submission(user=cast.author, submission_id=s.pk)


def _assign(cast, s):
    from editorial.submissions.services.assignments import assign_handling_editor

    assign_handling_editor(
        user=cast.managing_editor, submission_id=s.pk, editor_person_id=cast.handling_editor.person.pk
    )


def _review(cast, s):
    decisions.send_to_review(user=cast.managing_editor, submission_id=s.pk)


def _decide(kind):
    def step(cast, s):
        decisions.record_decision(user=cast.managing_editor, submission_id=s.pk, kind=kind)

    return step


def _desk_reject(cast, s):
    decisions.desk_reject(user=cast.managing_editor, submission_id=s.pk, letter="Out of scope.")


def _revise(cast, s):
    submissions.submit_revision(
        user=cast.author,
        submission_id=s.pk,
        manuscript=upload(make_pdf("Revised")),
        response_to_reviewers="We revised section 2.",
    )


def _withdraw(cast, s):
    submissions.withdraw_submission(user=cast.author, submission_id=s.pk)


def _move(to):
    """Production steps belong to the publication work; until it exists, the state machine itself."""

    def step(cast, s):
        workflow.transition(Submission.objects.get(pk=s.pk), to=to, by=cast.managing_editor)

    return step


_SUBMITTED = [_submit, _assign]
_UNDER_REVIEW = [*_SUBMITTED, _review]
_ACCEPTED = [*_UNDER_REVIEW, _decide("accept")]
PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: _SUBMITTED,
    State.DESK_REJECTED: [*_SUBMITTED, _desk_reject],
    State.UNDER_REVIEW: _UNDER_REVIEW,
    State.REVISION_REQUESTED: [*_UNDER_REVIEW, _decide("minor_revision")],
    State.RESUBMITTED: [*_UNDER_REVIEW, _decide("minor_revision"), _revise],
    State.ACCEPTED: _ACCEPTED,
    State.REJECTED: [*_UNDER_REVIEW, _decide("reject")],
    State.WITHDRAWN: [*_SUBMITTED, _withdraw],
    State.IN_PRODUCTION: [*_ACCEPTED, _move(State.IN_PRODUCTION)],
    State.SCHEDULED: [*_ACCEPTED, _move(State.IN_PRODUCTION), _move(State.SCHEDULED)],
    State.PUBLISHED: [*_ACCEPTED, _move(State.IN_PRODUCTION), _move(State.PUBLISHED)],
}


def submission_in(cast: Cast, state: str, **draft_options) -> Submission:
    """A submission brought to ``state`` the way people would; the handling editor is assigned."""
    submission = ready_draft(cast, **draft_options)
    for step in PATHS[state]:
        step(cast, submission)
    submission.refresh_from_db()
    assert submission.state == state
    return submission


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)
