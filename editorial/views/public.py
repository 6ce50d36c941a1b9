"""The public site, as readers reach it."""

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from ..models import Journal
from ..selectors.articles import get_public_article, latest_articles


def home(request: HttpRequest) -> HttpResponse:
    journals = Journal.objects.order_by("title")
    return render(request, "public/home.html", {"journals": journals})


def journal_home(request: HttpRequest, journal_slug: str) -> HttpResponse:
    journal = get_object_or_404(Journal, slug=journal_slug)
    return render(
        request, "public/journal_home.html", {"journal": journal, "articles": latest_articles(journal, limit=10)}
    )


def article_page(request: HttpRequest, journal_slug: str, article_id: int) -> HttpResponse:
    article = get_public_article(journal_slug=journal_slug, article_id=article_id)
    if article is None:
        raise Http404("No published article here.")
    return render(request, "public/article.html", {"article": article, "journal": article.submission.journal})


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
