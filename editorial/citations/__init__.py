"""Citations of an article: the journal's house style, CSL styles, BibTeX, RIS and CSL-JSON.

Plain Python over plain data (``CitationRecord``): nothing here imports a model, so the formats
can be tested, and reused by the API or Crossref code, without a database.
"""

from .bibtex import to_bibtex
from .csl import CSL_STYLES, format_csl, to_csl_json
from .house import format_elpub
from .record import Author, CitationRecord, initials, language_marker
from .ris import to_ris

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
