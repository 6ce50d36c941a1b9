"""The editor's review actions, posted from the review panel of the submission page.

Each is a small POST form; the outcome, or the reason nothing changed, comes back as a message
on the submission page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from editorial.review.forms import BlindModeForm, DueDateForm, InviteForm, RateForm
from editorial.review.models import ReviewAssignment
from editorial.review.services import reviewer_copy
from editorial.review.services import reviews as services
from editorial.submissions.selectors import editor_submission
from editorial.web.outcomes import perform, redirect_back, report_form_errors


def _back(request: HttpRequest, submission_id: int) -> HttpResponse:
    return redirect_back(request, reverse("editor-submission", args=[submission_id]), anchor="reviews-heading")


def _assignment(request: HttpRequest, submission_id: int, assignment_id: int) -> ReviewAssignment:
    submission = editor_submission(submission_id=submission_id, user=request.user)  # 404 unless an editor of it
    return get_object_or_404(
        ReviewAssignment.objects.select_related("reviewer"), pk=assignment_id, submission=submission
    )


def _whom(data: dict) -> dict:
    return {
        "person_id": data.get("reviewer"),
        "email": data.get("email") or "",
        "given_names": data.get("given_names") or "",
        "family_name": data.get("family_name") or "",
        "due_date": data.get("due_date"),
    }


@login_required
@require_POST
def invite(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = InviteForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return _back(request, submission.pk)
    outcome = perform(
        request,
        lambda: services.invite_reviewer(user=request.user, submission_id=submission.pk, **_whom(form.cleaned_data)),
    )
    if outcome.ok:
        messages.success(request, f"{outcome.value.reviewer.full_name} has been invited to review.")
    return _back(request, submission.pk)


@login_required
@require_POST
def reinvite(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    outcome = perform(
        request, lambda: services.reinvite_previous_reviewers(user=request.user, submission_id=submission.pk)
    )
    if outcome.ok:
        names = ", ".join(a.reviewer.full_name for a in outcome.value)
        messages.success(request, f"Invited again: {names}.")
    return _back(request, submission.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, submission_id: int, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, submission_id, assignment_id)
    perform(
        request,
        lambda: services.cancel_assignment(
            user=request.user, assignment_id=assignment.pk, reason=request.POST.get("reason", "")
        ),
        success=f"The review by {assignment.reviewer.full_name} is cancelled.",
    )
    return _back(request, submission_id)


@login_required
@require_POST
def extend(request: HttpRequest, submission_id: int, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, submission_id, assignment_id)
    form = DueDateForm(request.POST)
    if form.is_valid():
        due = form.cleaned_data["due_date"]
        perform(
            request,
            lambda: services.extend_due_date(user=request.user, assignment_id=assignment.pk, due_date=due),
            success=f"The review by {assignment.reviewer.full_name} is now due on {due:%d %B %Y}.",
        )
    else:
        report_form_errors(request, form)
    return _back(request, submission_id)


@login_required
@require_POST
def reassign(request: HttpRequest, submission_id: int, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, submission_id, assignment_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return _back(request, submission_id)
    outcome = perform(
        request, lambda: services.reassign(user=request.user, assignment_id=assignment.pk, **_whom(form.cleaned_data))
    )
    if outcome.ok:
        messages.success(
            request, f"{outcome.value.reviewer.full_name} is invited in place of {assignment.reviewer.full_name}."
        )
    return _back(request, submission_id)


@login_required
@require_POST
def rate(request: HttpRequest, submission_id: int, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, submission_id, assignment_id)
    form = RateForm(request.POST)
    if form.is_valid():
        rating = form.cleaned_data["rating"]
        perform(
            request,
            lambda: services.rate_review(user=request.user, assignment_id=assignment.pk, rating=rating),
            success=f"Review rated {rating} of 5.",
        )
    else:
        report_form_errors(request, form)
    return _back(request, submission_id)


@login_required
@require_POST
def blind_mode(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = BlindModeForm(request.POST)
    if form.is_valid():
        mode = form.cleaned_data["blind_mode"] or None
        perform(
            request,
            lambda: services.set_blind_mode(user=request.user, submission_id=submission.pk, blind_mode=mode),
            success="Blind mode saved.",
        )
    else:
        report_form_errors(request, form)
    return _back(request, submission.pk)


@login_required
@require_POST
def upload_reviewer_copy(request: HttpRequest, submission_id: int, file_id: int) -> HttpResponse:
    """The editor's anonymised copy of a file, for double-blind reviewers."""
    submission = editor_submission(submission_id=submission_id, user=request.user)
    get_object_or_404(submission.files, pk=file_id)
    perform(
        request,
        lambda: reviewer_copy.upload_reviewer_copy(
            user=request.user, file_id=file_id, upload=request.FILES.get("file")
        ),
        success="The anonymised copy is saved; reviewers now receive it.",
    )
    return _back(request, submission.pk)
