"""Who may see and do what with a submission: the one place the rules live.

Services call the ``ensure_*`` functions (PermissionDenied), querysets are scoped with
``submissions_visible_to`` and ``submissions_managed_by``, so the HTML pages, the API and the
admin agree. A user's editorial roles are read once per request (one query) and kept on the user.

The rules, per journal: a managing editor sees and acts on every submitted manuscript of the
journal; a section editor, on those assigned to them as handling editor; an author, on their
own submissions. Drafts are the author's alone. Nobody edits a manuscript they submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Role, Submission
from .workflow import State

EDITOR_KINDS = (Role.Kind.MANAGING_EDITOR, Role.Kind.SECTION_EDITOR)
_CACHE_ATTRIBUTE = "_editorial_standing"


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
    """After roles change within a request (tests, admin actions)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


# --- Questions -----------------------------------------------------------------------------------


def is_author_of(user, submission: Submission) -> bool:
    return user is not None and user.is_authenticated and submission.submitter_id == user.pk


def can_manage(user, submission: Submission) -> bool:
    """May act as this submission's editor: screen, decide, write notes, see the editorial page."""
    if submission.state == State.DRAFT or is_author_of(user, submission):
        return False
    standing = standing_of(user)
    if standing.manages_journal(submission.journal_id):
        return True
    return (
        submission.journal_id in standing.section_journals
        and standing.person_id is not None
        and submission.handling_editor_id == standing.person_id
    )


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


def ensure_can_view(user, submission: Submission) -> None:
    if not can_view(user, submission):
        raise PermissionDenied("You do not have access to this submission.")


# --- Querysets ------------------------------------------------------------------------------------


def _managed_condition(standing: Standing) -> Q:
    if standing.is_superuser:
        return ~Q(state=State.DRAFT) & ~Q(submitter_id=standing.user_id)
    managed = Q(journal_id__in=standing.managed_journals)
    if standing.person_id is not None and standing.section_journals:
        managed |= Q(journal_id__in=standing.section_journals, handling_editor_id=standing.person_id)
    return managed & ~Q(state=State.DRAFT) & ~Q(submitter_id=standing.user_id)


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


def editors_of_journal(journal_id: int) -> QuerySet[Role]:
    """Roles of the people who can handle the journal's submissions, for the assignment list."""
    return Role.objects.filter(journal_id=journal_id, kind__in=EDITOR_KINDS).select_related("person")
