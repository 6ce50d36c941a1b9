"""The author's pages: the dashboard, starting, revising and withdrawing, file downloads. The author's
page of a submission gathers every domain (proofs, reviews), so it lives in ``editorial.desk``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from editorial import permissions, workflow
from editorial.submissions.downloads import manuscript_file_response
from editorial.submissions.forms import RevisionForm, StartSubmissionForm, WithdrawForm
from editorial.submissions.selectors import author_submission, author_submissions
from editorial.submissions.services import submissions as submission_services
from editorial.web.outcomes import perform
from editorial.workflow import State


@login_required
def editorial_home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: editors on their dashboard, everyone else on their submissions."""
    if permissions.standing_of(request.user).is_editor:
        return redirect("editor-dashboard")
    return redirect("author-dashboard")


@login_required
def author_dashboard(request: HttpRequest) -> HttpResponse:
    submissions = list(author_submissions(request.user))
    return render(
        request,
        "submissions/author_dashboard.html",
        {
            "submissions": submissions,
            "revisions_requested": [s for s in submissions if s.state == State.REVISION_REQUESTED],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_submission(request: HttpRequest) -> HttpResponse:
    form = StartSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            lambda: submission_services.start_submission(user=request.user, journal_id=form.cleaned_data["journal"].pk),
            form=form,
        )
        if outcome.ok:
            return redirect("draft-step", outcome.value.pk, "details")
    return render(request, "submissions/start_submission.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def revise(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = author_submission(submission_id=submission_id, user=request.user)
    form = RevisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = perform(
            request,
            lambda: submission_services.submit_revision(
                user=request.user,
                submission_id=submission.pk,
                manuscript=data["manuscript"],
                response_to_reviewers=data["response_to_reviewers"],
                response_file=data["response_file"],
            ),
            form=form,
            success="Your revision has been sent to the editors.",
        )
        if outcome.ok or not form.errors:
            return redirect("author-submission", submission.pk)
    elif request.method == "GET" and not workflow.can_transition(submission.state, State.RESUBMITTED):
        messages.info(request, "No revision is requested for this submission.")
        return redirect("author-submission", submission.pk)
    return render(request, "submissions/revise.html", {"submission": submission, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = author_submission(submission_id=submission_id, user=request.user)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        perform(
            request,
            lambda: submission_services.withdraw_submission(
                user=request.user, submission_id=submission.pk, reason=form.cleaned_data["reason"]
            ),
            success="The submission has been withdrawn.",
        )
        return redirect("author-submission", submission.pk)
    return render(request, "submissions/withdraw.html", {"submission": submission, "form": form})


@login_required
def download_file(request: HttpRequest, file_id: int) -> FileResponse:
    return manuscript_file_response(request.user, file_id)
