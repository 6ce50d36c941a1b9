"""Advanced search, site-wide or within one journal: a GET form, paginated results."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from editorial.journals.models import Journal
from editorial.publishing.forms import ArticleSearchForm
from editorial.publishing.selectors.search import full_text_available, search_articles


def search(request: HttpRequest, journal_slug: str | None = None) -> HttpResponse:
    journal = get_object_or_404(Journal, slug=journal_slug) if journal_slug else None
    form = ArticleSearchForm(request.GET or None, journal=journal)
    page = None
    if form.is_bound and form.is_valid() and not form.criteria().is_empty:
        paginator = Paginator(search_articles(form.criteria()), settings.SEARCH_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "journal": journal,
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "ranked": full_text_available(),
    }
    return render(request, "publishing/search.html", context)
