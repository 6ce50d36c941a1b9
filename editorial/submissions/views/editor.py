"""The editor's pages: the dashboard, a submission's page, and the actions on it.

Each action is a small POST form on the submission page (or, for decisions with a letter, a
page of its own); the result, or the reason nothing changed, comes back as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from editorial import permissions, workflow
from editorial.deposits.selectors import doi_registrations_for_submission
from editorial.desk import selectors as dashboard_selectors
from editorial.journals.models import Person
from editorial.references.selectors import reference_check_report
from editorial.review.selectors import reviewer_comments_for_author
from editorial.submissions.forms import (
    AssignEditorForm,
    DecisionForm,
    DeskRejectForm,
    DueDateForm,
    NoteForm,
    ReopenForm,
    SendToReviewForm,
)
from editorial.submissions.models import DecisionKind, Submission
from editorial.submissions.selectors import editor_submission, files_by_round
from editorial.submissions.services import assignments, decisions
from editorial.web.outcomes import perform
from editorial.workflow import State


def _require_editor(request: HttpRequest) -> None:
    if not permissions.standing_of(request.user).is_editor:
        raise PermissionDenied("The editorial dashboard is for the journal's editors.")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    filters = dashboard_selectors.Filters.from_query(request.GET)
    board = dashboard_selectors.editor_dashboard(request.user, filters, page_number=request.GET.get("page", 1))
    return render(
        request,
        "desk/dashboard.html",
        {
            "board": board,
            "filters": filters,
            "states": workflow.State.choices,
            "sorts": [(key, label) for key, (label, _) in dashboard_selectors.SORTS.items()],
        },
    )


def _editor_choices(submission: Submission):
    return (
        Person.objects.filter(roles__journal_id=submission.journal_id, roles__kind__in=permissions.EDITOR_KINDS)
        .exclude(user_id=submission.submitter_id)
        .distinct()
        .order_by("family_name", "given_names")
    )


def _available_actions(request: HttpRequest, submission: Submission) -> dict[str, bool]:
    state = submission.state
    return {
        "can_assign": permissions.can_assign_editor(request.user, submission),
        "can_send_to_review": state in (State.SUBMITTED, State.RESUBMITTED),
        "can_desk_reject": workflow.can_transition(state, State.DESK_REJECTED),
        "can_decide": workflow.can_transition(state, State.ACCEPTED),
        "can_set_due": state == State.REVISION_REQUESTED,
        "can_reopen": state in decisions.REOPEN_TARGET,
    }


@login_required
def submission_page(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    actions = _available_actions(request, submission)
    context = {
        "submission": submission,
        "rounds": files_by_round(submission),
        "assign_form": AssignEditorForm(
            editors=_editor_choices(submission), initial={"editor": submission.handling_editor_id}
        )
        if actions["can_assign"]
        else None,
        "due_form": DueDateForm(initial={"revision_due": submission.revision_due}),
        "note_form": NoteForm(),
        "reopen_form": ReopenForm(),
        "review_form": SendToReviewForm(),
        "decision_kinds": [k for k in DecisionKind if k != DecisionKind.DESK_REJECT],
        "reference_check": reference_check_report(
            submission_id=submission.pk, viewer=request.user, submission=submission
        ),
        "doi_registrations": doi_registrations_for_submission(submission.pk),
        **actions,
    }
    return render(request, "desk/submission.html", context)


def _back(submission_id: int) -> HttpResponse:
    return redirect("editor-submission", submission_id)


@login_required
@require_POST
def assign_editor(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = editor_submission(submission_id=submission_id, user=request.user)
    form = AssignEditorForm(request.POST, editors=_editor_choices(submission))
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
        _form_errors_as_message(request, form)
    return _back(submission.pk)


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
    return _back(submission.pk)


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
                return _back(submission.pk)
    else:
        subject, letter = decisions.draft_letter(
            submission=submission, kind=DecisionKind.DESK_REJECT, editor=request.user
        )
        form = DeskRejectForm(initial={"subject": subject, "letter": letter})
    return render(request, "submissions/desk_reject.html", {"submission": submission, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Choose the decision, get the letter drafted from the journal's template, edit it, send it."""
    submission = editor_submission(submission_id=submission_id, user=request.user)
    comments = reviewer_comments_for_author(submission)
    if request.method == "POST" and "redraft" not in request.POST:
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            outcome = perform(
                request,
                lambda: decisions.record_decision(
                    user=request.user,
                    submission_id=submission.pk,
                    kind=data["decision"],
                    letter=data["letter"],
                    subject=data["subject"],
                    revision_due=data["revision_due"],
                ),
                form=form,
                success=f"Decision recorded ({DecisionKind(data['decision']).label.lower()}); "
                "the letter is on its way to the author.",
            )
            if outcome.ok or not form.errors:
                return _back(submission.pk)
    else:
        form = _drafted_decision_form(request, submission, comments)
    return render(
        request, "submissions/decide.html", {"submission": submission, "form": form, "reviewer_comments": comments}
    )


def _drafted_decision_form(request: HttpRequest, submission: Submission, comments: list[str]) -> DecisionForm:
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("decision", "")
    if kind not in DecisionKind.values or kind == DecisionKind.DESK_REJECT:
        # No decision is assumed: the letter is drafted once the editor has chosen one.
        return DecisionForm(initial={"decision": "", "revision_due": None, "subject": "", "letter": ""})
    probe = DecisionForm(data={"decision": kind, "revision_due": source.get("revision_due", ""), "subject": "x"})
    due = probe.cleaned_data.get("revision_due") if probe.is_valid() else None
    due = due or decisions.default_revision_due(kind)
    subject, letter = decisions.draft_letter(
        submission=submission, kind=kind, editor=request.user, reviewer_comments=comments, revision_due=due
    )
    return DecisionForm(initial={"decision": kind, "revision_due": due, "subject": subject, "letter": letter})


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
        _form_errors_as_message(request, form)
    return _back(submission.pk)


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
    return _back(submission.pk)


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
    return _back(submission.pk)


def _form_errors_as_message(request: HttpRequest, form) -> None:
    """A one-field form on the submission page reports its error at the top of the page."""
    messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
