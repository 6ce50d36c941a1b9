"""Who may see and do what: the one place the rules live, for the workflow, production, DOI
deposits, reference checks and article imports.

Services call the ``ensure_*`` functions (PermissionDenied), querysets are scoped with
``submissions_visible_to`` and ``submissions_managed_by``, so the HTML pages, the API and the
admin agree. A user's editorial roles are read once per request (one query) and kept on the user.

The rules, per journal: a managing editor sees and acts on every submitted manuscript of the
journal; a section editor, on those assigned to them as handling editor; an author, on their
own submissions. Drafts are the author's alone. Nobody handles a manuscript that is their own:
one they submitted or are listed on as a contributor, whatever their roles.

Only journal roles give journal powers. ``is_staff`` opens the Django admin and nothing else (the
admin's own actions then ask these rules, e.g. a deposit). A superuser is the site's operator and
acts as a managing editor of every journal (the dashboard and the querysets have always treated
superusers so), but their own manuscripts stay out of their hands like anyone's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from editorial.journals.models import Journal, Role
from editorial.submissions.models import Contributor, Submission
from editorial.workflow import State

EDITOR_KINDS = (Role.Kind.MANAGING_EDITOR, Role.Kind.SECTION_EDITOR)
PRODUCTION_STATES = (State.ACCEPTED, State.IN_PRODUCTION, State.SCHEDULED, State.PUBLISHED)
_CACHE_ATTRIBUTE = "_editorial_standing"
_OWN_ATTRIBUTE = "_editorial_own_manuscripts"


@dataclass(frozen=True)
class Standing:
    """A user's editorial roles across journals."""

    user_id: int | None
    person_id: int | None
    managed_journals: frozenset[int]
    section_journals: frozenset[int]
    is_superuser: bool = False

    @property
    def is_editor(self) -> bool:
        return self.is_superuser or bool(self.managed_journals or self.section_journals)

    def manages_journal(self, journal_id: int) -> bool:
        return self.is_superuser or journal_id in self.managed_journals

    def edits_journal(self, journal_id: int) -> bool:
        return self.manages_journal(journal_id) or journal_id in self.section_journals


NOBODY = Standing(user_id=None, person_id=None, managed_journals=frozenset(), section_journals=frozenset())


def standing_of(user: AbstractBaseUser | AnonymousUser | None) -> Standing:
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    managed, sections, person_id = set(), set(), None
    rows = Role.objects.filter(person__user=user, kind__in=EDITOR_KINDS).values_list("journal_id", "kind", "person_id")
    for journal_id, kind, person in rows:
        person_id = person
        (managed if kind == Role.Kind.MANAGING_EDITOR else sections).add(journal_id)
    standing = Standing(user.pk, person_id, frozenset(managed), frozenset(sections), user.is_superuser)
    setattr(user, _CACHE_ATTRIBUTE, standing)
    return standing


def forget_standing(user: AbstractBaseUser) -> None:
    """After roles or author lists change within a request (tests, admin actions)."""
    for attribute in (_CACHE_ATTRIBUTE, _OWN_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _contributed_to(user) -> frozenset[int]:
    """The submissions that list the user as a contributor: read once per request, and only when a
    rule needs it (an editor about to be allowed something)."""
    cached = getattr(user, _OWN_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(Contributor.objects.filter(person__user=user).values_list("submission_id", flat=True))
        setattr(user, _OWN_ATTRIBUTE, cached)
    return cached


def _own_manuscripts(user_id: int | None) -> Q:
    """A condition on submissions: those submitted by the user or listing them as a contributor."""
    if user_id is None:  # nobody signed in owns nothing (and must not match contributors without a person)
        return Q(pk__in=[])
    contributed = Contributor.objects.filter(person__user_id=user_id).values("submission_id")
    return Q(submitter_id=user_id) | Q(pk__in=contributed)


# --- Questions -----------------------------------------------------------------------------------


def is_author_of(user, submission: Submission) -> bool:
    return user is not None and user.is_authenticated and submission.submitter_id == user.pk


def is_own_manuscript(user, submission: Submission) -> bool:
    """Submitted by the user, or listing them as a contributor: theirs to write, never to handle."""
    if user is None or not user.is_authenticated:
        return False
    return submission.submitter_id == user.pk or submission.pk in _contributed_to(user)


def edits_journal(user, journal_id: int) -> bool:
    """A managing or section editor of the journal (or the site's superuser)."""
    return standing_of(user).edits_journal(journal_id)


def manages_journal(user, journal_id: int) -> bool:
    """A managing editor of the journal (or the site's superuser)."""
    return standing_of(user).manages_journal(journal_id)


def can_manage(user, submission: Submission) -> bool:
    """May act as this submission's editor: screen, decide, write notes, see the editorial page."""
    if submission.state == State.DRAFT or is_author_of(user, submission):
        return False
    standing = standing_of(user)
    if standing.manages_journal(submission.journal_id):
        allowed = True
    else:
        allowed = (
            submission.journal_id in standing.section_journals
            and standing.person_id is not None
            and submission.handling_editor_id == standing.person_id
        )
    return allowed and not is_own_manuscript(user, submission)


def can_view(user, submission: Submission) -> bool:
    return is_author_of(user, submission) or can_manage(user, submission)


def can_assign_editor(user, submission: Submission) -> bool:
    return can_manage(user, submission) and standing_of(user).manages_journal(submission.journal_id)


# --- Enforcement, for services ---------------------------------------------------------------------


def ensure_author(user, submission: Submission) -> None:
    if not is_author_of(user, submission):
        raise PermissionDenied("Only the author who submitted this manuscript can do this.")


def ensure_can_manage(user, submission: Submission) -> None:
    if not can_manage(user, submission):
        raise PermissionDenied("Only the journal's managing editors and this submission's handling editor can do this.")


def ensure_can_assign_editor(user, submission: Submission) -> None:
    if not can_assign_editor(user, submission):
        raise PermissionDenied("Only a managing editor of the journal can assign the handling editor.")


# --- Querysets ------------------------------------------------------------------------------------


def _managed_condition(standing: Standing) -> Q:
    not_own = ~Q(state=State.DRAFT) & ~_own_manuscripts(standing.user_id)
    if standing.is_superuser:
        return not_own
    managed = Q(journal_id__in=standing.managed_journals)
    if standing.person_id is not None and standing.section_journals:
        managed |= Q(journal_id__in=standing.section_journals, handling_editor_id=standing.person_id)
    return managed & not_own


def submissions_managed_by(user) -> QuerySet[Submission]:
    standing = standing_of(user)
    if not standing.is_editor:
        return Submission.objects.none()
    return Submission.objects.filter(_managed_condition(standing))


def submissions_visible_to(user) -> QuerySet[Submission]:
    """The author's own submissions and those the user edits."""
    if user is None or not user.is_authenticated:
        return Submission.objects.none()
    standing = standing_of(user)
    condition = Q(submitter_id=user.pk)
    if standing.is_editor:
        condition |= _managed_condition(standing)
    return Submission.objects.filter(condition)


# --- Production: editors, the assigned copyeditor, the journal's typesetters, the author -------------


def _person_id(user) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    person = getattr(user, "person", None)
    return person.pk if person is not None else None


def holds_role(user, journal_id: int, kind: str) -> bool:
    person_id = _person_id(user)
    return person_id is not None and Role.objects.filter(person_id=person_id, journal_id=journal_id, kind=kind).exists()


def is_copyeditor_of(user, submission: Submission) -> bool:
    person_id = _person_id(user)
    return (
        person_id is not None
        and holds_role(user, submission.journal_id, Role.Kind.COPYEDITOR)
        # Through the related name, so permissions knows no production model.
        and submission.copyedits.filter(copyeditor_id=person_id).exists()
        and not is_own_manuscript(user, submission)
    )


def is_typesetter_for(user, submission: Submission) -> bool:
    return (
        submission.state in PRODUCTION_STATES
        and holds_role(user, submission.journal_id, Role.Kind.TYPESETTER)
        and not is_own_manuscript(user, submission)
    )


def can_take_part(user, submission: Submission) -> bool:
    """May open the production page of this submission (the author as author, to review and proofread)."""
    if submission.state not in PRODUCTION_STATES:
        return False
    return can_view(user, submission) or is_copyeditor_of(user, submission) or is_typesetter_for(user, submission)


def can_edit_production(user, submission: Submission) -> bool:
    """The editor's production controls (copyeditor, galleys, record, publication)."""
    return submission.state in PRODUCTION_STATES and can_manage(user, submission)


def ensure_can_typeset(user, submission: Submission) -> None:
    if not (can_manage(user, submission) or is_typesetter_for(user, submission)):
        raise PermissionDenied("Only the journal's typesetters and this submission's editors can upload galleys.")


def production_submissions_for(user) -> QuerySet[Submission]:
    """Accepted and later submissions the user edits, wrote, copyedits or typesets."""
    person_id = _person_id(user)
    if person_id is None:
        return submissions_visible_to(user).filter(state__in=PRODUCTION_STATES)
    typeset_journals = Role.objects.filter(person_id=person_id, kind=Role.Kind.TYPESETTER).values("journal_id")
    copyedit_journals = Role.objects.filter(person_id=person_id, kind=Role.Kind.COPYEDITOR).values("journal_id")
    condition = (
        Q(pk__in=submissions_visible_to(user).values("pk"))
        | Q(journal_id__in=typeset_journals)
        | Q(journal_id__in=copyedit_journals, copyedits__copyeditor_id=person_id)
    )
    return Submission.objects.filter(condition, state__in=PRODUCTION_STATES).distinct()


# --- DOI deposits: the journal's managing editors, never for their own article -----------------------


def can_manage_deposits(user, journal_id: int, *, submission_ids: list[int] | tuple[int, ...] = ()) -> bool:
    """See and trigger the journal's deposits; ``submission_ids`` are those of the articles deposited,
    none of which may be the user's own."""
    if not manages_journal(user, journal_id):
        return False
    return not Submission.objects.filter(_own_manuscripts(user.pk), pk__in=list(submission_ids)).exists()


def ensure_can_deposit(user, journal_id: int, *, submission_ids: list[int] | tuple[int, ...] = ()) -> None:
    if not can_manage_deposits(user, journal_id, submission_ids=submission_ids):
        raise PermissionDenied(
            "Only a managing editor of this journal can deposit its DOIs, and not for an article of their own."
        )


def deposit_submissions_for(user) -> QuerySet[Submission]:
    """The submissions whose DOI registrations the user may see: the journals they manage, not their own."""
    standing = standing_of(user)
    if not standing.managed_journals and not standing.is_superuser:
        return Submission.objects.none()
    condition = ~_own_manuscripts(standing.user_id)
    if not standing.is_superuser:
        condition &= Q(journal_id__in=standing.managed_journals)
    return Submission.objects.filter(condition)


# --- Reference checks: the journal's editors run them, the author reads them ------------------------


def can_manage_reference_checks(user, submission: Submission) -> bool:
    """Run checks and apply suggestions: the journal's managing and section editors, not on their own
    manuscript (as author they read the report)."""
    if user is None or not user.is_authenticated or is_author_of(user, submission):
        return False
    return edits_journal(user, submission.journal_id) and not is_own_manuscript(user, submission)


def can_view_reference_checks(user, submission: Submission) -> bool:
    """Read reports: whoever may run them, and the author who submitted."""
    return is_author_of(user, submission) or can_manage_reference_checks(user, submission)


def reference_check_submissions_for(user) -> QuerySet[Submission]:
    """The submissions whose checks the user may read: the journals they edit (not their own), and
    the ones they submitted."""
    if user is None or not user.is_authenticated:
        return Submission.objects.none()
    standing = standing_of(user)
    condition = Q(submitter_id=user.pk)
    if standing.is_superuser:
        condition |= ~_own_manuscripts(user.pk)
    elif standing.is_editor:
        edited = standing.managed_journals | standing.section_journals
        condition |= Q(journal_id__in=edited) & ~_own_manuscripts(user.pk)
    return Submission.objects.filter(condition)


# --- Importing published articles (JATS, Crossref) ---------------------------------------------------


def ensure_can_import(user, journal: Journal, *, submission: Submission | None = None) -> None:
    """Managing editors of the journal import into it; ``submission`` is the one an import would
    update, which may not be the user's own. ``user`` None is a management command: the site's operator."""
    if user is None:
        return
    if manages_journal(user, journal.pk) and not (submission is not None and is_own_manuscript(user, submission)):
        return
    raise PermissionDenied(
        f"Only a managing editor of {journal.title} can import articles into it, and not over an article of their own."
    )
