"""Every model of the editorial app, one module per aggregate."""

from .events import Event
from .galleys import Galley
from .journals import CitationStyle, Issue, Journal, Section
from .metrics import DailyArticleMetric, UsageFlush
from .outbox import OutboxTask, OutgoingEmail
from .people import Person, Role
from .publications import Article
from .references import Reference
from .submissions import Affiliation, Contributor, ManuscriptFile, Submission

__all__ = [
    "Affiliation",
    "Article",
    "CitationStyle",
    "Contributor",
    "DailyArticleMetric",
    "Event",
    "Galley",
    "Issue",
    "Journal",
    "ManuscriptFile",
    "OutboxTask",
    "OutgoingEmail",
    "Person",
    "Reference",
    "Role",
    "Section",
    "Submission",
    "UsageFlush",
]
