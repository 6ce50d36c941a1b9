"""Peer review, every write: invite, respond (also through signed one-click links), cancel, extend,
reassign, re-invite the previous round's reviewers, draft and submit a review, rate it, remind.

Each function takes the acting user, checks permission, runs in one transaction holding the row
locks, records an ``Event`` (action "review") on the submission, and queues its e-mail as rows
sent after commit. The e-mails to reviewers never name the authors, whatever the blind mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from editorial import permissions
from editorial.errors import DomainError, WrongState
from editorial.journals.models import Person, Role
from editorial.review.models import (
    BlindMode,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewPolicy,
    ReviewQuestion,
    ReviewReminder,
    ReviewRound,
    SubmissionBlindMode,
)
from editorial.submissions.models import Contributor, Event, Submission
from editorial.submissions.services.common import lock_submission, record_event
from editorial.submissions.services.emails import queue_rendered
from editorial.submissions.services.files import validate_upload
from editorial.workflow import State

A = ReviewAssignment.State
LIVE = (A.INVITED, A.ACCEPTED, A.SUBMITTED)
SIGNING_SALT = "editorial.review-invitation"
ACCEPT, DECLINE = "accept", "decline"
# Days after the due date at which the "a week overdue" reminder goes.
LONG_OVERDUE_DAYS = 7
# Longest answer to a journal question and longest "someone we could ask instead"; longer text is refused.
ANSWER_LIMIT = 5000
SUGGESTION_LIMIT = 300


class InvitationLinkInvalid(DomainError):
    """The link was not made by this site, was altered, or is for another action."""


class InvitationLinkExpired(DomainError):
    """The link is genuine but older than REVIEW_LINK_MAX_AGE."""


# --- Policy -------------------------------------------------------------------------------------------


def policy_for(journal_id: int) -> ReviewPolicy:
    """The journal's policy; a journal that never set one reviews double-blind, 21 days."""
    return ReviewPolicy.objects.filter(journal_id=journal_id).first() or ReviewPolicy(journal_id=journal_id)


def blind_mode_for(submission: Submission) -> str:
    """The submission's own blind mode if the editor set one, else the journal's."""
    override = SubmissionBlindMode.objects.filter(submission_id=submission.pk).values_list("blind_mode", flat=True)
    return override.first() or policy_for(submission.journal_id).blind_mode


@transaction.atomic
def set_blind_mode(*, user, submission_id: int, blind_mode: str | None) -> Submission:
    """Override the journal's blind mode for one submission (``None``: back to the journal's)."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    if blind_mode is None:
        SubmissionBlindMode.objects.filter(submission=submission).delete()
    elif blind_mode not in BlindMode.values:
        raise ValidationError({"blind_mode": f"Choose one of {', '.join(BlindMode.values)}."})
    else:
        SubmissionBlindMode.objects.update_or_create(submission=submission, defaults={"blind_mode": blind_mode})
    record_event(submission, actor=user, action=Event.Action.REVIEW, note=f"Blind mode: {blind_mode or 'journal'}")
    return submission


# --- Signed one-click links ------------------------------------------------------------------------------


def invitation_token(assignment_id: int, action: str) -> str:
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(f"{assignment_id}:{action}")


def invitation_url(assignment_id: int, action: str) -> str:
    path = reverse(f"review-invitation-{action}", args=[invitation_token(assignment_id, action)])
    return settings.SITE_URL.rstrip("/") + path


def assignment_id_from_token(token: str, action: str) -> int:
    """The assignment the link is for; a tampered, expired or other-action link is refused."""
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token, max_age=settings.REVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvitationLinkExpired(
            "This invitation link has expired. Ask the editor to send it again, or sign in to answer."
        ) from exc
    except signing.BadSignature as exc:
        raise InvitationLinkInvalid("This invitation link is not valid (it may have been cut or altered).") from exc
    number, _, for_action = value.partition(":")
    if for_action != action or not number.isdigit():
        raise InvitationLinkInvalid("This invitation link is not valid for this answer.")
    return int(number)


# --- Invitations (the editor) ------------------------------------------------------------------------------


def _ensure_reviewing(submission: Submission) -> None:
    if submission.state != State.UNDER_REVIEW:
        raise WrongState(
            f"Reviewers are invited while a submission is under review; this one is "
            f"{submission.get_state_display().lower()}.",
            current=submission.state,
        )


def _current_round(submission: Submission) -> ReviewRound:
    review_round, _ = ReviewRound.objects.get_or_create(submission=submission, number=submission.current_round)
    return review_round


def _default_due(journal_id: int, due_date: date | None) -> date:
    due = due_date or timezone.localdate() + timedelta(days=policy_for(journal_id).review_days)
    if due <= timezone.localdate():
        raise ValidationError({"due_date": "The review must be due after today."})
    return due


def contributor_conflict(submission: Submission, person: Person) -> str:
    """Why this person may not review this manuscript, or ''."""
    if person.user_id is not None and person.user_id == submission.submitter_id:
        return "is the author who submitted this manuscript"
    contributors = Contributor.objects.filter(submission=submission)
    if contributors.filter(Q(person=person) | Q(email__iexact=person.email)).exclude(email="", person=None).exists():
        return "is a contributor of this manuscript"
    return ""


def _person_for_invitation(*, person_id: int | None, email: str, given_names: str, family_name: str) -> Person:
    if person_id is not None:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise ValidationError({"reviewer": "There is no such person."})
        return person
    email = (email or "").strip().lower()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Give the reviewer's e-mail address."]
    if not family_name.strip():
        errors["family_name"] = ["Give the reviewer's family name."]
    if errors:
        raise ValidationError(errors)
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        person = Person.objects.create(email=email, given_names=given_names.strip(), family_name=family_name.strip())
    return person


def _check_invitable(submission: Submission, review_round: ReviewRound, person: Person) -> None:
    conflict = contributor_conflict(submission, person)
    if conflict:
        raise ValidationError({"reviewer": f"{person.full_name} {conflict} and cannot review it."})
    if review_round.assignments.filter(reviewer=person, state__in=[A.INVITED, A.ACCEPTED, A.SUBMITTED]).exists():
        raise ValidationError({"reviewer": f"{person.full_name} is already reviewing in this round."})


@transaction.atomic
def invite_reviewer(
    *,
    user,
    submission_id: int,
    person_id: int | None = None,
    email: str = "",
    given_names: str = "",
    family_name: str = "",
    due_date: date | None = None,
    previous: ReviewAssignment | None = None,
) -> ReviewAssignment:
    """Invite someone from the pool (``person_id``) or a new person by e-mail."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    _ensure_reviewing(submission)
    due = _default_due(submission.journal_id, due_date)
    person = _person_for_invitation(person_id=person_id, email=email, given_names=given_names, family_name=family_name)
    review_round = _current_round(submission)
    _check_invitable(submission, review_round, person)
    Role.objects.get_or_create(person=person, journal_id=submission.journal_id, kind=Role.Kind.REVIEWER)
    assignment = ReviewAssignment.objects.create(
        round=review_round, submission=submission, reviewer=person, due_date=due, invited_by=user, previous=previous
    )
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Reviewer invited: {person.full_name} (round {review_round.number}, due {due.isoformat()})",
        data={"assignment_id": assignment.pk, "person_id": person.pk},
    )
    _mail(assignment, "review_invitation", accept_url=invitation_url(assignment.pk, ACCEPT))
    return assignment


@transaction.atomic
def reinvite_previous_reviewers(*, user, submission_id: int, due_date: date | None = None) -> list[ReviewAssignment]:
    """One click when a revision opens a round: everyone who reported in the last round is asked again."""
    submission = lock_submission(submission_id)
    permissions.ensure_can_manage(user, submission)
    _ensure_reviewing(submission)
    earlier = (
        ReviewAssignment.objects.filter(
            submission=submission, state=A.SUBMITTED, round__number__lt=submission.current_round
        )
        .select_related("round", "reviewer")
        .order_by("-round__number", "pk")
    )
    latest_round = earlier[0].round.number if earlier else None
    already = set(
        ReviewAssignment.objects.filter(
            submission=submission, round__number=submission.current_round, state__in=LIVE
        ).values_list("reviewer_id", flat=True)
    )
    invited = []
    for previous in earlier:
        if previous.round.number != latest_round or previous.reviewer_id in already:
            continue
        invited.append(
            invite_reviewer(
                user=user,
                submission_id=submission.pk,
                person_id=previous.reviewer_id,
                due_date=due_date,
                previous=previous,
            )
        )
    if not invited:
        raise ValidationError({"reviewer": "No reviewer of the previous round is left to invite again."})
    return invited


def _lock_assignment(assignment_id: int) -> tuple[ReviewAssignment, Submission]:
    assignment = get_object_or_404(ReviewAssignment.objects.only("submission_id"), pk=assignment_id)
    submission = lock_submission(assignment.submission_id)
    assignment = ReviewAssignment.objects.select_for_update().select_related("reviewer", "round").get(pk=assignment_id)
    return assignment, submission


def _ensure_state(assignment: ReviewAssignment, allowed: tuple[str, ...], doing: str) -> None:
    if assignment.state not in allowed:
        raise WrongState(
            f"This invitation is {assignment.get_state_display().lower()}, so it can no longer be {doing}.",
            current=assignment.state,
        )


@transaction.atomic
def cancel_assignment(*, user, assignment_id: int, reason: str = "") -> ReviewAssignment:
    assignment, submission = _lock_assignment(assignment_id)
    permissions.ensure_can_manage(user, submission)
    _ensure_state(assignment, (A.INVITED, A.ACCEPTED), "cancelled")
    assignment.state = A.CANCELLED
    assignment.cancelled_at = timezone.now()
    assignment.save(update_fields=["state", "cancelled_at"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Review cancelled: {assignment.reviewer.full_name}" + (f" ({reason.strip()})" if reason.strip() else ""),
        data={"assignment_id": assignment.pk},
    )
    _mail(assignment, "review_cancelled")
    return assignment


@transaction.atomic
def extend_due_date(*, user, assignment_id: int, due_date: date) -> ReviewAssignment:
    assignment, submission = _lock_assignment(assignment_id)
    permissions.ensure_can_manage(user, submission)
    _ensure_state(assignment, (A.INVITED, A.ACCEPTED), "given a new due date")
    if due_date is None or due_date <= timezone.localdate():
        raise ValidationError({"due_date": "The review must be due after today."})
    previous = assignment.due_date
    assignment.due_date = due_date
    assignment.save(update_fields=["due_date"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Review by {assignment.reviewer.full_name} now due {due_date.isoformat()} (was {previous.isoformat()})",
        data={"assignment_id": assignment.pk},
    )
    _mail(assignment, "review_due_date")
    return assignment


@transaction.atomic
def reassign(
    *,
    user,
    assignment_id: int,
    person_id: int | None = None,
    email: str = "",
    given_names: str = "",
    family_name: str = "",
    due_date: date | None = None,
) -> ReviewAssignment:
    """Cancel one reviewer's assignment and invite another in their place, all or nothing."""
    cancelled = cancel_assignment(user=user, assignment_id=assignment_id, reason="reassigned")
    return invite_reviewer(
        user=user,
        submission_id=cancelled.submission_id,
        person_id=person_id,
        email=email,
        given_names=given_names,
        family_name=family_name,
        due_date=due_date,
    )


# --- Answers (the reviewer) ------------------------------------------------------------------------------


def _ensure_reviewer_or_token(user, assignment: ReviewAssignment, token: str | None, action: str) -> None:
    if token is not None:
        if assignment_id_from_token(token, action) != assignment.pk:
            raise InvitationLinkInvalid("This invitation link is not valid for this invitation.")
        return
    ensure_is_reviewer(user, assignment)


def ensure_is_reviewer(user, assignment: ReviewAssignment) -> None:
    reviewer_user = assignment.reviewer.user_id
    if user is None or not user.is_authenticated or reviewer_user is None or reviewer_user != user.pk:
        raise PermissionDenied("Only the invited reviewer can do this.")


def _account_for(person: Person):
    """The person's account, created when someone invited by e-mail accepts (no password until they set one)."""
    if person.user_id is not None:
        return person.user
    User = get_user_model()
    user = User.objects.filter(email__iexact=person.email).exclude(person__isnull=False).first()
    if user is None:
        username = person.email[:150]
        if User.objects.filter(username__iexact=username).exists():
            username = f"{person.email[:130]}-{person.pk}"
        user = User(username=username, email=person.email)
        user.first_name, user.last_name = person.given_names[:150], person.family_name[:150]
        user.set_unusable_password()
        user.save()
    person.user = user
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def accept_invitation(*, user, assignment_id: int, token: str | None = None) -> ReviewAssignment:
    """Accept as the signed-in reviewer, or through the invitation's signed link (``token``)."""
    assignment, submission = _lock_assignment(assignment_id)
    _ensure_reviewer_or_token(user, assignment, token, ACCEPT)
    if assignment.state == A.ACCEPTED:
        return assignment  # a second click on the link changes nothing
    _ensure_state(assignment, (A.INVITED,), "accepted")
    _account_for(assignment.reviewer)
    days = policy_for(submission.journal_id).review_days
    assignment.state = A.ACCEPTED
    assignment.responded_at = timezone.now()
    assignment.due_date = max(assignment.due_date, timezone.localdate() + timedelta(days=min(days, 7)))
    assignment.save(update_fields=["state", "responded_at", "due_date"])
    Review.objects.get_or_create(assignment=assignment)
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Invitation accepted: {assignment.reviewer.full_name}",
        data={"assignment_id": assignment.pk},
    )
    _mail(assignment, "review_accepted")
    _notify_editors(assignment, "review_response_notice", accepted=True)
    return assignment


@transaction.atomic
def decline_invitation(
    *, user, assignment_id: int, reason: str, suggested_alternative: str = "", token: str | None = None
) -> ReviewAssignment:
    assignment, submission = _lock_assignment(assignment_id)
    _ensure_reviewer_or_token(user, assignment, token, DECLINE)
    _ensure_state(assignment, (A.INVITED,), "declined")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Tell the editor briefly why you decline (e.g. no time, outside my field)."})
    assignment.state = A.DECLINED
    assignment.responded_at = timezone.now()
    assignment.decline_reason = reason.strip()
    suggested = (suggested_alternative or "").strip()
    if len(suggested) > SUGGESTION_LIMIT:
        raise ValidationError(
            {
                "suggested_alternative": f"Someone we could ask instead is {len(suggested)} characters; "
                f"the limit is {SUGGESTION_LIMIT}. Shorten it."
            }
        )
    assignment.suggested_alternative = suggested
    assignment.save(update_fields=["state", "responded_at", "decline_reason", "suggested_alternative"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Invitation declined: {assignment.reviewer.full_name}: {assignment.decline_reason}"
        + (f"; suggests {assignment.suggested_alternative}" if assignment.suggested_alternative else ""),
        data={"assignment_id": assignment.pk},
    )
    _notify_editors(assignment, "review_response_notice", accepted=False)
    return assignment


@dataclass
class ReviewInput:
    """What the review form or the API sends; ``None`` keeps what the draft has."""

    recommendation: str | None = None
    comments_to_author: str | None = None
    confidential_comments: str | None = None
    no_competing_interests: bool | None = None
    competing_interests: str | None = None
    answers: dict[str, Any] | None = None
    attachment: UploadedFile | None = None
    remove_attachment: bool = False


def _apply(review: Review, data: ReviewInput, questions: list[ReviewQuestion], errors: dict[str, list[str]]) -> None:
    if data.recommendation is not None:
        if data.recommendation and data.recommendation not in Recommendation.values:
            errors.setdefault("recommendation", []).append("Choose accept, minor or major revision, or reject.")
        review.recommendation = data.recommendation
    for name in ("comments_to_author", "confidential_comments", "competing_interests"):
        value = getattr(data, name)
        if value is not None:
            setattr(review, name, value.strip())
    if data.no_competing_interests is not None:
        review.no_competing_interests = bool(data.no_competing_interests)
    if data.answers is not None:
        review.answers = _clean_answers(data.answers, questions, errors)


def _clean_answers(answers: dict[str, Any], questions: list[ReviewQuestion], errors) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for question in questions:
        value = answers.get(str(question.pk), answers.get(question.pk, ""))
        if value in ("", None):
            continue
        key = f"question_{question.pk}"
        if question.kind == ReviewQuestion.Kind.SCALE:
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = 0
            if not 1 <= number <= question.scale_max:
                errors.setdefault(key, []).append(f"Choose a number from 1 to {question.scale_max}.")
                continue
            cleaned[str(question.pk)] = number
        elif question.kind == ReviewQuestion.Kind.YES_NO:
            if str(value).lower() not in ("yes", "no"):
                errors.setdefault(key, []).append("Answer yes or no.")
                continue
            cleaned[str(question.pk)] = str(value).lower()
        else:
            text = str(value).strip()
            if len(text) > ANSWER_LIMIT:
                # Refused, never cut: the reviewer keeps the whole text to shorten.
                errors.setdefault(key, []).append(
                    f"This answer is {len(text)} characters; the limit is {ANSWER_LIMIT}. Shorten it."
                )
                continue
            cleaned[str(question.pk)] = text
    return cleaned


def _completeness_errors(review: Review, questions: list[ReviewQuestion]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not review.recommendation:
        errors["recommendation"] = ["Choose your recommendation."]
    if not review.comments_to_author:
        errors["comments_to_author"] = ["Write your comments to the author."]
    if review.no_competing_interests and review.competing_interests:
        errors["competing_interests"] = ["You declared no competing interests and also wrote a statement: choose one."]
    elif not (review.no_competing_interests or review.competing_interests):
        errors["competing_interests"] = ["Declare your competing interests, or that there are none."]
    for question in questions:
        if question.required and str(question.pk) not in review.answers:
            errors[f"question_{question.pk}"] = ["Please answer this question."]
    return errors


def _journal_questions(journal_id: int) -> list[ReviewQuestion]:
    return list(ReviewQuestion.objects.filter(journal_id=journal_id, is_active=True).order_by("position", "pk"))


def _store_attachment(review: Review, upload: UploadedFile, stored: list[str], errors) -> None:
    try:
        document_type = validate_upload(upload)
    except ValidationError as exc:
        errors.setdefault("attachment", []).extend(exc.messages)
        return
    review.attachment.save(f"review{document_type.extension}", upload, save=False)
    review.attachment_type = document_type.content_type
    stored.append(review.attachment.name)


def _write_review(*, user, assignment_id: int, data: ReviewInput, submit: bool) -> Review:
    stored: list[str] = []
    try:
        with transaction.atomic():
            assignment, submission = _lock_assignment(assignment_id)
            ensure_is_reviewer(user, assignment)
            if assignment.state == A.SUBMITTED:
                raise WrongState("This review has been submitted; it can no longer be changed.", current=A.SUBMITTED)
            _ensure_state(assignment, (A.ACCEPTED,), "reviewed")
            review, _ = Review.objects.select_for_update().get_or_create(assignment=assignment)
            questions = _journal_questions(submission.journal_id)
            errors: dict[str, list[str]] = {}
            _apply(review, data, questions, errors)
            old_attachment = review.attachment.name if (data.attachment or data.remove_attachment) else ""
            if data.attachment is not None:
                _store_attachment(review, data.attachment, stored, errors)
            elif data.remove_attachment:
                review.attachment, review.attachment_type = None, ""
            if submit and not errors:
                errors.update(_completeness_errors(review, questions))
            if errors:
                raise ValidationError(errors)
            if submit:
                review.state = Review.State.SUBMITTED
                review.submitted_at = timezone.now()
                assignment.state = A.SUBMITTED
                assignment.completed_at = review.submitted_at
                assignment.save(update_fields=["state", "completed_at"])
            review.save()
            if old_attachment:
                transaction.on_commit(lambda: default_storage.delete(old_attachment))
            if submit:
                record_event(
                    submission,
                    actor=user,
                    action=Event.Action.REVIEW,
                    note=f"Review submitted: {assignment.reviewer.full_name} ({review.get_recommendation_display()})",
                    data={"assignment_id": assignment.pk},
                )
                _mail(assignment, "review_receipt")
                _notify_editors(assignment, "review_submitted_notice")
            return review
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def save_review_draft(*, user, assignment_id: int, data: ReviewInput) -> Review:
    """Keep what the reviewer has written so far; nothing is required yet."""
    return _write_review(user=user, assignment_id=assignment_id, data=data, submit=False)


def submit_review(*, user, assignment_id: int, data: ReviewInput | None = None) -> Review:
    """Save and submit; a submitted review is read-only."""
    return _write_review(user=user, assignment_id=assignment_id, data=data or ReviewInput(), submit=True)


@transaction.atomic
def rate_review(*, user, assignment_id: int, rating: int) -> Review:
    """The editor's private rating of the review's quality, 1 to 5."""
    assignment, submission = _lock_assignment(assignment_id)
    permissions.ensure_can_manage(user, submission)
    if assignment.state != A.SUBMITTED:
        raise WrongState("Only a submitted review can be rated.", current=assignment.state)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": "Rate the review from 1 (poor) to 5 (excellent)."})
    review = Review.objects.select_for_update().get(assignment=assignment)
    review.quality_rating, review.rated_by, review.rated_at = rating, user, timezone.now()
    review.save(update_fields=["quality_rating", "rated_by", "rated_at"])
    record_event(
        submission,
        actor=user,
        action=Event.Action.REVIEW,
        note=f"Review by {assignment.reviewer.full_name} rated {rating}/5",
        data={"assignment_id": assignment.pk},
    )
    return review


# --- Reminders (the beat task) ------------------------------------------------------------------------------


def threshold_for(assignment: ReviewAssignment, *, today: date, remind_days_before: int) -> str | None:
    """The most advanced reminder this assignment has reached today, if any."""
    due = assignment.due_date
    if today >= due + timedelta(days=LONG_OVERDUE_DAYS):
        return ReviewReminder.Threshold.LONG_OVERDUE
    if today > due:
        return ReviewReminder.Threshold.OVERDUE
    if today >= due - timedelta(days=remind_days_before):
        return ReviewReminder.Threshold.DUE_SOON
    return None


def send_due_reminders(*, today: date | None = None) -> int:
    """Remind reviewers before the due date and when overdue: at most one e-mail per threshold and due
    date, however often (or concurrently) this runs. Returns how many reminders were sent."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=60)
    candidates = ReviewAssignment.objects.filter(state=A.ACCEPTED, due_date__lte=horizon).values_list(
        "pk", "submission__journal_id"
    )
    policies: dict[int, int] = {}
    sent = 0
    for assignment_id, journal_id in candidates:
        if journal_id not in policies:
            policies[journal_id] = policy_for(journal_id).remind_days_before
        sent += _remind(assignment_id, today=today, remind_days_before=policies[journal_id])
    return sent


@transaction.atomic
def _remind(assignment_id: int, *, today: date, remind_days_before: int) -> int:
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("reviewer", "submission__journal")
        .filter(pk=assignment_id, state=A.ACCEPTED)
        .first()
    )
    if assignment is None:
        return 0
    threshold = threshold_for(assignment, today=today, remind_days_before=remind_days_before)
    if threshold is None:
        return 0
    try:
        with transaction.atomic():
            _, created = ReviewReminder.objects.get_or_create(
                assignment=assignment, threshold=threshold, due_date=assignment.due_date
            )
    except IntegrityError:  # another run recorded it a moment ago
        return 0
    if not created:
        return 0
    _mail(assignment, f"review_reminder_{threshold}")
    return 1


# --- E-mail ------------------------------------------------------------------------------------------------------


def _mail(assignment: ReviewAssignment, template: str, **extra) -> None:
    _send(template, [assignment.reviewer.email], assignment, **extra)


def _notify_editors(assignment: ReviewAssignment, template: str, **extra) -> None:
    from editorial.submissions.services.emails import editor_addresses

    _send(template, editor_addresses(assignment.submission), assignment, **extra)


def _send(template: str, recipients, assignment: ReviewAssignment, **extra) -> None:
    """Like the workflow's e-mail, but a reviewer's message names no author in any blind mode."""
    submission = assignment.submission
    site = settings.SITE_URL.rstrip("/")
    context = {
        "assignment": assignment,
        "reviewer": assignment.reviewer,
        "submission": submission,
        "journal": submission.journal,
        "review_url": site + reverse("reviewer-assignment", args=[assignment.pk]),
        "dashboard_url": site + reverse("reviewer-dashboard"),
        "editor_url": site + reverse("editor-submission", args=[submission.pk]),
        "decline_url": invitation_url(assignment.pk, DECLINE) if assignment.state == A.INVITED else "",
        # A fresh signed link back to the review: reviewers invited by e-mail have no password.
        "return_url": invitation_url(assignment.pk, ACCEPT),
        **extra,
    }
    queue_rendered(template, recipients, submission, context)
