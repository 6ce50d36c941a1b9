"""The author's side of the workflow: the draft, step by step, then submit, revise or withdraw.

Every step validates all of its fields and saves all or nothing; errors come back as one
``ValidationError`` keyed by field, which the HTML forms and the API show next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from editorial import permissions, richtext, workflow
from editorial.bibliography.parser import parse_reference
from editorial.journals.models import Journal, Section
from editorial.submissions import signals
from editorial.submissions.models import Contributor, Event, ManuscriptFile, Reference, Submission
from editorial.submissions.services import emails
from editorial.submissions.services.common import ensure_can_move, ensure_draft, lock_submission, record_event
from editorial.submissions.services.files import FileBatch, validate_upload
from editorial.workflow import State

MAX_KEYWORDS = 20
MAX_REFERENCES = 2000


# --- Hooks: other parts of the system attach here -------------------------------------------------


def _after_submission(submission: Submission, user) -> None:
    """Runs inside the submit transaction, after the move to ``submitted`` and the e-mails.

    Side effects of a new submission are rows recorded in this transaction: the references domain
    hears ``references_ready`` and requests the reference check.
    """
    signals.references_ready.send(sender=Submission, submission=submission, user=user)


def _after_revision(submission: Submission, user) -> None:
    """Runs inside the revision transaction, after the move to ``resubmitted`` and the e-mails;
    the revised references are in place, so they are checked again (``references_ready``)."""
    signals.references_ready.send(sender=Submission, submission=submission, user=user)


# --- The draft --------------------------------------------------------------------------------------


@transaction.atomic
def start_submission(*, user, journal_id: int, section_id: int | None = None) -> Submission:
    """A new draft in the journal, with the user as its first (corresponding) author."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to submit a manuscript.")
    journal = Journal.objects.filter(pk=journal_id).first()
    if journal is None:
        raise ValidationError({"journal": "Choose a journal."})
    section = _section_of(journal, section_id)
    submission = Submission.objects.create(journal=journal, section=section, submitter=user)
    person = getattr(user, "person", None)
    Contributor.objects.create(
        submission=submission,
        position=1,
        person=person,
        given_names=user.first_name or (person.given_names if person else ""),
        family_name=user.last_name or (person.family_name if person else ""),
        email=user.email or (person.email if person else ""),
        orcid=person.orcid if person else "",
        is_corresponding=True,
    )
    record_event(submission, actor=user, action=Event.Action.CREATED, note="Draft started")
    return submission


def _section_of(journal: Journal, section_id: int | None) -> Section | None:
    if section_id in (None, ""):
        return None
    section = Section.objects.filter(pk=section_id, journal=journal, is_active=True).first()
    if section is None:
        raise ValidationError({"section": "Choose one of the journal's sections."})
    return section


# What a draft's PATCH may change, by the name the services take.
DRAFT_METADATA_FIELDS = (
    "language", "title", "abstract", "keywords", "title_en", "abstract_en", "keywords_en", "section_id",
)  # fmt: skip
DRAFT_DECLARATION_FIELDS = ("originality_declared", "no_competing_interests", "competing_interests")


@transaction.atomic
def start_draft(*, user, journal_id: int, **changes) -> Submission:
    """A new draft with what the author already gave (the API's create): all of it, or nothing."""
    draft = start_submission(user=user, journal_id=journal_id)
    if changes:
        update_draft(user=user, submission_id=draft.pk, **changes)
    return draft


@transaction.atomic
def update_draft(*, user, submission_id: int, **changes) -> Submission:
    """Change some of a draft's metadata and declarations at once (PATCH semantics: what is not in
    ``changes`` keeps its value), checked by the same services as the wizard's steps; all or nothing."""
    unknown = set(changes) - {*DRAFT_METADATA_FIELDS, *DRAFT_DECLARATION_FIELDS}
    if unknown:
        raise TypeError(f"update_draft() got fields it does not know: {', '.join(sorted(unknown))}")
    draft = lock_submission(submission_id)
    if any(name in changes for name in DRAFT_METADATA_FIELDS):
        current = {name: getattr(draft, name) for name in DRAFT_METADATA_FIELDS}
        update_metadata(user=user, submission_id=draft.pk, **(current | _picked(changes, DRAFT_METADATA_FIELDS)))
        draft.refresh_from_db()
    if any(name in changes for name in DRAFT_DECLARATION_FIELDS):
        current = {name: getattr(draft, name) for name in DRAFT_DECLARATION_FIELDS}
        save_declarations(user=user, submission_id=draft.pk, **(current | _picked(changes, DRAFT_DECLARATION_FIELDS)))
    return draft


def _picked(changes: dict, names: Sequence[str]) -> dict:
    return {name: changes[name] for name in names if name in changes}


@transaction.atomic
def update_metadata(
    *,
    user,
    submission_id: int,
    language: str,
    title: str,
    abstract: str,
    keywords: Sequence[str] = (),
    title_en: str = "",
    abstract_en: str = "",
    keywords_en: Sequence[str] = (),
    section_id: int | None = None,
) -> Submission:
    """Title, abstract and keywords in the original language, and in English when that is another."""
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    ensure_draft(submission)
    errors: dict[str, list[str]] = {}
    try:
        submission.section = _section_of(submission.journal, section_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    submission.language = language
    submission.title, submission.abstract = richtext.clean(title.strip()), richtext.clean(abstract.strip())
    submission.keywords = _clean_keywords(keywords, "keywords", errors)
    submission.title_en, submission.abstract_en = richtext.clean(title_en.strip()), richtext.clean(abstract_en.strip())
    submission.keywords_en = _clean_keywords(keywords_en, "keywords_en", errors)
    if not submission.title:
        errors.setdefault("title", []).append("Give the manuscript's title.")
    if not submission.abstract:
        errors.setdefault("abstract", []).append("Give the abstract.")
    if language != "en":
        if not submission.title_en:
            errors.setdefault("title_en", []).append("The manuscript is not in English: give its title in English.")
        if not submission.abstract_en:
            errors.setdefault("abstract_en", []).append("The manuscript is not in English: give an English abstract.")
    _full_clean(submission, errors, exclude=["submitter", "handling_editor", "journal"])
    submission.save()
    record_event(submission, actor=user, action=Event.Action.EDITED, note="Title, abstract and keywords")
    return submission


def _clean_keywords(keywords: Sequence[str], field: str, errors: dict[str, list[str]]) -> list[str]:
    cleaned = list(dict.fromkeys(word.strip() for word in keywords if word and word.strip()))
    if len(cleaned) > MAX_KEYWORDS:
        errors.setdefault(field, []).append(f"Give at most {MAX_KEYWORDS} keywords (there are {len(cleaned)}).")
    return cleaned


def _full_clean(instance, errors: dict[str, list[str]], *, exclude: list[str] | None = None) -> None:
    """Model validation merged with the step's own errors; raise them all at once."""
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_declarations(
    *, user, submission_id: int, originality_declared: bool, no_competing_interests: bool, competing_interests: str
) -> Submission:
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    ensure_draft(submission)
    statement = competing_interests.strip()
    errors: dict[str, list[str]] = {}
    if no_competing_interests and statement:
        errors["competing_interests"] = [
            "You declared no competing interests and also wrote a statement: choose one or the other."
        ]
    submission.originality_declared = bool(originality_declared)
    submission.no_competing_interests = bool(no_competing_interests)
    submission.competing_interests = statement
    if errors:
        raise ValidationError(errors)
    submission.save(update_fields=["originality_declared", "no_competing_interests", "competing_interests"])
    record_event(submission, actor=user, action=Event.Action.EDITED, note="Declarations")
    return submission


# --- References ---------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+")


def split_reference_list(text: str) -> list[str]:
    """A pasted reference list as one string per reference, numbering removed.

    A line starting "12.", "12)" or "[12]" opens a reference and lines up to the next one
    continue it (copied text wraps). Without numbering, blank lines separate references if
    there are any, otherwise each line is one. (A small stand-in for editorial.references.)
    """
    lines = [line.strip() for line in text.replace("\r\n", "\n").strip().split("\n")]
    if not any(_NUMBERED.match(line) for line in lines):
        if "" in lines and len([line for line in lines if line]) > 1:
            paragraphs = re.split(r"\n\s*\n", "\n".join(lines).strip())
            return [" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip()]
        return [line for line in lines if line]
    items: list[str] = []
    for line in lines:
        if not line:
            continue
        if _NUMBERED.match(line):
            items.append(_NUMBERED.sub("", line, count=1))
        elif items:
            items[-1] = f"{items[-1]} {line}"
        else:
            items.append(line)
    return items


@transaction.atomic
def replace_references_from_text(*, user, submission_id: int, text: str) -> list[Reference]:
    """The pasted list, split and numbered, replaces the draft's references."""
    return save_references(user=user, submission_id=submission_id, items=split_reference_list(text))


@transaction.atomic
def save_references(*, user, submission_id: int, items: Sequence[str]) -> list[Reference]:
    """The author's corrected list, in order; empty items are dropped and the rest renumbered."""
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    ensure_draft(submission)
    kept = [" ".join(item.split()) for item in items if item and item.strip()]
    if len(kept) > MAX_REFERENCES:
        raise ValidationError({"references": f"At most {MAX_REFERENCES} references (there are {len(kept)})."})
    submission.references.all().delete()
    references = Reference.objects.bulk_create(
        _parsed_reference(submission, number, text) for number, text in enumerate(kept, start=1)
    )
    record_event(submission, actor=user, action=Event.Action.EDITED, note="References", data={"references": len(kept)})
    return references


def _parsed_reference(submission: Submission, position: int, text: str) -> Reference:
    """The reference as typed, with what the parser reads from it (its DOI above all, which the
    article page links and the deposit registers), as imported and demo references have."""
    reference = Reference(submission=submission, position=position, raw_text=text)
    for name, value in parse_reference(text, position=position).model_fields().items():
        setattr(reference, name, value)
    return reference


# --- Submit, withdraw, revise --------------------------------------------------------------------------


def submission_problems(submission: Submission) -> dict[str, list[str]]:
    """What still keeps the draft from being submitted, by field, in the author's terms."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not (submission.title or submission.title_en):
        add("title", "Give the manuscript's title.")
    if not (submission.abstract or submission.abstract_en):
        add("abstract", "Give the abstract.")
    if not submission.is_english and not submission.title_en:
        add("title_en", "The manuscript is not in English: give its title in English.")
    if submission.section_id is None and submission.journal.sections.filter(is_active=True).exists():
        add("section", "Choose the journal section for the manuscript.")
    contributors = list(submission.contributors.all())
    if not contributors:
        add("contributors", "Add the authors.")
    elif not any(c.is_corresponding for c in contributors):
        add("contributors", "Mark one author as the corresponding author.")
    elif not next(c for c in contributors if c.is_corresponding).email:
        add("contributors", "The corresponding author needs an e-mail address.")
    if not submission.files.filter(round=submission.current_round, kind=ManuscriptFile.Kind.MANUSCRIPT).exists():
        add("files", "Upload the manuscript (PDF, DOCX or ODT).")
    if not submission.originality_declared:
        add("originality_declared", "Declare that the work is original and not under consideration elsewhere.")
    if not (submission.no_competing_interests or submission.competing_interests):
        add("competing_interests", "Declare competing interests, or that there are none.")
    return problems


@transaction.atomic
def submit_submission(*, user, submission_id: int) -> Submission:
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    ensure_can_move(submission, State.SUBMITTED)
    problems = submission_problems(submission)
    if problems:
        raise ValidationError(problems)
    workflow.transition(submission, to=State.SUBMITTED, by=user, note="Submitted by the author")
    emails.submission_received(submission)
    _after_submission(submission, user)
    return submission


@transaction.atomic
def withdraw_submission(*, user, submission_id: int, reason: str = "") -> Submission:
    """The author takes the manuscript back; possible until the editors decide."""
    submission = lock_submission(submission_id)
    permissions.ensure_author(user, submission)
    was_draft = submission.state == State.DRAFT
    workflow.transition(submission, to=State.WITHDRAWN, by=user, note=reason.strip() or "Withdrawn by the author")
    if not was_draft:
        emails.submission_withdrawn(submission)
    return submission


def submit_revision(
    *,
    user,
    submission_id: int,
    manuscript: UploadedFile | None,
    response_to_reviewers: str,
    response_file: UploadedFile | None = None,
) -> Submission:
    """New file versions and the response to reviewers open the next round."""
    batch = FileBatch()
    with batch.cleanup_on_error(), transaction.atomic():
        submission = lock_submission(submission_id)
        permissions.ensure_author(user, submission)
        ensure_can_move(submission, State.RESUBMITTED)
        errors = _revision_errors(manuscript, response_to_reviewers, response_file)
        if errors:
            raise ValidationError(errors)
        submission.current_round += 1
        submission.revision_due = None
        submission.save(update_fields=["current_round", "revision_due", "updated_at"])
        batch.store(submission, kind=ManuscriptFile.Kind.MANUSCRIPT, upload=manuscript, user=user)
        if response_file is not None:
            batch.store(submission, kind=ManuscriptFile.Kind.RESPONSE, upload=response_file, user=user)
        submission.revisions.create(
            round=submission.current_round, response_to_reviewers=response_to_reviewers.strip(), submitted_by=user
        )
        note = f"Revision for round {submission.current_round}"
        workflow.transition(submission, to=State.RESUBMITTED, by=user, note=note)
        emails.revision_received(submission)
        _after_revision(submission, user)
    return submission


def _revision_errors(
    manuscript: UploadedFile | None, response: str, response_file: UploadedFile | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if manuscript is None:
        errors["manuscript"] = ["Upload the revised manuscript."]
    else:
        errors.update(_upload_errors("manuscript", manuscript))
    if response_file is not None:
        errors.update(_upload_errors("response_file", response_file))
    if not response.strip():
        errors["response_to_reviewers"] = ["Write your response to the reviewers: what you changed and why."]
    return errors


def _upload_errors(field: str, upload: UploadedFile) -> dict[str, list[str]]:
    try:
        validate_upload(upload)
    except ValidationError as exc:
        return {field: exc.messages}
    return {}
