"""DOI registrations as editors see them: state, message and the history of every attempt.

A DOI's state in words (``DoiStatus``) is production's (``editorial.production.selectors.doi_status``),
so the production panel can say it without importing this domain.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from editorial import permissions
from editorial.crossref.standin import is_stand_in
from editorial.deposits.models import DepositAttempt, DepositRecord, DoiRegistration


def visible_registrations(user) -> QuerySet[DoiRegistration]:
    """The registrations ``user`` may see (``permissions.deposit_submissions_for``), with their
    history, in a fixed number of queries."""
    registrations = with_history(DoiRegistration.objects.all())
    return registrations.filter(article__submission__in=permissions.deposit_submissions_for(user))


def with_history(registrations: QuerySet[DoiRegistration]) -> QuerySet[DoiRegistration]:
    """Each registration's deposits (newest first), each with its batch and the batch's exchanges."""
    records = DepositRecord.objects.select_related("batch").order_by("-timestamp", "-pk")
    records = records.prefetch_related(
        Prefetch("batch__attempts", queryset=DepositAttempt.objects.order_by("created_at", "pk"))
    )
    return registrations.select_related("article__submission__journal").prefetch_related(
        Prefetch("records", queryset=records)
    )


def doi_registrations_for(*, article_ids: Iterable[int]) -> list[DoiRegistration]:
    """For the editor's submission page (``templates/deposits/panels/doi_registration.html``):
    the registrations of these articles with their history, in four queries."""
    return list(with_history(DoiRegistration.objects.filter(article_id__in=list(article_ids))))


def doi_registrations_for_submission(submission_id: int) -> list[DoiRegistration]:
    return list(with_history(DoiRegistration.objects.filter(article__submission_id=submission_id)))


def deposit_url(journal) -> str:
    """Where the journal's deposits go: Crossref's production system or its test system, by the journal's mode."""
    return settings.CROSSREF_PRODUCTION_DEPOSIT_URL if journal.deposit_to_production else settings.CROSSREF_DEPOSIT_URL


def deposits_go_to_standin(journal) -> bool:
    """The journal's deposits go to a Crossref stand-in on this machine (``make run``'s demo), so the DOI
    states its pages show are the stand-in's, not Crossref's: those pages say so."""
    return is_stand_in(deposit_url(journal))
