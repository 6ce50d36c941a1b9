"""The article page and what hangs off it: short and DOI addresses, citations, galleys, previews.

The page is rendered once per version of the article (see ``editorial.public_cache``) and served
from the cache; the counters are filled in on each request, after the view is counted.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from django.conf import global_settings, settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from editorial.production.models import Article, Galley
from editorial.production.preview import PreviewLinkExpired, PreviewLinkInvalid, article_id_from_token
from editorial.publishing import citations, usage
from editorial.publishing import page_cache as public_cache
from editorial.publishing.links import article_path, article_url, title_slug
from editorial.publishing.selectors.articles import (
    get_article_for_preview,
    get_public_article,
    public_article_address,
)
from editorial.publishing.views import discovery
from editorial.publishing.views.article_context import ArticlePage, build_article_page, choose_language
from editorial.web.visitors import visitor_from_request

VIEWS_MARK = "<!--counter:views-->"
LANGUAGE_CODES = frozenset(code for code, _ in global_settings.LANGUAGES)

CITATION_FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", citations.to_bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", citations.to_ris),
    "csl-json": (
        "application/vnd.citationstyles.csl+json; charset=utf-8",
        "json",
        lambda record: json.dumps([citations.to_csl_json(record)], ensure_ascii=False, indent=2, default=str) + "\n",
    ),
}


def _galley_mark(galley_id: int) -> str:
    return f"<!--counter:galley:{galley_id}-->"


def _requested_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGE_CODES else ""


def _with_query(path: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return f"{path}?{query}" if query else path


@require_safe
def article_by_id(request: HttpRequest, journal_slug: str, article_id: int) -> HttpResponse:
    """/<journal>/article/<id>/ (the short address) leads to the canonical one."""
    address = public_article_address(article_id=article_id)
    if address is None or address["submission__journal__slug"] != journal_slug:
        raise Http404("No published article here.")
    return HttpResponsePermanentRedirect(_with_query(_address_path(address), request))


@require_safe
def doi_redirect(request: HttpRequest, doi: str) -> HttpResponse:
    """/doi/<DOI> leads to the article's page (the DOI resolver itself points to the canonical address)."""
    address = public_article_address(doi=doi)
    if address is None:
        raise Http404("No published article has this DOI here.")
    return redirect(_address_path(address))


def _address_path(address: dict) -> str:
    return article_path(
        journal_slug=address["submission__journal__slug"],
        article_id=address["pk"],
        title=address["submission__title_en"] or address["submission__title"],
    )


@require_safe
def article_page(request: HttpRequest, journal_slug: str, article_id: int, title_slug: str) -> HttpResponse:
    lang = _requested_language(request)
    variant = f"{request.scheme}://{request.get_host()}|{lang}"
    entry, version, kept_counts = public_cache.lookup(article_id, variant)
    article = None
    if entry is None:
        article = get_public_article(article_id=article_id)
        if article is None:
            raise Http404("No published article here.")
        entry = render_entry(build_article_page(article, request=request, lang=lang))
        public_cache.store(article_id, variant, version, entry)
    if entry["journal_slug"] != journal_slug:
        raise Http404("No published article here.")
    if entry["title_slug"] != title_slug:
        return HttpResponsePermanentRedirect(_with_query(entry["canonical_path"], request))
    if usage.buffered():
        if article is not None:  # just read: its totals are current
            kept_counts = (article.views, {galley.pk: galley.downloads for galley in article.galleys.all()})
            public_cache.keep_counts(article_id, kept_counts)
        return _respond_buffered(request, entry, kept_counts)
    recorded = usage.NOT_COUNTED  # a HEAD request (a link checker) is not a view
    if request.method == "GET":
        recorded = usage.record_view(article_id=article_id, visitor=visitor_from_request(request))
    if article is not None:  # just read: add the view this request wrote to the database, if it did
        views = article.views + int(recorded.in_database)
        downloads = {galley.pk: galley.downloads for galley in article.galleys.all()}
    else:
        views, downloads = _stored_counts(article_id, entry["galley_ids"])
    return _respond(request, entry, views, downloads)


def _respond_buffered(request: HttpRequest, entry: dict, kept_counts: tuple | None) -> HttpResponse:
    """A page with counts buffered in Redis: the view is counted and the pending counts read in one
    round trip; with the page and the kept totals from the cache, a cached hit makes no SQL."""
    article_id = entry["article_id"]
    recorded, pending_views, pending_downloads = usage.count_view_and_read_pending(
        article_id=article_id,
        galley_ids=entry["galley_ids"],
        visitor=visitor_from_request(request),
        count=request.method == "GET",  # a HEAD request (a link checker) is not a view
    )
    if kept_counts is None:
        kept_counts = _stored_counts(article_id, entry["galley_ids"])
        public_cache.keep_counts(article_id, kept_counts)
    views, downloads = kept_counts
    views += int(recorded.in_database)
    return _respond(request, entry, views, downloads, pending=(pending_views, pending_downloads))


def _stored_counts(article_id: int, galley_ids: list[int]) -> tuple[int, dict[int, int]]:
    views = next(iter(Article.objects.filter(pk=article_id).order_by().values_list("views", flat=True)), 0)
    downloads = {}
    if galley_ids:
        downloads = dict(Galley.objects.filter(article_id=article_id).order_by().values_list("pk", "downloads"))
    return views, downloads


def _respond(
    request: HttpRequest,
    entry: dict,
    views: int,
    downloads: dict[int, int],
    status: int = 200,
    pending: tuple[int, dict[int, int]] | None = None,
) -> HttpResponse:
    pending_views, pending_downloads = pending or usage.pending_counts(
        article_id=entry["article_id"], galley_ids=entry["galley_ids"]
    )
    body = entry["body"].replace(VIEWS_MARK, str(views + pending_views))
    for galley_id in entry["galley_ids"]:
        count = downloads.get(galley_id, 0) + pending_downloads.get(galley_id, 0)
        body = body.replace(_galley_mark(galley_id), str(count))
    if _is_anonymous_without_messages(request) and "anonymous_shell" in entry:
        response = HttpResponse(entry["anonymous_shell"].replace(BODY_MARK, body), status=status)
    else:
        response = render(request, "publishing/article.html", {"entry": entry, "body": body}, status=status)
    if entry["preview"]:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_entry(page: ArticlePage) -> dict:
    """The page's HTML parts, free of anything that depends on who asks (so they can be cached)."""
    context = {
        "page": page,
        "article": page.article,
        "journal": page.journal,
        "scholar_tags": discovery.scholar_tags(page),
        "dublin_core_tags": discovery.dublin_core_tags(page),
        "open_graph_tags": discovery.open_graph_tags(page),
        "json_ld": discovery.json_ld(page),
        "views_mark": VIEWS_MARK,
        "galley_rows": [(galley, url, _galley_mark(galley.pk)) for galley, url in page.galley_links],
    }
    canonical = article_url(page.article)
    entry = {
        "article_id": page.article.pk,
        "journal_slug": page.journal.slug,
        "title_slug": title_slug(page.submission.display_title),
        "canonical_path": canonical,
        "title": f"{page.title} | {page.journal.title}",
        "head": render_to_string("publishing/article_head.html", context),
        "masthead": render_to_string("publishing/_masthead.html", context),
        "body": render_to_string("publishing/article_body.html", context),
        "footer": render_to_string("publishing/_issn.html", context),
        "galley_ids": [galley.pk for galley in page.galleys],
        "preview": page.preview,
    }
    entry["anonymous_shell"] = _anonymous_shell(entry)
    return entry


# Where the body goes in the shell rendered for readers who are not signed in.
BODY_MARK = "<!--article-body-d41d8cd9-->"


def _anonymous_shell(entry: dict) -> str:
    """The whole page as a reader who is not signed in sees it, the body left as a mark: a cached
    page then costs string replacements instead of a template render."""
    context = {"entry": entry, "body": BODY_MARK, "user": AnonymousUser(), "messages": (), "nav": None}
    return render_to_string("publishing/article.html", context)


def _is_anonymous_without_messages(request: HttpRequest) -> bool:
    """No session and no messages cookie: nothing on the shell can depend on who asks."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


@require_safe
def citation_download(request: HttpRequest, journal_slug: str, article_id: int, fmt: str) -> HttpResponse:
    """The article's citation as BibTeX, RIS or CSL-JSON, as a file to save or import."""
    if fmt not in CITATION_FORMATS:
        raise Http404("Citations are available as bibtex, ris and csl-json.")
    article = get_public_article(article_id=article_id, journal_slug=journal_slug)
    if article is None:
        raise Http404("No published article here.")
    lang = choose_language(article, _requested_language(request))
    page = build_article_page(article, request=request, lang=lang)
    content_type, extension, render_format = CITATION_FORMATS[fmt]
    response = HttpResponse(render_format(page.record), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(article)}.{extension}"'
    return response


def _file_stem(article: Article) -> str:
    """A file name from the DOI suffix (or the id), safe on every system."""
    stem = article.doi.split("/", 1)[-1] if article.doi else f"article-{article.pk}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or f"article-{article.pk}"


@require_safe
def galley_download(request: HttpRequest, journal_slug: str, article_id: int, galley_id: int) -> HttpResponse:
    """The galley file itself (inline; the link offers to save it), counted as a download."""
    galley = (
        Galley.objects.select_related("article")
        .filter(pk=galley_id, article_id=article_id, article__submission__journal__slug=journal_slug)
        .exclude(article__status=Article.Status.SCHEDULED)
        .first()
    )
    if galley is None:
        raise Http404("No such file.")
    response = _file_response(galley)
    if request.method == "GET":
        usage.record_download(article_id=article_id, galley_id=galley.pk, visitor=visitor_from_request(request))
    return response


def _file_response(galley: Galley) -> FileResponse:
    try:
        handle = galley.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The file is missing; the journal has been told.") from exc
    suffix = PurePath(galley.file.name).suffix
    response = FileResponse(handle, content_type=galley.content_type, filename=f"{_file_stem(galley.article)}{suffix}")
    # An uploaded file is never run as part of the site (think of an HTML galley with a script).
    response["Content-Security-Policy"] = "sandbox"
    return response


@never_cache
@require_safe
def article_preview(request: HttpRequest, journal_slug: str, token: str) -> HttpResponse:
    """An unpublished article exactly as it will look, for whoever holds a valid signed link."""
    article = _previewed_article(request, journal_slug, token)
    if isinstance(article, HttpResponse):
        return article
    page = build_article_page(article, request=request, lang=_requested_language(request), preview_token=token)
    entry = render_entry(page)
    return _respond(request, entry, article.views, {galley.pk: galley.downloads for galley in article.galleys.all()})


@never_cache
@require_safe
def preview_galley(request: HttpRequest, journal_slug: str, token: str, galley_id: int) -> HttpResponse:
    """A galley of a previewed article; not counted."""
    article = _previewed_article(request, journal_slug, token)
    if isinstance(article, HttpResponse):
        return article
    galley = next((galley for galley in article.galleys.all() if galley.pk == galley_id), None)
    if galley is None:
        raise Http404("No such file.")
    return _file_response(galley)


def _previewed_article(request: HttpRequest, journal_slug: str, token: str) -> Article | HttpResponse:
    try:
        article_id = article_id_from_token(token)
    except PreviewLinkExpired:
        return _refused(request, "This preview link has expired. Ask the editor for a new one.", status=410)
    except PreviewLinkInvalid:
        return _refused(request, "This preview link is not valid. Check that it was copied whole.", status=403)
    article = get_article_for_preview(article_id=article_id)
    if article is None or article.submission.journal.slug != journal_slug:
        raise Http404("The article of this preview link no longer exists.")
    return article


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    response = render(request, "publishing/preview_refused.html", {"message": message}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
