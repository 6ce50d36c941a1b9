"""Double-blind review of the made-up author's files (tests/support/blind_documents.py): a manuscript
under review, a file the anonymiser cannot clean, and the clean copy an editor uploads instead."""

from __future__ import annotations

import io

import pikepdf

from editorial.documents import anonymize
from editorial.models import BlindMode, ManuscriptFile, ReviewPolicy, Submission
from editorial.submissions.services import contributors, decisions
from editorial.submissions.services import files as file_services
from editorial.submissions.services import submissions as submission_services
from editorial.submissions.services.assignments import assign_handling_editor
from tests.support import blind_documents as author
from tests.support.review_fixtures import _reviewer, accepted
from tests.support.workflow_fixtures import ready_draft, upload


def submission_of_zebulon(cast, content: bytes, name: str) -> Submission:
    """A submission by the made-up author, with ``content`` as its manuscript, sent to double-blind review."""
    draft = ready_draft(cast, title="Alliances and their founders")
    contributors.update_contributor(
        user=cast.author,
        contributor_id=draft.contributors.get().pk,
        given_names=author.GIVEN,
        family_name=author.FAMILY,
        email=author.EMAIL,
        orcid=author.ORCID,
        affiliation=author.AFFILIATION,
        country="GB",
        is_corresponding=True,
    )
    file_services.add_file(user=cast.author, submission_id=draft.pk, kind="manuscript", upload=upload(content, name))
    submission_services.submit_submission(user=cast.author, submission_id=draft.pk)
    assign_handling_editor(
        user=cast.managing_editor, submission_id=draft.pk, editor_person_id=cast.handling_editor.person.pk
    )
    decisions.send_to_review(user=cast.managing_editor, submission_id=draft.pk)
    ReviewPolicy.objects.create(journal=cast.journal, blind_mode=BlindMode.DOUBLE)
    return Submission.objects.get(pk=draft.pk)


def under_double_blind_review(cast, content: bytes, name: str):
    """The accepted assignment, the reviewer and the manuscript's record of a double-blind review of ``content``."""
    submission = submission_of_zebulon(cast, content, name)
    reviewer = _reviewer(cast.journal, "reviewer", "Rita", "Reviewer")
    assignment = accepted(cast, submission, reviewer)
    record = ManuscriptFile.objects.filter(submission=submission, kind="manuscript").latest("version")
    return assignment, reviewer, record


def encrypted_pdf() -> bytes:
    """A password-protected PDF: a file the anonymiser cannot clean."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(author.fixture("handmade-1.4-incremental.pdf"))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="open sesame"))
    return out.getvalue()


def clean_copy(content: bytes) -> bytes:
    """A clean copy as an editor would make it (here: by the anonymiser itself)."""
    return anonymize.scrub(content, author.SECRETS)
