"""For crawlers and feed readers: sitemap.xml, an Atom feed per journal, robots.txt.

Each is a fixed number of queries whatever the number of journals, issues and articles, and
reads only what is public (published issues, articles that are not merely scheduled).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.views.decorators.http import require_safe
from lxml import etree

from editorial.interop.richtext import plain_text
from editorial.interop.selectors import exportable_articles
from editorial.journals.models import Issue, Journal
from editorial.publishing.links import article_path, article_url
from editorial.publishing.selectors.articles import latest_articles

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _lastmod(moment: datetime.datetime | datetime.date | None) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat() if moment else ""


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Journals, published issues and public articles: three queries."""
    urlset = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS})

    def add(path: str, lastmod: datetime.datetime | datetime.date | None = None) -> None:
        url = etree.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _absolute(path)
        if lastmod:
            etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _lastmod(lastmod)

    for slug, updated_at in Journal.objects.order_by("slug").values_list("slug", "updated_at"):
        add(reverse("journal-home", kwargs={"journal_slug": slug}), updated_at)
    issues = Issue.objects.filter(is_published=True).order_by("journal__slug", "-year", "pk")
    for pk, slug, published in issues.values_list("pk", "journal__slug", "publication_date"):
        add(reverse("issue", kwargs={"journal_slug": slug, "issue_id": pk}), published)
    articles = exportable_articles().order_by("pk")
    fields = ("pk", "submission__journal__slug", "submission__title", "submission__title_en", "updated_at")
    for pk, slug, title, title_en, updated_at in articles.values_list(*fields):
        add(article_path(journal_slug=slug, article_id=pk, title=title_en or title), updated_at)
    body = etree.tostring(urlset, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_safe
def journal_atom(request: HttpRequest, journal_slug: str) -> HttpResponse:
    """The journal's latest articles, newest first: three queries."""
    journal = get_object_or_404(Journal, slug=journal_slug)
    home = _absolute(reverse("journal-home", kwargs={"journal_slug": journal.slug}))
    feed = Atom1Feed(
        title=journal.title_en or journal.title,
        link=home,
        description=journal.description,
        language=journal.primary_language,
        feed_url=_absolute(request.path),
        feed_guid=home,
        author_name=journal.publisher or None,
    )
    articles = latest_articles(journal, limit=settings.FEED_SIZE)
    for article in articles:
        submission = article.submission
        link = _absolute(article_url(article))
        names = ", ".join(c.printed_name for c in submission.contributors.all())
        published = (
            datetime.datetime.combine(article.published_on, datetime.time(), tzinfo=datetime.UTC)
            if article.published_on
            else None
        )
        feed.add_item(
            title=strip_tags(submission.display_title),
            link=link,
            description=plain_text(submission.display_abstract),
            unique_id=article.doi_url or link,
            unique_id_is_permalink=False,
            pubdate=published,
            updateddate=article.updated_at,
            author_name=names or None,
            categories=submission.keywords_en or submission.keywords,
        )
    if not articles:
        feed.feed["updateddate"] = journal.updated_at or timezone.now()
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /editorial/",
        "Disallow: /accounts/",
        "Disallow: /*/preview/",
        "Allow: /",
        "",
        f"Sitemap: {_absolute(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
