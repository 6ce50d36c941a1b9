"""An article as JATS 1.3 (Journal Publishing), built with lxml from a prefetched Article.

Metadata only: the journal and article front matter, contributors with affiliations and ORCID iDs,
abstracts and keywords in both languages, publication history, and the reference list as
``mixed-citation`` whose DOI is a ``pub-id``. The article is read as loaded by
``selectors.interop.with_everything_printed``, so exporting it makes no query.

Where the language is not English the original title, abstract and keywords are the primary ones
and the English ones are the translations (``trans-title-group``, ``trans-abstract``); an English
article has no translation. A reference's DOI is marked where its text already prints it; a DOI
that the text does not print is added after it as a ``pub-id`` with ``specific-use="metadata"``,
so that an import can give back the printed text unchanged.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from lxml import etree

from editorial.interop.richtext import append_jats_paragraphs, copy_inline, html_paragraphs
from editorial.production.models import Article
from editorial.publishing.dates import article_dates
from editorial.richtext import xml_safe
from editorial.submissions.models import Contributor, Event

XLINK_NS = "http://www.w3.org/1999/xlink"
MML_NS = "http://www.w3.org/1998/Math/MathML"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALI_NS = "http://www.niso.org/schemas/ali/1.0/"
NSMAP = {"xlink": XLINK_NS, "mml": MML_NS, "ali": ALI_NS}
DTD_PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN"
DTD_SYSTEM_ID = "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3.dtd"
ADDED_DOI = "metadata"  # specific-use of a pub-id the printed reference does not contain
ORCID_URL = "https://orcid.org/"


def article_url(article: Article) -> str:
    path = reverse("article", kwargs={"journal_slug": article.submission.journal.slug, "article_id": article.pk})
    return f"{settings.SITE_URL}{path}"


def jats_bytes(article: Article) -> bytes:
    """The standalone JATS document, with its DOCTYPE, as a file to download."""
    return etree.tostring(
        jats_element(article),
        xml_declaration=True,
        encoding="UTF-8",
        pretty_print=True,
        doctype=f'<!DOCTYPE article PUBLIC "{DTD_PUBLIC_ID}" "{DTD_SYSTEM_ID}">',
    )


def jats_element(article: Article) -> etree._Element:
    submission = article.submission
    root = etree.Element("article", nsmap=NSMAP)
    root.set("article-type", "research-article")
    root.set("dtd-version", "1.3")
    root.set(XML_LANG, submission.language)
    front = _sub(root, "front")
    _journal_meta(front, article)
    _article_meta(front, article)
    references = list(submission.references.all())
    if references:
        ref_list = _sub(_sub(root, "back"), "ref-list")
        _sub(ref_list, "title", "References")
        for reference in references:
            _reference(ref_list, reference, prefix=f"a{article.pk}-")
    return root


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(
        parent, tag, {name.replace("_", "-"): xml_safe(value) for name, value in attributes.items()}
    )
    if text is not None:
        element.text = xml_safe(text)
    return element


def _journal_meta(front: etree._Element, article: Article) -> None:
    journal = article.submission.journal
    meta = _sub(front, "journal-meta")
    _sub(meta, "journal-id", journal.slug, journal_id_type="publisher-id")
    titles = _sub(meta, "journal-title-group")
    _sub(titles, "journal-title", journal.title)
    if journal.title_en and journal.title_en != journal.title:
        translation = _sub(titles, "trans-title-group")
        translation.set(XML_LANG, "en")
        _sub(translation, "trans-title", journal.title_en)
    if journal.abbreviation:
        _sub(titles, "abbrev-journal-title", journal.abbreviation, abbrev_type="publisher")
    if journal.issn_print:
        _sub(meta, "issn", journal.issn_print, publication_format="print")
    if journal.issn_online:
        _sub(meta, "issn", journal.issn_online, publication_format="electronic")
    if journal.publisher:
        _sub(_sub(meta, "publisher"), "publisher-name", journal.publisher)


def _article_meta(front: etree._Element, article: Article) -> None:
    submission = article.submission
    meta = _sub(front, "article-meta")
    if article.doi:
        _sub(meta, "article-id", article.doi, pub_id_type="doi")
    if article.section_id:
        group = _sub(_sub(meta, "article-categories"), "subj-group", subj_group_type="heading")
        _sub(group, "subject", article.section.title)
    _title_group(meta, submission)
    contributors = list(submission.contributors.all())
    if contributors:
        group = _sub(meta, "contrib-group")
        for contributor in contributors:
            _contributor(group, contributor)
    _pub_dates(meta, article)
    if article.issue_id:
        if article.issue.volume is not None:
            _sub(meta, "volume", str(article.issue.volume))
        _sub(meta, "issue", article.issue.number)
    if article.first_page:
        _sub(meta, "fpage", article.first_page)
        if article.last_page:
            _sub(meta, "lpage", article.last_page)
    elif article.article_number:
        _sub(meta, "elocation-id", article.article_number)
    _history(meta, article)
    if submission.journal.license_url:
        permissions = _sub(meta, "permissions")
        license = _sub(permissions, "license")
        license.set(f"{{{XLINK_NS}}}href", submission.journal.license_url)
        # JATS 1.3 wants the license said inside <license>: NISO ALI's license_ref is the URL itself.
        etree.SubElement(license, f"{{{ALI_NS}}}license_ref").text = submission.journal.license_url
    _sub(meta, "self-uri").set(f"{{{XLINK_NS}}}href", article_url(article))
    _abstracts(meta, submission)
    _keywords(meta, submission)


def _title_group(meta: etree._Element, submission) -> None:
    group = _sub(meta, "title-group")
    if submission.is_english:
        _inline(_sub(group, "article-title"), submission.title_en or submission.title)
        return
    title = _sub(group, "article-title")
    if not submission.title:  # only the English title is known: say so, rather than pass it off as the original
        title.set(XML_LANG, "en")
    _inline(title, submission.title or submission.title_en)
    if submission.title and submission.title_en:
        translation = _sub(group, "trans-title-group")
        translation.set(XML_LANG, "en")
        _inline(_sub(translation, "trans-title"), submission.title_en)


def _inline(element: etree._Element, text: str) -> None:
    """A title may carry italics (a species name): kept as JATS emphasis."""
    paragraphs = html_paragraphs(text)
    if paragraphs:
        copy_inline(paragraphs[0], element)


def _contributor(group: etree._Element, contributor: Contributor) -> None:
    element = _sub(group, "contrib", contrib_type=contributor.role)
    if contributor.is_corresponding:
        element.set("corresp", "yes")
    if contributor.orcid:
        _sub(element, "contrib-id", ORCID_URL + contributor.orcid, contrib_id_type="orcid")
    english = (contributor.given_names_en, contributor.family_name_en)
    if any(english) and english != (contributor.given_names, contributor.family_name):
        alternatives = _sub(element, "name-alternatives")
        _name(alternatives, contributor.family_name, contributor.given_names, lang="")
        _name(alternatives, *reversed(contributor.name_en), lang="en")
    else:
        _name(element, contributor.family_name, contributor.given_names, lang="")
    for affiliation in contributor.affiliations.all():
        aff = _sub(element, "aff")
        wrap = _sub(aff, "institution-wrap")
        _sub(wrap, "institution", affiliation.institution, content_type="orgname")
        if affiliation.department:
            _sub(wrap, "institution", affiliation.department, content_type="orgdiv1")
        if affiliation.ror_id:
            _sub(wrap, "institution-id", affiliation.ror_id, institution_id_type="ror")
        if affiliation.address:
            _sub(aff, "addr-line", affiliation.address)
        if affiliation.country:
            _sub(aff, "country", str(affiliation.country.name), country=affiliation.country.code)
    if contributor.email:
        _sub(element, "email", contributor.email)


def _name(parent: etree._Element, family: str, given: str, *, lang: str) -> None:
    name = _sub(parent, "name")
    if lang:
        name.set(XML_LANG, lang)
    _sub(name, "surname", family)
    if given:
        _sub(name, "given-names", given)


def _date(parent: etree._Element, tag: str, day: datetime.date, **attributes: str) -> None:
    element = _sub(parent, tag, iso_8601_date=day.isoformat(), **attributes)
    _sub(element, "day", f"{day.day:02d}")
    _sub(element, "month", f"{day.month:02d}")
    _sub(element, "year", str(day.year))


def _pub_dates(meta: etree._Element, article: Article) -> None:
    """The online date as the electronic publication; the issue's date as the print collection."""
    dates = article_dates(article)
    if dates.online:
        _date(meta, "pub-date", dates.online, publication_format="electronic", date_type="pub")
    if dates.issue:
        if dates.issue.day:
            _date(meta, "pub-date", dates.issue.day, publication_format="print", date_type="collection")
        else:
            _sub(
                _sub(meta, "pub-date", publication_format="print", date_type="collection"),
                "year",
                str(dates.issue.year),
            )
    if not dates.online and not dates.issue:
        _sub(meta, "pub-date-not-available")


def accepted_on(article: Article) -> datetime.date | None:
    """The acceptance date: an import's record of it, else the day the editor accepted."""
    found = None
    for event in getattr(article.submission, "history_events", []):
        if event.action == Event.Action.IMPORTED and event.data.get("accepted_on"):
            found = datetime.date.fromisoformat(event.data["accepted_on"])
        elif event.action == Event.Action.TRANSITION:
            found = event.created_at.date()
    return found


def _history(meta: etree._Element, article: Article) -> None:
    received = article.submission.submitted_at
    accepted = accepted_on(article)
    if not (received or accepted):
        return
    history = _sub(meta, "history")
    if received:
        _date(history, "date", received.date(), date_type="received")
    if accepted:
        _date(history, "date", accepted, date_type="accepted")


def _abstracts(meta: etree._Element, submission) -> None:
    if submission.is_english:
        text = submission.abstract_en or submission.abstract
        if text.strip():
            append_jats_paragraphs(_sub(meta, "abstract"), text)
        return
    if submission.abstract.strip():
        abstract = _sub(meta, "abstract")
        abstract.set(XML_LANG, submission.language)
        append_jats_paragraphs(abstract, submission.abstract)
    if submission.abstract_en.strip():
        translation = _sub(meta, "trans-abstract")
        translation.set(XML_LANG, "en")
        append_jats_paragraphs(translation, submission.abstract_en)


def _keywords(meta: etree._Element, submission) -> None:
    groups = [(submission.language, submission.keywords)]
    if not submission.is_english:
        groups.append(("en", submission.keywords_en))
    else:
        groups = [("en", submission.keywords_en or submission.keywords)]
    for language, keywords in groups:
        if not keywords:
            continue
        group = _sub(meta, "kwd-group", kwd_group_type="author")
        group.set(XML_LANG, language)
        for keyword in keywords:
            _sub(group, "kwd", keyword)


def _reference(ref_list: etree._Element, reference, *, prefix: str) -> None:
    """ids carry the article's, so that several articles can share a document (an OAI-PMH page)."""
    ref = _sub(ref_list, "ref", id=f"{prefix}ref{reference.position}")
    _sub(ref, "label", str(reference.position))
    citation = _sub(ref, "mixed-citation")
    text, doi = xml_safe(reference.raw_text), xml_safe(reference.doi)
    where = text.lower().find(doi.lower()) if doi else -1
    if not doi:
        citation.text = text
    elif where >= 0:
        citation.text = text[:where]
        _sub(citation, "pub-id", text[where : where + len(doi)], pub_id_type="doi").tail = text[where + len(doi) :]
    else:
        citation.text = f"{text} "
        _sub(citation, "pub-id", doi, pub_id_type="doi", specific_use=ADDED_DOI)
