"""The domain's models, one module per aggregate."""

from editorial.journals.models.journals import CitationStyle, Issue, Journal, Section
from editorial.journals.models.people import Person, Role

__all__ = ["CitationStyle", "Issue", "Journal", "Person", "Role", "Section"]
