"""The editor's dashboard, a submission's page with every domain's panel, and the decision, whose
letter quotes the reviewers. The actions on a submission are in ``editorial.submissions.views.editor``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from editorial import permissions, workflow
from editorial.deposits.panels import doi_registration_panel
from editorial.desk import selectors as dashboard_selectors
from editorial.operations.panels import stalled_work_banner
from editorial.production.panels import production_panel
from editorial.references.selectors import reference_check_report
from editorial.review.panels import editor_review_panel
from editorial.review.selectors import reviewer_comments_for_author
from editorial.submissions.forms import (
    AssignEditorForm,
    DecisionForm,
    DueDateForm,
    NoteForm,
    ReopenForm,
    SendToReviewForm,
)
from editorial.submissions.models import DecisionKind, Submission
from editorial.submissions.selectors import editor_choices, editor_submission, files_by_round
from editorial.submissions.services import decisions
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
            "stalled_work": stalled_work_banner(request.user),
        },
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
    user = request.user
    context = {
        "submission": submission,
        "rounds": files_by_round(submission),
        "assign_form": AssignEditorForm(
            editors=editor_choices(submission), initial={"editor": submission.handling_editor_id}
        )
        if actions["can_assign"]
        else None,
        "due_form": DueDateForm(initial={"revision_due": submission.revision_due}),
        "note_form": NoteForm(),
        "reopen_form": ReopenForm(),
        "review_form": SendToReviewForm(),
        "decision_kinds": [k for k in DecisionKind if k != DecisionKind.DESK_REJECT],
        # Each domain's panel: its context, or None when this user may not see it.
        "review_panel": editor_review_panel(user, submission, request),
        "reference_check": reference_check_report(submission_id=submission.pk, viewer=user, submission=submission),
        "doi_panel": doi_registration_panel(user, submission),
        "production_panel": production_panel(user, submission),
        **actions,
    }
    return render(request, "desk/submission.html", context)


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
                return redirect("editor-submission", submission.pk)
    else:
        form = _drafted_decision_form(request, submission, comments)
    return render(request, "desk/decide.html", {"submission": submission, "form": form, "reviewer_comments": comments})


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
