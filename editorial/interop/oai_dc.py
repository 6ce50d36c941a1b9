"""An article as simple Dublin Core (``oai_dc``), the format every OAI-PMH harvester reads."""

from __future__ import annotations

from lxml import etree

from editorial.interop.jats_export import article_url
from editorial.interop.richtext import plain_text
from editorial.production.models import Article
from editorial.publishing.dates import article_dates
from editorial.richtext import xml_safe

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def dublin_core(article: Article) -> etree._Element:
    submission, journal = article.submission, article.submission.journal
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")

    def add(name: str, text: str, lang: str = "") -> None:
        text = " ".join(xml_safe(text).split())
        if text:
            element = etree.SubElement(root, f"{{{DC_NS}}}{name}")
            element.text = text
            if lang:
                element.set(XML_LANG, lang)

    original_language = "" if submission.is_english else submission.language
    add("title", plain_text(submission.title), original_language or "en")
    add("title", plain_text(submission.title_en), "en")
    for contributor in submission.contributors.all():
        given, family = contributor.name_en
        add("creator" if contributor.role == "author" else "contributor", f"{family}, {given}".strip(", "))
    for keyword in submission.keywords if original_language else []:
        add("subject", keyword, original_language)
    for keyword in submission.keywords_en:
        add("subject", keyword, "en")
    if original_language:
        add("description", plain_text(submission.abstract), original_language)
    add("description", plain_text(submission.abstract_en), "en")
    add("publisher", journal.publisher)
    published = article_dates(article).publication  # the issue's date, as citations give it
    if published:
        add("date", published.text("-"))
    add("type", "Text")
    add("type", "info:eu-repo/semantics/article")
    add("identifier", article_url(article))
    if article.doi:
        add("identifier", article.doi_url)
    add("source", _source(article))
    for issn in (journal.issn_print, journal.issn_online):
        add("source", f"ISSN {issn}" if issn else "")
    add("language", submission.language)
    add("rights", journal.license_url)
    return root


def _source(article: Article) -> str:
    """'Journal; Vol 13, No 3 (2021); 75-111', as harvesters print it."""
    journal = article.submission.journal
    parts = [journal.title_en or journal.title]
    issue = article.issue
    if issue is not None:
        volume = f"Vol {issue.volume}, " if issue.volume is not None else ""
        parts.append(f"{volume}No {issue.number} ({issue.year})")
    if article.pages:
        parts.append(article.pages)
    return "; ".join(parts)
