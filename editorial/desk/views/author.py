"""The author's page of a submission: where it stands, the letters, the proofs and the reviewers'
comments, each panel's context handed over by this view. The author's other pages (dashboard,
start, revise, withdraw, downloads) are in ``editorial.submissions.views.author``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from editorial import workflow
from editorial.production.selectors import author_proof_rounds
from editorial.review.panels import author_reviews_panel
from editorial.submissions.selectors import author_submission, files_by_round
from editorial.workflow import State


@login_required
def submission_page(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = author_submission(submission_id=submission_id, user=request.user)
    return render(
        request,
        "desk/author_submission.html",
        {
            "submission": submission,
            "rounds": files_by_round(submission),
            "can_withdraw": workflow.can_transition(submission.state, State.WITHDRAWN),
            "can_revise": workflow.can_transition(submission.state, State.RESUBMITTED),
            "proof_rounds": author_proof_rounds(submission),
            "reviews_panel": author_reviews_panel(request.user, submission),
        },
    )
