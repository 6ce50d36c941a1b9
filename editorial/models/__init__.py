"""Every model of the editorial app, one module per aggregate."""

from .deposits import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration, RegistrationState
from .events import Event
from .journals import CitationStyle, Issue, Journal, Section
from .metrics import DailyArticleMetric
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
    "DepositAttempt",
    "DepositBatch",
    "DepositRecord",
    "DoiRegistration",
    "Event",
    "Issue",
    "Journal",
    "ManuscriptFile",
    "OutboxTask",
    "OutgoingEmail",
    "Person",
    "Reference",
    "RegistrationState",
    "Role",
    "Section",
    "Submission",
]
