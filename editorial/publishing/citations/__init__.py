"""Citations of an article: the journal's house style, CSL styles, BibTeX, RIS and CSL-JSON.

Plain Python over plain data (``CitationRecord``): nothing here imports a model, so the formats
can be tested, and reused by the API or Crossref code, without a database.
"""

from editorial.publishing.citations.bibtex import to_bibtex
from editorial.publishing.citations.csl import CSL_STYLES, format_csl, to_csl_json
from editorial.publishing.citations.house import format_elpub
from editorial.publishing.citations.record import Author, CitationRecord, initials, language_marker
from editorial.publishing.citations.ris import to_ris

__all__ = [
    "CSL_STYLES",
    "Author",
    "CitationRecord",
    "format_csl",
    "format_elpub",
    "initials",
    "language_marker",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]
