"""The plain data every citation format is made from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# The ELPUB / RSCI marker for a work whose original is not in English, by ISO 639-1 code.
LANGUAGE_MARKERS = {
    "ru": "(In Russ.)",
    "uk": "(In Ukr.)",
    "be": "(In Belarus.)",
    "kk": "(In Kazakh.)",
    "de": "(In Germ.)",
    "fr": "(In Fr.)",
    "es": "(In Span.)",
    "it": "(In Ital.)",
    "pt": "(In Port.)",
    "pl": "(In Pol.)",
    "cs": "(In Czech)",
    "zh": "(In Chin.)",
    "ja": "(In Japan.)",
    "ko": "(In Korean)",
    "ar": "(In Arab.)",
    "tr": "(In Turk.)",
}


def language_marker(language: str) -> str:
    """'(In Russ.)' for a Russian original; '' for English; a spelled-out name for the rest."""
    code = (language or "en").split("-")[0].lower()
    if code == "en":
        return ""
    if code in LANGUAGE_MARKERS:
        return LANGUAGE_MARKERS[code]
    from django.utils.translation import get_language_info  # a table lookup; no settings needed

    try:
        return f"(In {get_language_info(code)['name']})"
    except KeyError:
        return f"(In {code})"


def initials(given: str, *, separator: str = "") -> str:
    """'Alexander N.' -> 'A.N.'; 'Jean-Paul' -> 'J.-P.'; an abbreviation as printed stays: 'Vladimir Ya.' -> 'V.Ya.'."""
    parts = []
    for word in given.replace(".", ". ").split():
        if word.endswith("."):
            parts.append(word)
        else:
            parts.append("-".join(piece[0] + "." for piece in word.split("-") if piece))
    return separator.join(parts)


@dataclass(frozen=True)
class Author:
    family: str
    given: str = ""
    orcid: str = ""
    affiliations: tuple[str, ...] = ()

    @property
    def initials(self) -> str:
        """ELPUB / Vancouver style, without spaces: 'A.N.'."""
        return initials(self.given)


@dataclass(frozen=True)
class CitationRecord:
    """A journal article as citations need it, in one language of its metadata.

    ``language`` is the language the article is written in; ``metadata_language`` is the language
    of ``title`` and ``journal_title`` here (an English citation of a Russian article has
    ``language="ru"``, ``metadata_language="en"`` and carries the "(In Russ.)" marker).
    """

    key: str
    title: str
    journal_title: str
    authors: tuple[Author, ...] = ()
    journal_abbreviation: str = ""
    published: datetime.date | None = None  # the publication (issue) date's day, when known
    year: int | None = None  # the year a citation prints: the issue's
    online: datetime.date | None = None  # the day the article went online
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    article_number: str = ""
    doi: str = ""
    url: str = ""
    language: str = "en"
    metadata_language: str = "en"
    original_title: str = ""
    issn_print: str = ""
    issn_online: str = ""
    publisher: str = ""
    keywords: tuple[str, ...] = ()
    abstract: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> str:
        """'75-111', '75', or the article number."""
        if self.first_page and self.last_page and self.first_page != self.last_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page or self.article_number

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def marker(self) -> str:
        """The original-language marker, shown only when the metadata is a translation into English."""
        if self.metadata_language.split("-")[0] != "en":
            return ""
        return language_marker(self.language)

    @property
    def issns(self) -> tuple[str, ...]:
        return tuple(issn for issn in (self.issn_print, self.issn_online) if issn)
