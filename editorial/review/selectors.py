"""What the pages and the API read about reviews, each in a fixed number of queries.

The first four functions are the interface the editorial workflow uses (dashboard queues, the
decision letter): each condition is a ``Q`` on ``Submission`` over the current round's
assignments. The rest serve the reviewer's pages, the editor's review panel, the author's page
and the reviewer picker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from editorial.journals.models import Person, Role
from editorial.review.models import BlindMode, Review, ReviewAssignment, ReviewQuestion
from editorial.submissions.models import Contributor, Decision, ManuscriptFile, Revision, Submission

A = ReviewAssignment.State
LIVE = (A.INVITED, A.ACCEPTED, A.SUBMITTED)


def _current_round_assignments(**conditions) -> Exists:
    same_round = {"submission": OuterRef("pk"), "round__number": OuterRef("current_round")}
    return Exists(ReviewAssignment.objects.filter(**same_round, **conditions))


def has_reviewers() -> Q:
    """Submissions with at least one reviewer invited, at work or done in the current round."""
    return Q(_current_round_assignments(state__in=LIVE))


def has_overdue_review(*, today: date) -> Q:
    """Submissions with an accepted review past its due date."""
    return Q(_current_round_assignments(state=A.ACCEPTED, due_date__lt=today))


def reviews_complete() -> Q:
    """Submissions whose reviewers have all reported, waiting for the editor's decision."""
    return Q(_current_round_assignments(state=A.SUBMITTED)) & ~Q(
        _current_round_assignments(state__in=(A.INVITED, A.ACCEPTED))
    )


def reviewer_comments_for_author(submission: Submission) -> list[str]:
    """The reviewers' comments meant for the author, in reviewer order, for the decision letter."""
    return list(
        Review.objects.filter(
            assignment__submission=submission,
            assignment__round__number=submission.current_round,
            state=Review.State.SUBMITTED,
        )
        .exclude(comments_to_author="")
        .order_by("assignment__invited_at", "assignment__pk")
        .values_list("comments_to_author", flat=True)
    )


# --- Blind mode -----------------------------------------------------------------------------------------


def blind_mode_of(submission: Submission) -> str:
    from editorial.review.services.reviews import blind_mode_for

    return blind_mode_for(submission)


# --- The reviewer ----------------------------------------------------------------------------------------


def reviewer_assignments(user) -> QuerySet[ReviewAssignment]:
    """Every invitation the user has had that is still theirs to see (not cancelled)."""
    if user is None or not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer__user_id=user.pk)
        .exclude(state=A.CANCELLED)
        .select_related("submission__journal", "round", "review")
        .order_by("due_date", "pk")
    )


@dataclass
class ReviewerDashboard:
    pending: list[ReviewAssignment]
    in_progress: list[ReviewAssignment]
    completed: list[ReviewAssignment]
    declined: list[ReviewAssignment]


def reviewer_dashboard(user) -> ReviewerDashboard:
    board = ReviewerDashboard([], [], [], [])
    buckets = {A.INVITED: board.pending, A.ACCEPTED: board.in_progress, A.SUBMITTED: board.completed}
    for assignment in reviewer_assignments(user):
        buckets.get(assignment.state, board.declined).append(assignment)
    return board


def reviewer_assignment(*, user, assignment_id: int) -> ReviewAssignment:
    """The reviewer's own assignment with what the review page shows; anyone else's is a 404."""
    return get_object_or_404(
        reviewer_assignments(user).select_related("submission__section", "reviewer"),
        pk=assignment_id,
    )


REVIEWER_FILE_KINDS = [ManuscriptFile.Kind.MANUSCRIPT, ManuscriptFile.Kind.SUPPLEMENT, ManuscriptFile.Kind.RESPONSE]


def files_for_reviewer(assignment: ReviewAssignment) -> list[ManuscriptFile]:
    """The manuscript and supplements up to the assignment's round (cover letters may name the authors)."""
    return list(
        ManuscriptFile.objects.filter(
            submission_id=assignment.submission_id,
            round__lte=assignment.round.number,
            kind__in=REVIEWER_FILE_KINDS,
        ).order_by("-round", "kind", "-version")
    )


def files_reviewers_receive(submission: Submission) -> list[ManuscriptFile]:
    """Every file reviewers of the submission can download, for the editors' anonymised-copy list."""
    return list(
        ManuscriptFile.objects.filter(submission_id=submission.pk, kind__in=REVIEWER_FILE_KINDS).order_by(
            "-round", "kind", "-version"
        )
    )


def earlier_reviews_of(assignment: ReviewAssignment) -> list[ReviewAssignment]:
    """The reviewer's own reports on earlier rounds of the same submission."""
    return list(
        ReviewAssignment.objects.filter(
            submission_id=assignment.submission_id,
            reviewer_id=assignment.reviewer_id,
            state=A.SUBMITTED,
            round__number__lt=assignment.round.number,
        )
        .select_related("round", "review")
        .order_by("round__number")
    )


def author_responses_for(assignment: ReviewAssignment) -> list[Revision]:
    return list(
        Revision.objects.filter(submission_id=assignment.submission_id, round__lte=assignment.round.number).order_by(
            "round"
        )
    )


def questions_for(journal_id: int) -> list[ReviewQuestion]:
    return list(ReviewQuestion.objects.filter(journal_id=journal_id, is_active=True).order_by("position", "pk"))


# --- The editor's panel ------------------------------------------------------------------------------------


@dataclass
class Candidate:
    person: Person
    open_reviews: int
    invitations: int
    responded: int
    average_days: float | None
    conflicts: list[str] = field(default_factory=list)

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.responded / self.invitations) if self.invitations else None


def review_assignments_for_editor(submission: Submission) -> list[ReviewAssignment]:
    return list(
        ReviewAssignment.objects.filter(submission=submission)
        .select_related("reviewer", "round", "review", "review__rated_by")
        .order_by("-round__number", "invited_at", "pk")
    )


def reviewer_candidates(submission: Submission, *, query: str = "", limit: int = 20) -> list[Candidate]:
    """The journal's reviewer pool, optionally searched by name, e-mail, affiliation or expertise, with
    each person's load, response rate and average days to report, and any conflict with this manuscript."""
    pool = Person.objects.filter(roles__journal_id=submission.journal_id, roles__kind=Role.Kind.REVIEWER)
    if query:
        pool = pool.filter(
            Q(family_name__icontains=query)
            | Q(given_names__icontains=query)
            | Q(email__icontains=query)
            | Q(affiliation__icontains=query)
            | Q(expertise__icontains=query)
        )
    people = list(
        pool.distinct()
        .annotate(
            open_reviews=Count("review_assignments", filter=Q(review_assignments__state__in=(A.INVITED, A.ACCEPTED))),
            invitations=Count("review_assignments", filter=~Q(review_assignments__state=A.CANCELLED)),
            responded=Count(
                "review_assignments", filter=Q(review_assignments__state__in=(A.ACCEPTED, A.DECLINED, A.SUBMITTED))
            ),
        )
        .order_by("open_reviews", "family_name", "given_names")[:limit]
    )
    durations: dict[int, list[float]] = defaultdict(list)
    for person_id, invited, completed in ReviewAssignment.objects.filter(
        reviewer__in=[p.pk for p in people], state=A.SUBMITTED
    ).values_list("reviewer_id", "invited_at", "completed_at"):
        if completed:
            durations[person_id].append((completed - invited).total_seconds() / 86400)
    contributors = list(
        Contributor.objects.filter(submission=submission).prefetch_related("affiliations").order_by("position")
    )
    return [
        Candidate(
            person=person,
            open_reviews=person.open_reviews,
            invitations=person.invitations,
            responded=person.responded,
            average_days=round(sum(durations[person.pk]) / len(durations[person.pk]), 1)
            if durations[person.pk]
            else None,
            conflicts=conflicts_with(submission, person, contributors),
        )
        for person in people
    ]


def conflicts_with(submission: Submission, person: Person, contributors: list[Contributor]) -> list[str]:
    """Possible conflicts of interest, in the editor's words."""
    flags = []
    email = person.email.lower()
    if (person.user_id and person.user_id == submission.submitter_id) or any(
        (c.person_id and c.person_id == person.pk) or (c.email and c.email.lower() == email) for c in contributors
    ):
        flags.append("A contributor of this manuscript")
    own = person.affiliation.strip().lower()
    if own and any(own == a.institution.strip().lower() for c in contributors for a in c.affiliations.all()):
        flags.append("Same affiliation as an author")
    return flags


# --- The author --------------------------------------------------------------------------------------------


@dataclass
class AuthorReview:
    round: int
    label: str
    comments: str


def reviews_for_author(submission: Submission) -> list[AuthorReview]:
    """Comments to the author of the rounds with a decision; never the confidential comments, and the
    reviewer's name only in open review."""
    decided_rounds = set(Decision.objects.filter(submission=submission).values_list("round", flat=True))
    if not decided_rounds:
        return []
    reviews = (
        Review.objects.filter(
            assignment__submission=submission,
            assignment__round__number__in=decided_rounds,
            state=Review.State.SUBMITTED,
        )
        .exclude(comments_to_author="")
        .select_related("assignment__reviewer", "assignment__round")
        .order_by("assignment__round__number", "assignment__invited_at", "assignment__pk")
    )
    is_open = blind_mode_of(submission) == BlindMode.OPEN
    result, numbers = [], defaultdict(int)
    for review in reviews:
        number = review.assignment.round.number
        numbers[number] += 1
        label = review.assignment.reviewer.full_name if is_open else f"Reviewer {numbers[number]}"
        result.append(AuthorReview(round=number, label=label, comments=review.comments_to_author))
    return result
