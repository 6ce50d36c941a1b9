"""A Crossref work (the REST API's JSON ``message``) as an ``ImportedArticle``. Plain Python.

Crossref keeps what the publisher deposited: titles (and an ``original-title`` when the deposit
gave both languages), authors with ORCID iDs and affiliation names, the abstract as JATS, volume,
issue, pages, dates as ``date-parts``, and the reference list, each reference either as printed
(``unstructured``) or in parts. What the journal's record has no place for is reported as not
mapped, like a JATS import's leftovers.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from typing import Any

from lxml import etree

from editorial.interop.jats_schema import JATS_NS
from editorial.interop.record import (
    ImportedAffiliation,
    ImportedArticle,
    ImportedContributor,
    ImportedReference,
    ImportRejected,
)
from editorial.interop.richtext import stored_abstract
from editorial.validators import normalize_issn, normalize_orcid

ROLES = {"author": "author", "editor": "editor", "translator": "translator"}
IGNORED_KEYS = ("funder", "clinical-trial-number", "update-to", "relation", "assertion", "archive")


def work_to_article(work: dict[str, Any]) -> ImportedArticle:
    if work.get("type") != "journal-article":
        kind = str(work.get("type") or "an unknown type").replace("-", " ")
        raise ImportRejected(f"The DOI {work.get('DOI', '')} is {kind}, not a journal article; nothing was imported.")
    issns = _issns(work)
    if not issns:
        raise ImportRejected(f"Crossref gives no ISSN for {work.get('DOI')}, so its journal cannot be found here.")
    language = str(work.get("language") or "en").lower().split("-")[0]
    article = ImportedArticle(
        issns=issns, journal_title=_first(work.get("container-title")), language=language, doi=str(work.get("DOI", ""))
    )
    _titles(work, article)
    _numbers(work, article)
    _dates(work, article)
    article.abstract_en, article.abstract = _abstract_fields(work, language)
    article.contributors = [c for role in ROLES for c in _people(work.get(role) or [], ROLES[role], article)]
    article.references = [r for r in (_reference(entry) for entry in work.get("reference") or []) if r]
    article.unmapped += [key for key in IGNORED_KEYS if work.get(key)]
    return article


def _first(values: Any) -> str:
    return " ".join(str(values[0]).split()) if isinstance(values, list) and values else ""


def _issns(work: dict[str, Any]) -> list[str]:
    values = [entry.get("value", "") for entry in work.get("issn-type") or [] if isinstance(entry, dict)]
    values += list(work.get("ISSN") or [])
    issns: list[str] = []
    for value in values:
        issn = normalize_issn(str(value))
        if issn and issn not in issns:
            issns.append(issn)
    return issns


def _titles(work: dict[str, Any], article: ImportedArticle) -> None:
    title, original = _first(work.get("title")), _first(work.get("original-title"))
    subtitle = _first(work.get("subtitle"))
    if subtitle:
        title = f"{title}: {subtitle}"
    if not (title or original):
        raise ImportRejected(f"Crossref's record of {work.get('DOI')} has no title; nothing was imported.")
    if article.language == "en":
        article.title_en = title or original
    elif original:
        article.title, article.title_en = original, title
    else:
        article.title = title


def _numbers(work: dict[str, Any], article: ImportedArticle) -> None:
    volume = str(work.get("volume") or "")
    if volume.isdigit():
        article.volume = int(volume)
    elif volume:
        article.unmapped.append(f"volume {volume!r} (not a number)")
    article.issue_number = str(work.get("issue") or "")
    pages = str(work.get("page") or "")
    first, _, last = pages.partition("-")
    article.first_page, article.last_page = first.strip(), last.strip()
    article.article_number = str(work.get("article-number") or "")


def _date_of(work: dict[str, Any], key: str) -> list[int]:
    parts = ((work.get(key) or {}).get("date-parts") or [[]])[0] or []
    return [int(part) for part in parts if isinstance(part, int | str) and str(part).isdigit()]


def _dates(work: dict[str, Any], article: ImportedArticle) -> None:
    for key in ("published-online", "published-print", "published", "issued"):
        parts = _date_of(work, key)
        if len(parts) == 3 and article.published_on is None:
            with contextlib.suppress(ValueError):
                article.published_on = datetime.date(*parts)
    for key in ("published-print", "issued", "published", "published-online"):
        parts = _date_of(work, key)
        if parts:
            article.year = parts[0]
            break


def _abstract_fields(work: dict[str, Any], language: str) -> tuple[str, str]:
    """(English abstract, original abstract): Crossref has one, in the article's language."""
    text = _abstract(str(work.get("abstract") or ""))
    return (text, "") if language == "en" else ("", text)


def _abstract(jats: str) -> str:
    if not jats.strip():
        return ""
    try:
        element = etree.fromstring(
            f'<abstract xmlns:jats="{JATS_NS}">{jats}</abstract>'.encode(),
            etree.XMLParser(resolve_entities=False, no_network=True, recover=True),
        )
    except etree.XMLSyntaxError:
        return " ".join(re.sub(r"<[^>]+>", " ", jats).split())
    for node in element.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
    paragraphs = list(element.iter("p"))
    return stored_abstract(paragraphs) if paragraphs else " ".join("".join(element.itertext()).split())


def _people(entries: list[dict[str, Any]], role: str, article: ImportedArticle) -> list[ImportedContributor]:
    people = []
    for entry in entries:
        if not entry.get("family"):
            article.unmapped.append(f"{role} {entry.get('name') or entry.get('given') or '?'!r} (no family name)")
            continue
        affiliations = [
            ImportedAffiliation(institution=" ".join(str(a.get("name", "")).split())[:300])
            for a in entry.get("affiliation") or []
            if isinstance(a, dict) and a.get("name")
        ]
        people.append(
            ImportedContributor(
                family_name=str(entry["family"]),
                given_names=str(entry.get("given") or ""),
                role=role,
                orcid=normalize_orcid(str(entry["ORCID"])) if entry.get("ORCID") else "",
                affiliations=affiliations,
            )
        )
    return people


def _reference(entry: dict[str, Any]) -> ImportedReference | None:
    if not isinstance(entry, dict):
        return None
    text = " ".join(str(entry.get("unstructured") or "").split())
    if not text:
        parts = [
            entry.get("author"),
            entry.get("article-title") or entry.get("volume-title") or entry.get("series-title"),
            entry.get("journal-title"),
            _volume_pages(entry),
        ]
        text = ". ".join(str(part).strip().rstrip(".") for part in parts if part)
        text = f"{text}." if text else ""
    doi = str(entry.get("DOI") or "")
    if not text and doi:
        text = f"https://doi.org/{doi}"
    return ImportedReference(raw_text=text, doi=doi) if text else None


def _volume_pages(entry: dict[str, Any]) -> str:
    year, volume, issue, page = (str(entry.get(key) or "") for key in ("year", "volume", "issue", "first-page"))
    label = year
    if volume:
        label += f";{volume}" if label else volume
    if issue:
        label += f"({issue})"
    if page:
        label += f":{page}"
    return label
