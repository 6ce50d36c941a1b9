"""The editor's dashboard: queues with counts, filters, search, sorting and pages.

Whatever the number of submissions, a page costs the same few queries: one for the counts of
every queue (conditional aggregation), one to count the filtered list, one for the page, one
for the page's authors, and one each for the section and editor choices.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from editorial import permissions
from editorial.journals.models import Person, Section
from editorial.query_params import parse_id
from editorial.review import selectors as reviews
from editorial.submissions.models import Contributor, Submission
from editorial.workflow import State

PAGE_SIZE = 25


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    description: str
    condition: Callable[[date], Q]


QUEUES = (
    Queue("new", "New", "Submitted and waiting to be screened.", lambda today: Q(state=State.SUBMITTED)),
    Queue(
        "needs_reviewers",
        "Needs reviewers",
        "Sent to review, with no reviewer yet.",
        lambda today: Q(state=State.UNDER_REVIEW) & ~reviews.has_reviewers(),
    ),
    Queue(
        "reviews_overdue",
        "Reviews overdue",
        "Under review, with a review past its due date.",
        lambda today: Q(state=State.UNDER_REVIEW) & reviews.has_overdue_review(today=today),
    ),
    Queue(
        "awaiting_decision",
        "Awaiting decision",
        "Reviews complete, or a revision received: the editor decides.",
        lambda today: Q(state=State.RESUBMITTED) | (Q(state=State.UNDER_REVIEW) & reviews.reviews_complete()),
    ),
    Queue(
        "revisions_due",
        "Revisions due",
        "Waiting for the authors' revision.",
        lambda today: Q(state=State.REVISION_REQUESTED),
    ),
    Queue(
        "in_production",
        "In production",
        "Accepted, being prepared for publication.",
        lambda today: Q(state__in=[State.ACCEPTED, State.IN_PRODUCTION, State.SCHEDULED]),
    ),
)
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}

SORTS = {
    "longest": ("Longest in current state first", ["state_changed_at", "pk"]),
    "shortest": ("Shortest in current state first", ["-state_changed_at", "-pk"]),
    "newest": ("Newest submissions first", ["-submitted_at", "-pk"]),
    "id": ("By number", ["pk"]),
}
DEFAULT_SORT = "longest"
_ID_QUERY = re.compile(r"^#?\s*(\d{1,12})$")


@dataclass(frozen=True)
class Filters:
    queue: str = ""
    section: int | None = None
    editor: str = ""  # a person id, "none" (unassigned) or "" (any)
    state: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, params) -> Filters:
        section = parse_id(params.get("section"))
        editor_id = parse_id(params.get("editor"))
        editor = "none" if params.get("editor") == "none" else ("" if editor_id is None else str(editor_id))
        sort = params.get("sort", DEFAULT_SORT)
        return cls(
            queue=params.get("queue", "") if params.get("queue", "") in QUEUES_BY_SLUG else "",
            section=section,
            editor=editor,
            state=params.get("state", "") if params.get("state", "") in State.values else "",
            q=params.get("q", "").strip()[:200],
            sort=sort if sort in SORTS else DEFAULT_SORT,
        )


@dataclass
class Dashboard:
    counts: list[tuple[Queue, int]]
    page: Page
    sections: list[Section]
    editors: list[Person]
    filters: Filters


def queue_counts(submissions: QuerySet[Submission], *, today: date) -> dict[str, int]:
    """Every queue's count in one query."""
    return submissions.aggregate(**{queue.slug: Count("pk", filter=queue.condition(today)) for queue in QUEUES})


def filtered(submissions: QuerySet[Submission], filters: Filters, *, today: date) -> QuerySet[Submission]:
    if filters.queue:
        submissions = submissions.filter(QUEUES_BY_SLUG[filters.queue].condition(today))
    if filters.section is not None:
        submissions = submissions.filter(section_id=filters.section)
    if filters.editor == "none":
        submissions = submissions.filter(handling_editor__isnull=True)
    elif filters.editor:
        submissions = submissions.filter(handling_editor_id=int(filters.editor))
    if filters.state:
        submissions = submissions.filter(state=filters.state)
    if filters.q:
        submissions = submissions.filter(_search(filters.q))
    return submissions.order_by(*SORTS[filters.sort][1])


def _search(text: str) -> Q:
    """By number ("42" or "#42"), by words of the title, or by an author's name."""
    by_author = Exists(
        Contributor.objects.filter(submission=OuterRef("pk")).filter(
            Q(family_name__icontains=text) | Q(given_names__icontains=text) | Q(family_name_en__icontains=text)
        )
    )
    condition = Q(title__icontains=text) | Q(title_en__icontains=text) | Q(by_author)
    number = _ID_QUERY.match(text)
    if number:
        condition |= Q(pk=int(number[1]))
    return condition


def editor_dashboard(user, filters: Filters, *, page_number: str | int | None = 1) -> Dashboard:
    today = timezone.localdate()
    scope = permissions.submissions_managed_by(user)
    counts = queue_counts(scope, today=today)
    listing = filtered(scope, filters, today=today).select_related("journal", "section", "handling_editor")
    listing = listing.prefetch_related(Prefetch("contributors", queryset=Contributor.objects.order_by("position")))
    page = Paginator(listing, PAGE_SIZE).get_page(page_number)
    standing = permissions.standing_of(user)
    journals = Q() if standing.is_superuser else Q(journal_id__in=standing.managed_journals | standing.section_journals)
    sections = list(Section.objects.filter(journals).select_related("journal").order_by("journal__title", "position"))
    editors = list(
        Person.objects.filter(roles__kind__in=permissions.EDITOR_KINDS)
        .filter(
            Q()
            if standing.is_superuser
            else Q(roles__journal_id__in=standing.managed_journals | standing.section_journals)
        )
        .distinct()
        .order_by("family_name", "given_names")
    )
    return Dashboard(
        counts=[(queue, counts[queue.slug]) for queue in QUEUES],
        page=page,
        sections=sections,
        editors=editors,
        filters=filters,
    )
