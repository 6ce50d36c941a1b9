"""Every model of the editorial app, one module per aggregate."""

from .decisions import DECISION_TARGET_STATE, REVISION_KINDS, Decision, DecisionKind, LetterTemplate, Revision
from .deposits import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration, RegistrationState
from .events import Event
from .galleys import Galley
from .journals import CitationStyle, Issue, Journal, Section
from .metrics import DailyArticleMetric, UsageFlush
from .outbox import OutboxTask, OutgoingEmail
from .people import Person, Role
from .production import ArticleVersion, Copyedit, ProofRound
from .publications import Article
from .reference_checks import CrossrefLookup, ReferenceCheck, ReferenceCheckResult
from .references import Reference
from .reviews import (
    BlindMode,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewPolicy,
    ReviewQuestion,
    ReviewReminder,
    ReviewRound,
    SubmissionBlindMode,
)
from .submissions import Affiliation, Contributor, ManuscriptFile, Submission

__all__ = [
    "DECISION_TARGET_STATE",
    "REVISION_KINDS",
    "Affiliation",
    "Article",
    "ArticleVersion",
    "CitationStyle",
    "Contributor",
    "Copyedit",
    "CrossrefLookup",
    "DailyArticleMetric",
    "Decision",
    "DecisionKind",
    "DepositAttempt",
    "DepositBatch",
    "DepositRecord",
    "DoiRegistration",
    "Event",
    "Galley",
    "Issue",
    "Journal",
    "LetterTemplate",
    "ManuscriptFile",
    "OutboxTask",
    "OutgoingEmail",
    "Person",
    "ProofRound",
    "Reference",
    "ReferenceCheck",
    "ReferenceCheckResult",
    "RegistrationState",
    "Revision",
    "Role",
    "Section",
    "Submission",
    "UsageFlush",
]

# Peer review
__all__ += [
    "BlindMode",
    "Recommendation",
    "Review",
    "ReviewAssignment",
    "ReviewPolicy",
    "ReviewQuestion",
    "ReviewReminder",
    "ReviewRound",
    "SubmissionBlindMode",
]
