"""Every model of the editorial app, one module per aggregate."""

from .events import Event
from .journals import CitationStyle, Issue, Journal, Section
from .metrics import DailyArticleMetric
from .outbox import OutboxTask, OutgoingEmail
from .people import Person, Role
from .publications import Article
from .reference_checks import CrossrefLookup, ReferenceCheck, ReferenceCheckResult
from .references import Reference
from .submissions import Affiliation, Contributor, ManuscriptFile, Submission

__all__ = [
    "Affiliation",
    "Article",
    "CitationStyle",
    "Contributor",
    "CrossrefLookup",
    "DailyArticleMetric",
    "Event",
    "Issue",
    "Journal",
    "ManuscriptFile",
    "OutboxTask",
    "OutgoingEmail",
    "Person",
    "Reference",
    "ReferenceCheck",
    "ReferenceCheckResult",
    "Role",
    "Section",
    "Submission",
]
