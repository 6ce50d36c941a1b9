"""Submissions as authors and editors see them, each page in a fixed number of queries."""

from __future__ import annotations

from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from editorial import permissions
from editorial.journals.models import Person
from editorial.submissions.models import (
    Affiliation,
    Contributor,
    Decision,
    Event,
    ManuscriptFile,
    Revision,
    Submission,
)

# What authors see of the timeline: the moves, not the editors' notes or the mail log.
AUTHOR_VISIBLE_ACTIONS = (Event.Action.CREATED, Event.Action.TRANSITION, Event.Action.FILE_UPLOADED)
FILE_ORDER = ("round", "kind", "version")


def _contributors() -> Prefetch:
    return Prefetch(
        "contributors",
        queryset=Contributor.objects.order_by("position").prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.order_by("position"))
        ),
    )


def _decisions() -> Prefetch:
    return Prefetch("decisions", queryset=Decision.objects.select_related("decided_by").order_by("decided_at", "pk"))


def _files() -> Prefetch:
    return Prefetch("files", queryset=ManuscriptFile.objects.order_by(*FILE_ORDER))


def author_submissions(user) -> QuerySet[Submission]:
    """The author's own submissions, newest first, with their decisions."""
    return (
        Submission.objects.filter(submitter_id=user.pk)
        .select_related("journal", "section")
        .prefetch_related(_decisions())
        .order_by("-created_at", "-pk")
    )


def author_submission(*, submission_id: int, user) -> Submission:
    return get_object_or_404(
        Submission.objects.filter(submitter_id=user.pk)
        .select_related("journal", "section")
        .prefetch_related(
            _contributors(),
            _files(),
            _decisions(),
            Prefetch("revisions", queryset=Revision.objects.order_by("round")),
            Prefetch(
                "events",
                queryset=Event.objects.filter(action__in=AUTHOR_VISIBLE_ACTIONS).order_by("created_at", "pk"),
                to_attr="author_events",
            ),
        ),
        pk=submission_id,
    )


def editor_submission(*, submission_id: int, user) -> Submission:
    """Everything the editor's submission page shows; 404 for a submission the user does not edit."""
    return get_object_or_404(
        permissions.submissions_managed_by(user)
        .select_related("journal", "section", "handling_editor", "submitter")
        .prefetch_related(
            _contributors(),
            Prefetch(
                "files",
                queryset=ManuscriptFile.objects.select_related("uploaded_by").order_by("round", "kind", "version"),
            ),
            _decisions(),
            Prefetch("revisions", queryset=Revision.objects.order_by("round")),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("created_at", "pk")),
            "emails",
        ),
        pk=submission_id,
    )


def files_by_round(submission: Submission) -> list[tuple[int, list[ManuscriptFile]]]:
    """[(round, files)], newest round first, from the prefetched files."""
    files = sorted(submission.files.all(), key=lambda f: (f.round, f.kind, f.version))
    grouped = [(number, list(group)) for number, group in groupby(files, key=lambda f: f.round)]
    return grouped[::-1]


def editor_choices(submission: Submission) -> QuerySet[Person]:
    """Who may handle the submission: the journal's editors, never its submitter."""
    return (
        Person.objects.filter(roles__journal_id=submission.journal_id, roles__kind__in=permissions.EDITOR_KINDS)
        .exclude(user_id=submission.submitter_id)
        .distinct()
        .order_by("family_name", "given_names")
    )
