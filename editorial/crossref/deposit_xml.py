"""The deposit file, Crossref schema 5.3.1, built from plain data.

``find_problems`` says, in the editor's words, what stops a batch from being a correct deposit
(no ISSN, an ORCID iD whose check digit is wrong); the schema catches the rest (see ``schema``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict

from lxml import etree
from stdnum import isni, issn

from editorial.crossref import metadata as md
from editorial.richtext import copy_inline, html_paragraphs, xml_safe

SCHEMA_VERSION = "5.3.1"
CROSSREF_NS = f"http://www.crossref.org/schema/{SCHEMA_VERSION}"
JATS_NS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{CROSSREF_NS} https://www.crossref.org/schemas/crossref{SCHEMA_VERSION}.xsd"
NSMAP = {None: CROSSREF_NS, "jats": JATS_NS, "xsi": XSI_NS}

ORCID_FORM = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
DOI_FORM = re.compile(r"^10\.\d{4,9}/\S+$")
CITATION_DOI_FORM = re.compile(r"^10\.[0-9]{4,9}/.{1,200}$")  # Crossref's doi_t
CONTRIBUTOR_ROLES = {"author", "editor", "translator"}


class DepositNotValid(Exception):
    """The batch cannot be sent as it is; ``problems`` says what to fix, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


def timestamp_for(moment: datetime.datetime) -> int:
    """yyyymmddhhmmss plus milliseconds, in UTC: a number that grows with time, as Crossref expects."""
    moment = moment.astimezone(datetime.UTC)
    return int(moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}")


def fingerprint(journal: md.Journal, issue: md.Issue | None, article: md.Article) -> str:
    """A digest of everything a deposit says about one article, to tell whether a redeposit is due."""
    data = {"journal": asdict(journal), "issue": asdict(issue) if issue else None, "article": asdict(article)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


# --- Checks the schema cannot make, or makes in terms an editor would not recognise -----------------


def find_problems(batch: md.Batch) -> list[str]:
    problems = _journal_problems(batch.journal) + _depositor_problems(batch.depositor)
    if not batch.articles:
        problems.append("The batch has no article to register.")
    for article in batch.articles:
        problems += _article_problems(article, batch.issue)
    return problems


def _journal_problems(journal: md.Journal) -> list[str]:
    if not (journal.issn_print or journal.issn_online):
        return [
            f"The ISSN is missing: Crossref registers the articles of {journal.title} under the journal's ISSN. "
            "Enter the print or online ISSN in the journal's settings."
        ]
    problems = []
    for label, value in (("print", journal.issn_print), ("online", journal.issn_online)):
        if value and not issn.is_valid(value):
            problems.append(
                f"The journal's {label} ISSN {value} is not valid (eight characters, NNNN-NNNC, the last one a "
                "check digit). Correct it in the journal's settings."
            )
    return problems


def _depositor_problems(depositor: md.Depositor) -> list[str]:
    problems = []
    if not depositor.name:
        problems.append("The depositor name is missing: set CROSSREF_DEPOSITOR_NAME, or the journal's publisher.")
    if len(depositor.email) < 6 or "@" not in depositor.email:
        problems.append(
            "The depositor e-mail is missing or not an address: set CROSSREF_DEPOSITOR_EMAIL "
            "(Crossref mails its report of each deposit there)."
        )
    if not depositor.registrant:
        problems.append("The registrant is missing: enter the journal's publisher in the journal's settings.")
    return problems


def _article_problems(article: md.Article, issue: md.Issue | None) -> list[str]:
    label = f"Article {article.doi or repr(article.title[:60])}"
    problems = []
    if not article.doi:
        problems.append(f"{label}: the DOI is missing; it is minted when the article is scheduled or published.")
    elif not DOI_FORM.match(article.doi):
        problems.append(f"{label}: {article.doi} is not a DOI (10.NNNN/suffix, without spaces).")
    if not article.title.strip():
        problems.append(f"{label}: the title is missing.")
    if article.published_on is None and issue is None:
        problems.append(f"{label}: the publication date is missing; publish the article or put it in an issue.")
    for number, contributor in enumerate(article.contributors, start=1):
        problems += _contributor_problems(label, number, contributor)
    return problems


def _contributor_problems(label: str, number: int, contributor: md.Contributor) -> list[str]:
    name = " ".join(part for part in (contributor.given_names, contributor.family_name) if part.strip())
    who = f"author {number} ({name})" if name else f"author {number}"
    problems = []
    if not contributor.family_name.strip():
        problems.append(f"{label}: {who} has no family name; Crossref needs one for every person.")
    if contributor.role not in CONTRIBUTOR_ROLES:
        problems.append(f"{label}: {who} has the role {contributor.role!r}; use author, editor or translator.")
    orcid = contributor.orcid
    if orcid and not ORCID_FORM.match(orcid):
        problems.append(
            f"{label}: the ORCID iD of {who}, {orcid}, is not in the form 0000-0002-1825-0097 "
            "(16 characters in groups of four)."
        )
    elif orcid and not isni.is_valid(orcid.replace("-", "")):
        problems.append(
            f"{label}: the ORCID iD of {who}, {orcid}, is not valid: its last character (the check digit) does "
            "not match. Copy the iD from the author's ORCID record."
        )
    return problems


# --- The document ------------------------------------------------------------------------------------


def build_deposit_xml(batch: md.Batch, *, check: bool = True) -> bytes:
    """The deposit file; with ``check``, a batch with problems raises ``DepositNotValid`` instead."""
    if check:
        problems = find_problems(batch)
        if problems:
            raise DepositNotValid(problems)
    root = etree.Element(f"{{{CROSSREF_NS}}}doi_batch", nsmap=NSMAP, version=SCHEMA_VERSION)
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    _head(root, batch)
    journal = _sub(_sub(root, "body"), "journal")
    _journal_metadata(journal, batch.journal)
    if batch.issue is not None:
        _journal_issue(journal, batch.issue, print_date=bool(batch.journal.issn_print))
    for article in batch.articles:
        _journal_article(journal, article, batch.issue, print_date=bool(batch.journal.issn_print))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(
        parent, f"{{{CROSSREF_NS}}}{name}", {key: xml_safe(value) for key, value in attrs.items()}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def _head(root: etree._Element, batch: md.Batch) -> None:
    head = _sub(root, "head")
    _sub(head, "doi_batch_id", batch.batch_id)
    _sub(head, "timestamp", str(batch.timestamp))
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", batch.depositor.name)
    _sub(depositor, "email_address", batch.depositor.email)
    _sub(head, "registrant", batch.depositor.registrant)


def _language(code: str) -> dict[str, str]:
    """Crossref takes ISO 639-1 codes; 'pt-br' is 'pt', and a code it cannot take is left out."""
    base = code.split("-")[0].lower()
    return {"language": base} if len(base) == 2 else {}


def _journal_metadata(journal_element: etree._Element, journal: md.Journal) -> None:
    element = _sub(journal_element, "journal_metadata", **_language(journal.language))
    _sub(element, "full_title", journal.title)
    if journal.abbreviation:
        _sub(element, "abbrev_title", journal.abbreviation)
    if journal.issn_print:
        _sub(element, "issn", journal.issn_print, media_type="print")
    if journal.issn_online:
        _sub(element, "issn", journal.issn_online, media_type="electronic")


def _date(parent: etree._Element, name: str, date: datetime.date | None, year: int, media_type: str) -> None:
    element = _sub(parent, name, media_type=media_type)
    if date is not None:
        _sub(element, "month", f"{date.month:02d}")
        _sub(element, "day", f"{date.day:02d}")
    _sub(element, "year", str(date.year if date else year))


def _article_dates(element: etree._Element, article: md.Article, issue: md.Issue | None, *, print_date: bool) -> None:
    """The day it went online, and the issue's date (the one citations print) as the print date.

    An online-only journal's issue date is on its journal_issue; the article then gives only its
    online date, unless it has none yet.
    """
    if article.published_on is not None:
        _date(element, "publication_date", article.published_on, article.published_on.year, "online")
    if issue is not None and (print_date or article.published_on is None):
        _date(element, "publication_date", issue.publication_date, issue.year, "print" if print_date else "online")


def _journal_issue(journal_element: etree._Element, issue: md.Issue, *, print_date: bool) -> None:
    element = _sub(journal_element, "journal_issue")
    _date(element, "publication_date", issue.publication_date, issue.year, "print" if print_date else "online")
    if issue.volume:
        _sub(_sub(element, "journal_volume"), "volume", issue.volume)
    if issue.number:
        _sub(element, "issue", issue.number)


def _journal_article(
    journal_element: etree._Element, article: md.Article, issue: md.Issue | None, *, print_date: bool
) -> None:
    element = _sub(journal_element, "journal_article", publication_type="full_text", **_language(article.language))
    titles = _sub(element, "titles")
    _sub(titles, "title", _plain(article.title))
    if article.original_title and article.original_title != article.title:
        original = _plain(article.original_title)
        _sub(titles, "original_language_title", original, **_language(article.original_language))
    if article.contributors:
        _contributors(element, article.contributors)
    for abstract in article.abstracts:
        _abstract(element, abstract)
    _article_dates(element, article, issue, print_date=print_date)
    if article.first_page:
        pages = _sub(element, "pages")
        _sub(pages, "first_page", article.first_page)
        if article.last_page and article.last_page != article.first_page:
            _sub(pages, "last_page", article.last_page)
    if article.article_number:
        _sub(_sub(element, "publisher_item"), "item_number", article.article_number, item_number_type="article_number")
    doi_data = _sub(element, "doi_data")
    _sub(doi_data, "doi", article.doi)
    _sub(doi_data, "resource", article.url)
    if article.citations:
        _citations(element, article.citations)


def _plain(text: str) -> str:
    """A stored title as the text it prints (its markup, if any, read and dropped)."""
    return " ".join(" ".join(paragraph.text_content().split()) for paragraph in html_paragraphs(text))


def _contributors(parent: etree._Element, contributors: tuple[md.Contributor, ...]) -> None:
    element = _sub(parent, "contributors")
    for number, contributor in enumerate(contributors):
        sequence = "first" if number == 0 else "additional"
        person = _sub(element, "person_name", sequence=sequence, contributor_role=contributor.role)
        if contributor.given_names:
            _sub(person, "given_name", contributor.given_names)
        _sub(person, "surname", contributor.family_name)
        if contributor.affiliations:
            affiliations = _sub(person, "affiliations")
            for affiliation in contributor.affiliations:
                _institution(affiliations, affiliation)
        if contributor.orcid:
            _sub(person, "ORCID", f"https://orcid.org/{contributor.orcid}")


def _institution(parent: etree._Element, affiliation: md.Affiliation) -> None:
    element = _sub(parent, "institution")
    _sub(element, "institution_name", affiliation.institution)
    if affiliation.ror_id:
        _sub(element, "institution_id", affiliation.ror_id, type="ror")
    for place in affiliation.places[:6]:
        _sub(element, "institution_place", place)
    if affiliation.department:
        _sub(element, "institution_department", affiliation.department)


def _abstract(parent: etree._Element, abstract: md.Abstract) -> None:
    paragraphs = html_paragraphs(abstract.text)
    if not paragraphs:
        return
    element = etree.SubElement(parent, f"{{{JATS_NS}}}abstract")
    if abstract.language:
        element.set(f"{{{XML_NS}}}lang", abstract.language)
    for paragraph in paragraphs:
        copy_inline(paragraph, etree.SubElement(element, f"{{{JATS_NS}}}p"), namespace=JATS_NS)


def _citations(parent: etree._Element, citations: tuple[md.Citation, ...]) -> None:
    element = _sub(parent, "citation_list")
    for citation in citations:
        entry = _sub(element, "citation", key=citation.key)
        if CITATION_DOI_FORM.match(citation.doi):  # a malformed DOI stays in the text, not in <doi>
            _sub(entry, "doi", citation.doi)
        _sub(entry, "unstructured_citation", citation.text)
