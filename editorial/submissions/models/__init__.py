"""The domain's models, one module per aggregate."""

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
    "Contributor",
    "Decision",
    "DecisionKind",
    "Event",
    "LetterTemplate",
    "ManuscriptFile",
    "Reference",
    "Revision",
    "Submission",
]
