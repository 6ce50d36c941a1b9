"""The JATS file of a published article, linked from its page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from editorial.interop.jats_export import jats_bytes
from editorial.interop.selectors import article_for_export


@require_safe
def article_jats(request: HttpRequest, journal_slug: str, article_id: int) -> HttpResponse:
    article = article_for_export(article_id=article_id, journal_slug=journal_slug)
    if article is None:
        raise Http404("No published article here.")
    response = HttpResponse(jats_bytes(article), content_type="application/jats+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}-jats.xml"'
    return response
