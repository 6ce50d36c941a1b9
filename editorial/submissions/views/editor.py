"""The editor's actions on a submission: assign, send to review, reject without review, set the
revision's due date, reopen, add a note.

Each action is a small POST form on the submission page (or, for a desk rejection with its letter,
a page of its own); the result, or the reason nothing changed, comes back as a message. The pages
that gather every domain (the dashboard, the submission page, the decision with the reviewers'
comments) live in ``editorial.desk``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from editorial.submissions.forms import (
    AssignEditorForm,
    DeskRejectForm,
    DueDateForm,
    NoteForm,
    ReopenForm,
    SendToReviewForm,
)
from editorial.submissions.models import DecisionKind
from editorial.submissions.selectors import editor_choices, editor_submission
from editorial.submissions.services import assignments, decisions
from editorial.web.outcomes import perform, redirect_back, report_form_errors


def _back(request: HttpRequest, submission_id: int) -> HttpResponse:
    return redirect_back(request, reverse("editor-submission", args=[submission_id]))


@login_required
@require_POST
def assign_editor(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = AssignEditorForm(request.POST, editors=editor_choices(submission))
    if form.is_valid():
        editor = form.cleaned_data["editor"]
        perform(
            request,
            lambda: assignments.assign_handling_editor(
                user=request.user, submission_id=submission.pk, editor_person_id=editor.pk
            ),
            success=f"{editor.full_name} is now the handling editor.",
        )
    else:
        report_form_errors(request, form)
    return _back(request, submission.pk)


@login_required
@require_POST
def send_to_review(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = SendToReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    perform(
        request,
        lambda: decisions.send_to_review(user=request.user, submission_id=submission.pk, note=note),
        success="Sent to review.",
    )
    return _back(request, submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def desk_reject(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    if request.method == "POST":
        form = DeskRejectForm(request.POST)
        if form.is_valid():
            outcome = perform(
                request,
                lambda: decisions.desk_reject(
                    user=request.user,
                    submission_id=submission.pk,
                    letter=form.cleaned_data["letter"],
                    subject=form.cleaned_data["subject"],
                ),
                form=form,
                success="Rejected without review; the letter is on its way to the author.",
            )
            if outcome.ok or not form.errors:
                return _back(request, submission.pk)
    else:
        subject, letter = decisions.draft_letter(
            submission=submission, kind=DecisionKind.DESK_REJECT, editor=request.user
        )
        form = DeskRejectForm(initial={"subject": subject, "letter": letter})
    return render(request, "submissions/desk_reject.html", {"submission": submission, "form": form})


@login_required
@require_POST
def set_due_date(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = DueDateForm(request.POST)
    if form.is_valid():
        due = form.cleaned_data["revision_due"]
        perform(
            request,
            lambda: decisions.set_revision_due_date(user=request.user, submission_id=submission.pk, revision_due=due),
            success=f"The revision is now due on {due:%d %B %Y}.",
        )
    else:
        report_form_errors(request, form)
    return _back(request, submission.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = ReopenForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    perform(
        request,
        lambda: decisions.reopen_submission(user=request.user, submission_id=submission.pk, note=note),
        success="Reopened.",
    )
    return _back(request, submission.pk)


@login_required
@require_POST
def add_note(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = NoteForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    perform(
        request,
        lambda: decisions.add_internal_note(user=request.user, submission_id=submission.pk, text=text),
        success="Note added.",
    )
    return _back(request, submission.pk)
