"""An article to import, as plain data: what a JATS file or a Crossref record says about it.

The parsers fill these; ``services.article_import`` turns one into rows. Texts are as the journal
stores them (abstracts as plain text or sanitized HTML, names as printed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from editorial.errors import DomainError


class ImportRejected(DomainError):
    """The file or record cannot be imported; the message says why, in the editor's words."""


@dataclass
class ImportedAffiliation:
    institution: str
    department: str = ""
    address: str = ""
    country: str = ""  # ISO 3166 alpha-2
    ror_id: str = ""


@dataclass
class ImportedContributor:
    family_name: str
    given_names: str = ""
    family_name_en: str = ""
    given_names_en: str = ""
    role: str = "author"
    email: str = ""
    orcid: str = ""
    is_corresponding: bool = False
    affiliations: list[ImportedAffiliation] = field(default_factory=list)


@dataclass
class ImportedReference:
    raw_text: str
    doi: str = ""


@dataclass
class ImportedArticle:
    issns: list[str]
    journal_title: str = ""
    language: str = "en"
    title: str = ""
    title_en: str = ""
    abstract: str = ""
    abstract_en: str = ""
    keywords: list[str] = field(default_factory=list)
    keywords_en: list[str] = field(default_factory=list)
    section: str = ""
    volume: int | None = None
    issue_number: str = ""
    year: int | None = None
    doi: str = ""
    first_page: str = ""
    last_page: str = ""
    article_number: str = ""
    published_on: datetime.date | None = None
    received_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    contributors: list[ImportedContributor] = field(default_factory=list)
    references: list[ImportedReference] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # elements or fields the import could not keep
