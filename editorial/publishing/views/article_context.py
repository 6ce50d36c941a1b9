"""What the article page shows, in one language of the article's metadata, as plain values.

Built once from an Article whose page data is prefetched (``selectors.articles``); templates,
citations and discovery metadata all read from it, so none of them queries the database.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from editorial.journals.models import CitationStyle
from editorial.production.models import Article, Galley
from editorial.publishing import citations
from editorial.publishing.citations import CitationRecord
from editorial.publishing.dates import ArticleDates, article_dates
from editorial.publishing.links import article_url
from editorial.richtext import safe_html
from editorial.submissions.models import Reference


@dataclass(frozen=True)
class AffiliationView:
    institution: str
    country: str


@dataclass(frozen=True)
class ContributorView:
    printed_name: str  # 'A. N. Korolev', as the author block prints it
    given: str
    family: str
    orcid: str
    bio: str
    affiliations: tuple[AffiliationView, ...]

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def orcid_url(self) -> str:
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    label: str
    url: str
    absolute_url: str
    is_current: bool


@dataclass
class ArticlePage:
    article: Article
    lang: str
    title: str
    abstract: str  # rich text, sanitized when shown
    keywords: list[str]
    contributors: list[ContributorView]
    references: list[Reference]
    galleys: list[Galley]
    languages: list[LanguageVersion]
    path: str  # this language version's address
    canonical_url: str
    record: CitationRecord
    house_citation: str
    house_citation_html: str
    other_citations: list[tuple[str, str]]
    galley_links: list[tuple[Galley, str]] = field(default_factory=list)
    pdf_url: str = ""
    preview: bool = False

    @property
    def journal(self):
        return self.article.submission.journal

    @property
    def submission(self):
        return self.article.submission

    @property
    def dates(self) -> ArticleDates:
        return article_dates(self.article)

    @property
    def lang_query(self) -> str:
        """'?lang=ru' when this is not the default language version, for links that keep the language."""
        return f"?lang={self.lang}" if self.languages and self.lang != self.languages[0].code else ""

    @property
    def abstract_text(self) -> str:
        """The abstract without markup, for meta descriptions."""
        return " ".join(html.unescape(strip_tags(safe_html(self.abstract))).split())

    @property
    def original_language_name(self) -> str:
        return _language_name(self.submission.language)


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def available_languages(article: Article) -> list[str]:
    """English when there is English metadata; the original language when it has its own title."""
    submission = article.submission
    languages = []
    if submission.title_en or (submission.is_english and submission.title):
        languages.append("en")
    if not submission.is_english and submission.title:
        languages.append(submission.language)
    return languages or [submission.language]


def choose_language(article: Article, requested: str) -> str:
    languages = available_languages(article)
    return requested if requested in languages else languages[0]


def build_article_page(
    article: Article, *, request: HttpRequest, lang: str = "", preview_token: str = ""
) -> ArticlePage:
    """The page's content; with ``preview_token`` the preview of it, whose links keep to the preview."""
    preview = bool(preview_token)
    lang = choose_language(article, lang)
    submission = article.submission
    english = lang == "en"
    title = (submission.title_en or submission.title) if english else submission.title
    abstract = (
        (submission.abstract_en or (submission.abstract if submission.is_english else ""))
        if english
        else submission.abstract
    )
    keywords = (
        (submission.keywords_en or (submission.keywords if submission.is_english else []))
        if english
        else submission.keywords
    )
    contributors = [_contributor(c, english=english) for c in submission.contributors.all()]
    path = request.path if preview else article_url(article)
    languages = _language_versions(article, lang, path, request)
    current_path = next(version.url for version in languages if version.is_current) if len(languages) > 1 else path
    galleys = list(article.galleys.all())
    record = citation_record(
        article,
        lang=lang,
        title=title,
        contributors=contributors,
        keywords=keywords,
        abstract=abstract,
        url=request.build_absolute_uri(article_url(article)),
    )
    house_text, house_html = house_citation(record, article.submission.journal.citation_style)
    galley_links = [(galley, galley_path(article, galley, preview_token=preview_token)) for galley in galleys]
    primary = next((g for g in galley_links if g[0].is_primary), None) or next(
        (g for g in galley_links if g[0].is_pdf), None
    )
    return ArticlePage(
        article=article,
        lang=lang,
        title=title,
        abstract=abstract,
        keywords=list(keywords),
        contributors=contributors,
        references=list(submission.references.all()),
        galleys=galleys,
        languages=languages,
        path=current_path,
        canonical_url=request.build_absolute_uri(current_path),
        record=record,
        house_citation=house_text,
        house_citation_html=house_html,
        other_citations=other_citations(record, exclude=article.submission.journal.citation_style),
        galley_links=galley_links,
        pdf_url=request.build_absolute_uri(primary[1]) if primary else "",
        preview=preview,
    )


def galley_path(article: Article, galley: Galley, *, preview_token: str = "") -> str:
    journal_slug = article.submission.journal.slug
    if preview_token:
        kwargs = {"journal_slug": journal_slug, "token": preview_token, "galley_id": galley.pk}
        return reverse("preview-galley", kwargs=kwargs)
    return reverse(
        "galley-download", kwargs={"journal_slug": journal_slug, "article_id": article.pk, "galley_id": galley.pk}
    )


def _contributor(contributor, *, english: bool) -> ContributorView:
    given, family = contributor.name_en if english else (contributor.given_names, contributor.family_name)
    affiliations = tuple(
        AffiliationView(institution=a.institution, country=str(a.country.name or ""))
        for a in contributor.affiliations.all()
    )
    return ContributorView(
        printed_name=f"{citations.initials(given, separator=' ')} {family}".strip(),
        given=given,
        family=family,
        orcid=contributor.orcid,
        bio=contributor.bio,
        affiliations=affiliations,
    )


def _language_versions(article: Article, current: str, path: str, request: HttpRequest) -> list[LanguageVersion]:
    codes = available_languages(article)
    if len(codes) < 2:
        return []
    versions = []
    for code in codes:
        url = path if code == codes[0] else f"{path}?lang={code}"
        versions.append(
            LanguageVersion(
                code=code,
                label=_language_label(code),
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return versions


def _language_label(code: str) -> str:
    """The language's own name (Русский, English), which is what a reader looks for."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def citation_record(
    article: Article, *, lang: str, title: str, contributors: list[ContributorView], keywords, abstract: str, url: str
) -> CitationRecord:
    submission, journal, issue = article.submission, article.submission.journal, article.issue
    english = lang == "en"
    dates = article_dates(article)
    published = dates.publication
    return CitationRecord(
        key=f"article-{article.pk}",
        title=title,
        original_title=submission.title if english and not submission.is_english else "",
        journal_title=(journal.title_en or journal.title) if english else journal.title,
        journal_abbreviation=journal.abbreviation,
        authors=tuple(
            citations.Author(
                family=c.family,
                given=c.given,
                orcid=c.orcid,
                affiliations=tuple(a.institution for a in c.affiliations),
            )
            for c in contributors
        ),
        published=published.day if published else None,
        year=published.year if published else None,
        online=dates.online,
        volume=str(issue.volume) if issue and issue.volume is not None else "",
        issue=issue.number if issue else "",
        first_page=article.first_page,
        last_page=article.last_page,
        article_number=article.article_number,
        doi=article.doi,
        url=url,
        language=submission.language,
        metadata_language=lang,
        issn_print=journal.issn_print,
        issn_online=journal.issn_online,
        publisher=journal.publisher,
        keywords=tuple(keywords),
        abstract=" ".join(html.unescape(strip_tags(safe_html(abstract))).split()),
    )


def house_citation(record: CitationRecord, style: str) -> tuple[str, str]:
    """The "For citations" line as text and as HTML whose DOI is a link."""
    if style == CitationStyle.ELPUB or style not in citations.CSL_STYLES:
        text = citations.format_elpub(record)
        if record.doi and text.endswith(record.doi_url):
            prefix = text[: -len(record.doi_url)]
            return text, format_html('{}<a href="{}">{}</a>', prefix, record.doi_url, record.doi_url)
        return text, format_html("{}", text)
    # format_csl escapes the data and sanitizes the result: only its italics are markup.
    return citations.format_csl(record, style, output="text"), mark_safe(citations.format_csl(record, style))  # noqa: S308


def other_citations(record: CitationRecord, *, exclude: str) -> list[tuple[str, str]]:
    return [
        (style.label, citations.format_csl(record, key))
        for key, style in citations.CSL_STYLES.items()
        if key != exclude
    ]
