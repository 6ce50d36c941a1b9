"""Reference check reports, as the editor's submission page, the author and the API read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from editorial import permissions
from editorial.bibliography.status import REPORT_ORDER, Status
from editorial.crossref.standin import is_stand_in
from editorial.references.models import ReferenceCheck, ReferenceCheckResult
from editorial.submissions.models import Submission

SEVERITY = {str(status): rank for rank, status in enumerate(REPORT_ORDER)}


@dataclass
class ReferenceCheckReport:
    """The latest finished check of a submission with its results, and a newer one still to come.

    This is what ``templates/references/panels/reference_check.html`` renders as ``reference_check``.
    """

    submission_id: int
    check: ReferenceCheck | None = None
    pending: ReferenceCheck | None = None
    results: list[ReferenceCheckResult] = field(default_factory=list)
    can_manage: bool = False
    standin: bool = False

    @property
    def flagged(self) -> list[ReferenceCheckResult]:
        """Every reference that is not simply ok, the gravest first (retracted, wrong DOI, ...)."""
        flagged = [result for result in self.results if result.status != Status.OK]
        return sorted(flagged, key=lambda result: (SEVERITY[result.status], result.position))

    @property
    def ok_count(self) -> int:
        return len(self.results) - len(self.flagged)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        return self.check.counts if self.check else []


def reference_check_report(
    *, submission_id: int, viewer: AbstractBaseUser | None = None, submission: Submission | None = None
) -> ReferenceCheckReport:
    """At most four queries, however long the list: the latest check, the latest finished one if the
    latest is still to run, its results with their references and appliers, and the viewer's role."""
    checks = ReferenceCheck.objects.filter(submission_id=submission_id).select_related("requested_by")
    latest = checks.order_by("-created_at", "-pk").first()
    report = ReferenceCheckReport(submission_id=submission_id, standin=reference_checks_go_to_standin())
    if latest is not None and latest.is_pending:
        report.pending = latest
        latest = checks.exclude(state__in=[ReferenceCheck.State.QUEUED, ReferenceCheck.State.RUNNING]).first()
    report.check = latest
    if latest is not None:
        report.results = list(latest.results.select_related("reference", "applied_by").order_by("position"))
    if viewer is not None and viewer.is_authenticated:
        if submission is None:
            submission = Submission.objects.only("journal_id", "submitter_id").get(pk=submission_id)
        report.can_manage = permissions.can_manage_reference_checks(viewer, submission)
    return report


def reference_checks_go_to_standin() -> bool:
    """Reference checks ask a Crossref stand-in on this machine (``make run``'s demo), not Crossref's
    metadata: the report says so. (Deposits' own answer is ``deposits.selectors.deposits_go_to_standin``;
    this one lives here because the reference check pages sit below the deposits domain.)"""
    return is_stand_in(settings.CROSSREF_API_URL)


def visible_reference_checks(user: AbstractBaseUser) -> QuerySet[ReferenceCheck]:
    """Checks the user may read: their journals' for editors (not their own manuscripts'); their own for authors."""
    checks = ReferenceCheck.objects.select_related("submission", "requested_by")
    return checks.filter(submission__in=permissions.reference_check_submissions_for(user))
