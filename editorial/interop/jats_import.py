"""Reading a JATS article (1.x, Journal Publishing or Archiving) into an ``ImportedArticle``.

Each element the import keeps is marked as used; whatever is left is reported as not mapped (a
body, funding, an unknown date type), so an editor knows what the journal's record will lack.
Elements the site writes itself (the article's address, the journal's licence) count as used.
Parsing never touches the network and expands no entity: a JATS file is untrusted input.
"""

from __future__ import annotations

import datetime
import re

from django_countries import countries
from lxml import etree

from editorial.interop.jats_export import ADDED_DOI
from editorial.interop.jats_schema import JATS_NS
from editorial.interop.record import (
    ImportedAffiliation,
    ImportedArticle,
    ImportedContributor,
    ImportedReference,
    ImportRejected,
)
from editorial.interop.richtext import inline_html, stored_abstract
from editorial.validators import normalize_doi, normalize_issn, normalize_orcid

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTRIBUTOR_ROLES = {"author", "editor", "translator"}
# Kept wholesale: the article's own address and the licence are the site's and the journal's.
REGENERATED = {"self-uri", "permissions", "journal-id", "journal-title-group", "publisher", "label"}


def parse_jats(data: bytes) -> ImportedArticle:
    """The article in a JATS file; ``ImportRejected`` when the file is not well-formed or not JATS."""
    root = _parse(data)
    return _Reader(root).article()


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportRejected(f"The file is not well-formed XML ({exc}). Nothing was imported.") from exc
    if root is None:
        raise ImportRejected("The file is empty. Nothing was imported.")
    name = etree.QName(root)
    if name.namespace not in (None, JATS_NS) or name.localname != "article":
        shown = name.localname if name.namespace in (None, JATS_NS) else root.tag
        raise ImportRejected(
            f"This is not a JATS article: its root element is <{shown}>, and a JATS file starts with <article>. "
            "Nothing was imported."
        )
    if name.namespace:
        _drop_namespace(root)
    return root


def _drop_namespace(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).namespace == JATS_NS:
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(root)


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _rich(element: etree._Element | None) -> str:
    """A title: plain text, or HTML when it carries emphasis."""
    if element is None:
        return ""
    return " ".join(inline_html(element).split()) if len(element) else _text(element)


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.used: set[etree._Element] = set()
        self.language = (root.get(XML_LANG) or "en").lower().split("-")[0]

    # --- marking -------------------------------------------------------------------------------

    def use(self, element: etree._Element | None, *, whole: bool = False) -> etree._Element | None:
        if element is not None:
            self.used.update(element.iter() if whole else [element])
        return element

    def find(self, parent: etree._Element, path: str, *, whole: bool = True) -> etree._Element | None:
        return self.use(parent.find(path), whole=whole)

    def findall(self, parent: etree._Element, path: str, *, whole: bool = True) -> list[etree._Element]:
        found = parent.findall(path)
        for element in found:
            self.use(element, whole=whole)
        return found

    def unmapped(self) -> list[str]:
        """Readable paths of the outermost elements nothing read, each once."""
        paths: list[str] = []
        for element in self.root.iter():
            if not isinstance(element.tag, str) or element in self.used:
                continue
            parent = element.getparent()
            if parent is not None and parent not in self.used:
                continue  # its parent is reported already
            path = self.root.getroottree().getpath(element)
            path = re.sub(r"\[\d+\]", "", path)
            if path not in paths:
                paths.append(path)
        return paths

    # --- the article -----------------------------------------------------------------------------

    def article(self) -> ImportedArticle:
        self.use(self.root)
        front = self.find(self.root, "front", whole=False)
        meta = front.find("article-meta") if front is not None else None
        if meta is None:
            raise ImportRejected("The JATS file has no <front>/<article-meta>: there is no article to import.")
        self.use(meta)
        article = ImportedArticle(issns=self._issns(front), language=self.language)
        self._titles(meta, article)
        if not (article.title or article.title_en):
            raise ImportRejected(
                "The JATS file has no <article-title>: an article needs a title. Nothing was imported."
            )
        self._identifiers(meta, article)
        self._contributors(meta, article)
        self._dates(meta, article)
        self._abstracts(meta, article)
        self._keywords(meta, article)
        self._references(article)
        for tag in REGENERATED:
            for element in meta.findall(tag):
                self.use(element, whole=True)
        article.unmapped = self.unmapped()
        return article

    def _issns(self, front: etree._Element) -> list[str]:
        journal_meta = self.find(front, "journal-meta", whole=False)
        if journal_meta is None:
            raise ImportRejected("The JATS file has no <journal-meta>, so the journal cannot be found by its ISSN.")
        for tag in REGENERATED:
            for element in journal_meta.findall(tag):
                self.use(element, whole=True)
        issns = [normalize_issn(_text(element)) for element in self.findall(journal_meta, "issn")]
        if not issns:
            raise ImportRejected("The JATS file gives no <issn> in <journal-meta>, so the journal cannot be found.")
        return issns

    def _titles(self, meta: etree._Element, article: ImportedArticle) -> None:
        group = self.find(meta, "title-group", whole=False)
        if group is None:
            return
        title_element = self.find(group, "article-title")
        title = _rich(title_element)
        title_language = (title_element.get(XML_LANG) or "").lower() if title_element is not None else ""
        english = ""
        for translation in group.findall("trans-title-group"):
            if (translation.get(XML_LANG) or "").lower().startswith("en"):
                self.use(translation)
                english = _rich(self.find(translation, "trans-title"))
        if self.language == "en" or (title_language.startswith("en") and not english):
            article.title_en = title
        else:
            article.title, article.title_en = title, english

    def _identifiers(self, meta: etree._Element, article: ImportedArticle) -> None:
        doi = self.find(meta, "article-id[@pub-id-type='doi']")
        article.doi = normalize_doi(_text(doi)) if doi is not None else ""
        heading = self.find(meta, "article-categories/subj-group[@subj-group-type='heading']/subject")
        if heading is not None:
            self.use(meta.find("article-categories"))
            self.use(heading.getparent())
            article.section = _text(heading)
        volume = _text(self.find(meta, "volume"))
        if volume.isdigit():
            article.volume = int(volume)
        elif volume:
            article.unmapped.append(f"volume {volume!r} (not a number)")
        article.issue_number = _text(self.find(meta, "issue"))
        article.first_page = _text(self.find(meta, "fpage"))
        article.last_page = _text(self.find(meta, "lpage"))
        article.article_number = _text(self.find(meta, "elocation-id"))

    # --- contributors ----------------------------------------------------------------------------

    def _contributors(self, meta: etree._Element, article: ImportedArticle) -> None:
        affiliations_by_id = {aff.get("id"): aff for aff in meta.iter("aff") if aff.get("id")}
        for group in meta.findall("contrib-group"):
            self.use(group)
            for element in group.findall("contrib"):
                contributor = self._contributor(element, affiliations_by_id)
                if contributor is not None:
                    article.contributors.append(contributor)

    def _contributor(self, element: etree._Element, affiliations_by_id: dict) -> ImportedContributor | None:
        names = element.findall("name") + element.findall("name-alternatives/name")
        if not names:
            return None  # a collab or an anonymous contributor: reported as not mapped
        self.use(element)
        self.use(element.find("name-alternatives"))
        kind = element.get("contrib-type", "author")
        contributor = ImportedContributor(family_name="", role=kind if kind in CONTRIBUTOR_ROLES else "author")
        for name in names:
            self.use(name, whole=True)
            family, given = _text(name.find("surname")), _text(name.find("given-names"))
            lang = (name.get(XML_LANG) or "").lower()
            if lang.startswith("en") and self.language != "en" and contributor.family_name:
                contributor.family_name_en, contributor.given_names_en = family, given
            elif not contributor.family_name:
                contributor.family_name, contributor.given_names = family, given
        orcid = self.find(element, "contrib-id[@contrib-id-type='orcid']")
        contributor.orcid = normalize_orcid(_text(orcid)) if orcid is not None else ""
        contributor.email = _text(self.find(element, "email"))
        corresponding_xref = self.find(element, "xref[@ref-type='corresp']")
        contributor.is_corresponding = element.get("corresp") == "yes" or corresponding_xref is not None
        affiliations = self.findall(element, "aff")
        for xref in self.findall(element, "xref[@ref-type='aff']"):
            for rid in (xref.get("rid") or "").split():
                if rid in affiliations_by_id:
                    affiliations.append(self.use(affiliations_by_id[rid], whole=True))
        contributor.affiliations = [self._affiliation(aff) for aff in affiliations]
        return contributor

    def _affiliation(self, aff: etree._Element) -> ImportedAffiliation:
        institutions = aff.findall(".//institution")
        main = [i for i in institutions if i.get("content-type") in (None, "orgname")]
        divisions = [i for i in institutions if (i.get("content-type") or "").startswith("orgdiv")]
        country = aff.find("country")
        code = (country.get("country") or "").upper() if country is not None else ""
        if country is not None and not code:
            code = countries.by_name(_text(country)) or ""
        ror = aff.find(".//institution-id[@institution-id-type='ror']")
        if not institutions:  # an affiliation printed as one string
            label = aff.find("label")
            text = " ".join(t for t in aff.xpath("text()") if t.strip()).strip(" ,")
            return ImportedAffiliation(institution=text or _text(aff).removeprefix(_text(label)).strip())
        return ImportedAffiliation(
            institution=", ".join(_text(i) for i in main) or _text(institutions[0]),
            department=", ".join(_text(i) for i in divisions),
            address=", ".join(_text(line) for line in aff.findall("addr-line") + aff.findall("city")),
            country=code,
            ror_id=_text(ror),
        )

    # --- dates, abstracts, keywords ------------------------------------------------------------

    def _dates(self, meta: etree._Element, article: ImportedArticle) -> None:
        for element in meta.findall("pub-date"):
            kind = element.get("date-type") or element.get("pub-type") or ""
            day = _date(element)
            if kind in ("collection", "ppub") or (day is None and element.findtext("year")):
                self.use(element, whole=True)
                year = _text(element.find("year"))
                article.year = int(year) if year.isdigit() else article.year
                if kind == "ppub" and day and article.published_on is None:
                    article.published_on = day
            elif day is not None:
                self.use(element, whole=True)
                article.published_on = day
        self.find(meta, "pub-date-not-available")
        history = self.find(meta, "history", whole=False)
        if history is None:
            return
        for element in history.findall("date"):
            kind, day = element.get("date-type"), _date(element)
            if day is not None and kind in ("received", "accepted"):
                self.use(element, whole=True)
                setattr(article, f"{kind}_on", day)
        if article.year is None and article.published_on:
            article.year = article.published_on.year

    def _abstracts(self, meta: etree._Element, article: ImportedArticle) -> None:
        for element in meta.findall("abstract") + meta.findall("trans-abstract"):
            if element.get("abstract-type") in ("graphical", "teaser", "toc"):
                continue
            lang = (element.get(XML_LANG) or (self.language if element.tag == "abstract" else "")).lower()
            paragraphs = element.findall(".//p")
            text = stored_abstract(paragraphs) if paragraphs else _text(element)
            if lang.startswith("en") and not article.abstract_en:
                article.abstract_en = text
            elif lang == self.language and self.language != "en" and not article.abstract:
                article.abstract = text
            else:
                continue
            self.use(element, whole=True)

    def _keywords(self, meta: etree._Element, article: ImportedArticle) -> None:
        for group in meta.findall("kwd-group"):
            lang = (group.get(XML_LANG) or self.language).lower()
            words = [_text(kwd) for kwd in group.findall("kwd") if _text(kwd)]
            if lang.startswith("en") and not article.keywords_en:
                article.keywords_en = words
            elif lang == self.language and self.language != "en" and not article.keywords:
                article.keywords = words
            else:
                continue
            self.use(group, whole=True)

    # --- references --------------------------------------------------------------------------

    def _references(self, article: ImportedArticle) -> None:
        back = self.find(self.root, "back", whole=False)
        ref_list = self.find(back, "ref-list", whole=False) if back is not None else None
        if ref_list is None:
            return
        self.find(ref_list, "title")
        for ref in ref_list.findall("ref"):
            reference = self._reference(ref)
            if reference is not None:
                self.use(ref)
                self.find(ref, "label")
                article.references.append(reference)

    def _reference(self, ref: etree._Element) -> ImportedReference | None:
        citation = ref.find(".//mixed-citation")
        if citation is None:
            citation = ref.find(".//element-citation")
        if citation is None:
            return None
        self.use(citation, whole=True)
        self.use(ref.find("citation-alternatives"))
        doi_element = citation.find(".//pub-id[@pub-id-type='doi']")
        doi = normalize_doi(_text(doi_element)) if doi_element is not None else ""
        if citation.tag == "mixed-citation":
            text = _printed_text(citation)
        else:
            text = " ".join(_text(part) for part in citation if isinstance(part.tag, str))
        return ImportedReference(raw_text=text, doi=doi) if text else None


def _printed_text(citation: etree._Element) -> str:
    """The reference as printed: a DOI the export added after the text is not part of it."""
    last = citation[-1] if len(citation) else None
    if last is not None and last.tag == "pub-id" and last.get("specific-use") == ADDED_DOI:
        pieces = [citation.text or ""]
        for child in citation[:-1]:
            pieces += ["".join(child.itertext()), child.tail or ""]
        return " ".join("".join(pieces).split())
    return " ".join("".join(citation.itertext()).split())


def _date(element: etree._Element) -> datetime.date | None:
    iso = element.get("iso-8601-date") or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        try:
            return datetime.date.fromisoformat(iso)
        except ValueError:
            return None
    parts = [_text(element.find(name)) for name in ("year", "month", "day")]
    if not all(part.isdigit() for part in parts):
        return None
    try:
        return datetime.date(*(int(part) for part in parts))
    except ValueError:
        return None
