"""The reference check report as a page, and the two buttons on it (check again, apply a DOI).

The editor's submission page includes the same panel; these views are where its forms post.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from editorial import permissions
from editorial.errors import DomainError
from editorial.references import services as reference_checks
from editorial.references.models import ReferenceCheckResult
from editorial.references.selectors import reference_check_report
from editorial.submissions.models import Submission
from editorial.web.outcomes import redirect_back


@login_required
@require_GET
def report_page(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = get_object_or_404(Submission.objects.select_related("journal"), pk=submission_id)
    if not permissions.can_view_reference_checks(request.user, submission):
        raise PermissionDenied("Only the journal's editors and the submitting author can read this report.")
    report = reference_check_report(submission_id=submission.pk, viewer=request.user, submission=submission)
    return render(request, "references/report.html", {"submission": submission, "reference_check": report})


@login_required
@require_POST
def run_check(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = get_object_or_404(Submission, pk=submission_id)
    if not permissions.can_manage_reference_checks(request.user, submission):
        raise PermissionDenied("Only the journal's editors can run a reference check.")
    check = reference_checks.request_reference_check(submission_id=submission.pk, requested_by=request.user)
    messages.success(request, f"Reference check #{check.pk} is {check.get_state_display().lower()}.")
    return _back(request, submission.pk)


@login_required
@require_POST
def apply_suggestion(request: HttpRequest, result_id: int) -> HttpResponse:
    result = get_object_or_404(ReferenceCheckResult.objects.select_related("check_run"), pk=result_id)
    try:
        reference = reference_checks.apply_suggested_doi(result_id=result.pk, editor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Reference {reference.position} now has DOI {reference.doi}.")
    return _back(request, result.check_run.submission_id)


def _back(request: HttpRequest, submission_id: int) -> HttpResponse:
    report = reverse("reference-check-report", args=[submission_id])
    return redirect_back(request, report, anchor="reference-check")
