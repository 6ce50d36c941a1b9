"""Every model of the editorial app, one module per aggregate."""

from editorial.accounts.models import PrivacyConsent
from editorial.deposits.models import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration, RegistrationState
from editorial.journals.models.journals import CitationStyle, Issue, Journal, Section
from editorial.journals.models.people import Person, Role
from editorial.mail.models import OutgoingEmail
from editorial.operations.models import PeriodicRun, WorkerHeartbeat
from editorial.outbox.models import OutboxTask
from editorial.production.models.articles import Article
from editorial.production.models.galleys import Galley
from editorial.production.models.production import ArticleVersion, Copyedit, ProofRound
from editorial.publishing.models import DailyArticleMetric, UsageFlush
from editorial.references.models import CrossrefLookup, ReferenceCheck, ReferenceCheckResult
from editorial.review.models import (
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
from editorial.submissions.models.decisions import (
    DECISION_TARGET_STATE,
    REVISION_KINDS,
    Decision,
    DecisionKind,
    LetterTemplate,
    Revision,
)
from editorial.submissions.models.events import Event
from editorial.submissions.models.references import Reference
from editorial.submissions.models.submissions import Affiliation, Contributor, ManuscriptFile, Submission

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
    "PeriodicRun",
    "Person",
    "PrivacyConsent",
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
    "WorkerHeartbeat",
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
