"""Metadata for indexers: Google Scholar (Highwire citation_*), Dublin Core, Open Graph, schema.org.

Each function returns plain (name, content) pairs or a JSON string; the template escapes them.
"""

from __future__ import annotations

import json
from typing import Any

from editorial.publishing.views.article_context import ArticlePage

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _date(page: ArticlePage, separator: str) -> str:
    """The publication date (the issue's; see ``article_dates``), as a day or a year."""
    published = page.dates.publication
    return published.text(separator) if published else ""


def scholar_tags(page: ArticlePage) -> list[tuple[str, str]]:
    """Google Scholar's inclusion guidelines: one tag per author, each followed by its institutions."""
    record = page.record
    tags = [("citation_title", record.title)]
    for contributor in page.contributors:
        tags.append(("citation_author", f"{contributor.family}, {contributor.given}".strip(", ")))
        tags += [("citation_author_institution", a.institution) for a in contributor.affiliations]
        if contributor.orcid:
            tags.append(("citation_author_orcid", contributor.orcid_url))
    tags += [
        ("citation_publication_date", _date(page, "/")),
        ("citation_online_date", page.dates.online_text("/")),
        ("citation_journal_title", record.journal_title),
        ("citation_journal_abbrev", record.journal_abbreviation),
        ("citation_publisher", record.publisher),
    ]
    tags += [("citation_issn", issn) for issn in record.issns]
    tags += [
        ("citation_volume", record.volume),
        ("citation_issue", record.issue),
        ("citation_firstpage", record.first_page or record.article_number),
        ("citation_lastpage", record.last_page),
        ("citation_doi", record.doi),
        ("citation_abstract_html_url", page.canonical_url),
        ("citation_pdf_url", page.pdf_url),
        ("citation_language", record.language),
    ]
    tags += [("citation_keywords", keyword) for keyword in record.keywords]
    tags += [("citation_reference", reference.raw_text) for reference in page.references]
    return [(name, value) for name, value in tags if value]


def dublin_core_tags(page: ArticlePage) -> list[tuple[str, str]]:
    record = page.record
    tags = [("DC.title", record.title)]
    tags += [("DC.creator", f"{c.family}, {c.given}".strip(", ")) for c in page.contributors]
    tags += [
        ("DC.date", _date(page, "-")),
        ("DC.type", "Text.Serial.Journal"),
        ("DC.format", "text/html"),
        ("DC.identifier", record.doi_url),
        ("DC.identifier", page.canonical_url),
        ("DC.language", record.language),
        ("DC.publisher", record.publisher),
        ("DC.source", record.journal_title),
    ]
    tags += [("DC.source.ISSN", issn) for issn in record.issns]
    tags += [
        ("DC.source.volume", record.volume),
        ("DC.source.issue", record.issue),
        ("DC.citation.spage", record.first_page),
        ("DC.citation.epage", record.last_page),
        ("DC.description", page.abstract_text),
        ("DC.rights", page.journal.license_url),
    ]
    tags += [("DC.subject", keyword) for keyword in record.keywords]
    return [(name, value) for name, value in tags if value]


def open_graph_tags(page: ArticlePage) -> list[tuple[str, str]]:
    record = page.record
    description = page.abstract_text
    if len(description) > 300:
        description = description[:297].rsplit(" ", 1)[0] + "..."
    tags = [
        ("og:type", "article"),
        ("og:title", record.title),
        ("og:url", page.canonical_url),
        ("og:site_name", record.journal_title),
        ("og:description", description),
        ("og:locale", {"en": "en_US", "ru": "ru_RU"}.get(page.lang, page.lang)),
        # Open Graph describes the web page: it was published when it went online.
        ("article:published_time", page.dates.online_text("-") or _date(page, "-")),
    ]
    tags += [("article:author", c.full_name) for c in page.contributors]
    tags += [("article:tag", keyword) for keyword in record.keywords]
    return [(name, value) for name, value in tags if value]


def scholarly_article(page: ArticlePage) -> dict[str, Any]:
    """schema.org ScholarlyArticle, nested in its issue, volume and periodical."""
    record = page.record
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": page.canonical_url,
        "url": page.canonical_url,
        "headline": record.title,
        "name": record.title,
        "inLanguage": record.language,
        "author": [_person(c) for c in page.contributors],
    }
    optional = {
        "datePublished": _date(page, "-"),
        "description": page.abstract_text,
        "keywords": list(record.keywords),
        "pageStart": record.first_page,
        "pageEnd": record.last_page,
        "pagination": record.pages,
        "sameAs": record.doi_url,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi} if record.doi else None,
        "isPartOf": _issue(page),
        "publication": _online_event(page),
        "citation": [_cited(reference) for reference in page.references],
        "encoding": [{"@type": "MediaObject", "encodingFormat": "application/pdf", "contentUrl": page.pdf_url}]
        if page.pdf_url
        else None,
        "license": page.journal.license_url,
    }
    data |= {name: value for name, value in optional.items() if value}
    return data


def _person(contributor) -> dict[str, Any]:
    person: dict[str, Any] = {
        "@type": "Person",
        "name": contributor.full_name,
        "givenName": contributor.given,
        "familyName": contributor.family,
    }
    if contributor.affiliations:
        person["affiliation"] = [
            {
                "@type": "Organization",
                "name": a.institution,
                **({"address": {"@type": "PostalAddress", "addressCountry": a.country}} if a.country else {}),
            }
            for a in contributor.affiliations
        ]
    if contributor.orcid:
        person["identifier"] = contributor.orcid_url
        person["sameAs"] = contributor.orcid_url
    return person


def _issue(page: ArticlePage) -> dict[str, Any]:
    record = page.record
    periodical: dict[str, Any] = {"@type": "Periodical", "name": record.journal_title}
    if record.issns:
        periodical["issn"] = list(record.issns)
    if record.publisher:
        periodical["publisher"] = {"@type": "Organization", "name": record.publisher}
    part: dict[str, Any] = periodical
    if record.volume:
        part = {"@type": "PublicationVolume", "volumeNumber": record.volume, "isPartOf": part}
    if record.issue:
        part = {"@type": "PublicationIssue", "issueNumber": record.issue, "isPartOf": part}
        if page.dates.issue:
            part["datePublished"] = page.dates.issue.text("-")
    return part


def _online_event(page: ArticlePage) -> dict[str, Any] | None:
    """The day the article went online, labelled as such (its datePublished is the issue's)."""
    if not page.dates.online:
        return None
    return {"@type": "PublicationEvent", "name": "Published online", "startDate": page.dates.online_text("-")}


def _cited(reference) -> dict[str, Any]:
    cited: dict[str, Any] = {"@type": "CreativeWork", "name": reference.raw_text}
    if reference.doi:
        cited["sameAs"] = f"https://doi.org/{reference.doi}"
    return cited


def json_ld(page: ArticlePage) -> str:
    """The JSON-LD text, safe inside <script>: <, > and & are written as \\u escapes."""
    return json.dumps(scholarly_article(page), ensure_ascii=False, indent=None).translate(_JSON_SCRIPT_ESCAPES)
