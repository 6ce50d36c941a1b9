"""Validation against Crossref's own schema (5.3.1, copied into ``schema/``), offline.

Compiling the schema takes a couple of seconds, so it is compiled once per process, on first use.
Schema errors are turned into sentences an editor can act on ("Article 10.x/y: the ORCID iD of
author 1 (A. Korolev) is not in the form Crossref accepts"), with the technical detail after them.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from editorial.crossref import metadata as md

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
MAIN_SCHEMA = SCHEMA_DIR / "crossref5.3.1.xsd"
MATHML_URL = "http://www.w3.org/Math/XMLSchema/mathml3/"
MATHML_DIR = SCHEMA_DIR / "standard-modules" / "mathml3"

# libxml2 keeps the errors of a validation on the schema object: one validation at a time.
_validation_lock = threading.Lock()

# The element a schema error is about, in the words of the journal's forms and settings.
ELEMENT_WORDS = {
    "doi_batch_id": "the batch id",
    "timestamp": "the timestamp",
    "depositor_name": "the depositor name (CROSSREF_DEPOSITOR_NAME)",
    "email_address": "the depositor e-mail (CROSSREF_DEPOSITOR_EMAIL)",
    "registrant": "the registrant (the journal's publisher)",
    "full_title": "the journal's title",
    "abbrev_title": "the journal's abbreviated title",
    "issn": "the ISSN",
    "journal_metadata": "the journal's details",
    "journal_issue": "the issue's details",
    "publication_date": "the publication date",
    "year": "the publication year",
    "month": "the publication month",
    "day": "the publication day",
    "volume": "the volume",
    "issue": "the issue number",
    "titles": "the titles",
    "title": "the title",
    "original_language_title": "the original-language title",
    "contributors": "the author list",
    "person_name": "the name",
    "given_name": "the given names",
    "surname": "the family name",
    "ORCID": "the ORCID iD",
    "affiliations": "the affiliations",
    "institution": "the affiliation",
    "institution_name": "the institution",
    "institution_id": "the ROR ID",
    "institution_place": "the place (address or country)",
    "institution_department": "the department",
    "abstract": "the abstract",
    "p": "a paragraph of the abstract",
    "pages": "the pages",
    "first_page": "the first page",
    "last_page": "the last page",
    "item_number": "the article number",
    "doi_data": "the DOI and web address",
    "doi": "the DOI",
    "resource": "the article's web address (made from SITE_URL)",
    "citation_list": "the references",
    "citation": "the reference",
    "unstructured_citation": "the reference text",
}

_MISSING = re.compile(r"Missing child element\(s\)\. Expected is (?:one of )?\( (?P<names>[^)]*) \)")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( (?P<names>[^)]*) \)")
_PATTERN = re.compile(r"\[facet 'pattern'\] The value '(?P<value>.*)' is not accepted")
_ENUM = re.compile(r"\[facet 'enumeration'\] The value '(?P<value>.*)' is not an element")
_MIN_LENGTH = re.compile(r"\[facet 'minLength'\] The value has a length of '(?P<length>\d+)'")
_MAX_LENGTH = re.compile(r"\[facet 'maxLength'\].*allowed maximum length of '(?P<limit>\d+)'")
_NAMESPACE = re.compile(r"\{[a-z]+:[^}]*\}")  # {http://...}name; not a pattern's {4}


@dataclass(frozen=True)
class SchemaError:
    """One complaint of the schema: where (an XPath), about which element, and libxml2's words."""

    path: str
    element: str
    message: str
    line: int


class _MathMLFromDisk(etree.Resolver):
    """Crossref's schema imports MathML 3 from w3.org; the same files are in ``schema/``."""

    def resolve(self, url, pubid, context):
        if url and url.startswith(MATHML_URL):
            return self.resolve_filename(str(MATHML_DIR / url[len(MATHML_URL) :]), context)
        return None


@functools.cache
def compiled_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_MathMLFromDisk())
    return etree.XMLSchema(etree.parse(str(MAIN_SCHEMA), parser))


def schema_errors(xml: bytes) -> list[SchemaError]:
    """What the schema says is wrong with ``xml`` (an empty list: it is valid)."""
    try:
        document = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [SchemaError(path="/", element="", message=f"The file is not well-formed XML: {exc}", line=0)]
    schema = compiled_schema()
    with _validation_lock:
        if schema.validate(document):
            return []
        entries = list(schema.error_log)
    return [_error(document, entry) for entry in entries]


def _error(document: etree._Element, entry) -> SchemaError:
    found = document.xpath(entry.path) if entry.path else []
    element = found[0] if found and isinstance(found[0], etree._Element) else None
    path = _readable_path(element) or entry.path or "/"
    return SchemaError(path=path, element=_local(element), message=entry.message, line=entry.line)


def _local(element: etree._Element | None) -> str:
    return etree.QName(element).localname if element is not None else ""


def _readable_path(element: etree._Element | None) -> str:
    """/doi_batch/body/journal/journal_article[2]/contributors/person_name[1]/ORCID"""
    if element is None:
        return ""
    steps = []
    while element is not None:
        name, parent = _local(element), element.getparent()
        same = [sibling for sibling in parent if _local(sibling) == name] if parent is not None else [element]
        steps.append(f"{name}[{same.index(element) + 1}]" if len(same) > 1 else name)
        element = parent
    return "/" + "/".join(reversed(steps))


# --- In the editor's words ------------------------------------------------------------------------


def explain(errors: list[SchemaError], batch: md.Batch | None = None) -> list[str]:
    """One sentence per faulty element (the first complaint about it), naming the article, author or
    reference, then the schema's own words."""
    first_per_path = {error.path: error for error in reversed(errors)}
    return [_explain_one(error, batch) for error in errors if first_per_path[error.path] is error]


def _explain_one(error: SchemaError, batch: md.Batch | None) -> str:
    where = _where(error.path, batch)
    what = ELEMENT_WORDS.get(error.element, f"<{error.element}>" if error.element else "the file")
    detail = _NAMESPACE.sub("", error.message).strip()
    sentence = f"{where}{_problem(what, error.message)}"
    return f"{sentence[0].upper()}{sentence[1:]} (schema: {detail} at {error.path})"


def _problem(what: str, message: str) -> str:
    if missing := _MISSING.search(message):
        return f"{_words(missing.group('names'), every=True)} is missing from {what}."
    if "This element is not expected" in message and (expected := _EXPECTED.search(message)):
        # libxml2 lists what may come next in schema order: optional elements, then the required one.
        return f"{_words(expected.group('names'), every=False)} is missing ({what} came where it belongs)."
    if pattern := _PATTERN.search(message):
        return f"{what} '{pattern.group('value')}' is not in the form Crossref accepts."
    if enum := _ENUM.search(message):
        return f"{what} '{enum.group('value')}' is not one of the values Crossref accepts."
    if (short := _MIN_LENGTH.search(message)) and short.group("length") == "0":
        return f"{what} is empty."
    if short:
        return f"{what} is too short."
    if long := _MAX_LENGTH.search(message):
        return f"{what} is too long (at most {long.group('limit')} characters)."
    if "This element is not expected" in message:
        return f"{what} is not allowed there."
    return f"{what} is not accepted."


def _words(names: str, *, every: bool) -> str:
    found = [_NAMESPACE.sub("", name).strip() for name in names.split(",")]
    chosen = found if every else found[-1:]
    return " or ".join(ELEMENT_WORDS.get(name, f"<{name}>") for name in chosen)


def _where(path: str, batch: md.Batch | None) -> str:
    """'Article 10.48015/x, author 2 (Korolev): ' from a readable path, when the batch is known."""
    article_match = re.search(r"/journal_article(?:\[(\d+)\])?", path)
    if article_match is None:
        return "The journal: " if "/journal_metadata" in path or "/journal_issue" in path else ""
    index = int(article_match.group(1) or 1) - 1
    article = batch.articles[index] if batch is not None and index < len(batch.articles) else None
    parts = [f"Article {article.doi}" if article else f"Article {index + 1} of the batch"]
    if person := re.search(r"/person_name(?:\[(\d+)\])?", path):
        number = int(person.group(1) or 1)
        name = ""
        if article is not None and number <= len(article.contributors) and article.contributors[number - 1].family_name:
            name = f" ({article.contributors[number - 1].family_name})"
        parts.append(f"author {number}{name}")
    if citation := re.search(r"/citation(?:\[(\d+)\])?(?:/|$)", path):
        parts.append(f"reference {int(citation.group(1) or 1)}")
    return ", ".join(parts) + ": "
