"""What a deposit says, as plain data: the builder reads these, never a model.

The service layer fills them from the database; the benchmark and the tests fill them by hand.
Every text is as the reader sees it (names in their English form, the abstract as stored HTML).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Depositor:
    """Who sends the batch (Crossref mails its report there) and who owns the records."""

    name: str
    email: str
    registrant: str


@dataclass(frozen=True)
class Journal:
    title: str
    abbreviation: str = ""
    issn_print: str = ""
    issn_online: str = ""
    language: str = ""


@dataclass(frozen=True)
class Issue:
    year: int
    number: str = ""
    volume: str = ""
    publication_date: datetime.date | None = None


@dataclass(frozen=True)
class Affiliation:
    institution: str
    department: str = ""
    places: tuple[str, ...] = ()
    ror_id: str = ""


@dataclass(frozen=True)
class Contributor:
    given_names: str
    family_name: str
    role: str = "author"  # author, editor or translator
    orcid: str = ""
    affiliations: tuple[Affiliation, ...] = ()


@dataclass(frozen=True)
class Abstract:
    """An abstract as stored (sanitized HTML or plain text), in one language."""

    text: str
    language: str = ""


@dataclass(frozen=True)
class Citation:
    """One reference: the printed text always, its DOI where known."""

    key: str
    text: str
    doi: str = ""


@dataclass(frozen=True)
class Article:
    doi: str
    url: str
    title: str
    original_title: str = ""
    original_language: str = ""
    language: str = ""
    published_on: datetime.date | None = None
    first_page: str = ""
    last_page: str = ""
    article_number: str = ""
    contributors: tuple[Contributor, ...] = ()
    abstracts: tuple[Abstract, ...] = ()
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Batch:
    """One deposit file: a journal, optionally one of its issues, and the articles to register."""

    batch_id: str
    timestamp: int
    depositor: Depositor
    journal: Journal
    issue: Issue | None
    articles: tuple[Article, ...] = field(default_factory=tuple)
