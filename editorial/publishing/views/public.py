"""The public site's journal pages: the journal list, a journal's home, its issues."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from editorial.journals.models import Journal
from editorial.publishing.selectors.articles import latest_articles
from editorial.publishing.selectors.issues import current_issue, issue_contents, published_issues


def home(request: HttpRequest) -> HttpResponse:
    journals = Journal.objects.order_by("title")
    return render(request, "publishing/home.html", {"journals": journals})


def journal_home(request: HttpRequest, journal_slug: str) -> HttpResponse:
    journal = get_object_or_404(Journal, slug=journal_slug)
    context = {
        "journal": journal,
        "current_issue": current_issue(journal),
        "articles": latest_articles(journal, limit=10),
    }
    return render(request, "publishing/journal_home.html", context)


def issue_archive(request: HttpRequest, journal_slug: str) -> HttpResponse:
    journal = get_object_or_404(Journal, slug=journal_slug)
    issues = published_issues(journal)
    years: dict[int, list] = {}
    for issue in issues:
        years.setdefault(issue.year, []).append(issue)
    return render(request, "publishing/issue_archive.html", {"journal": journal, "years": years})


def issue_toc(request: HttpRequest, journal_slug: str, issue_id: int) -> HttpResponse:
    contents = issue_contents(journal_slug=journal_slug, issue_id=issue_id)
    if contents is None:
        raise Http404("No published issue here.")
    issue, articles = contents
    sections: dict[str, list] = {}
    for article in articles:
        sections.setdefault(article.section.title if article.section else "", []).append(article)
    context = {"journal": issue.journal, "issue": issue, "sections": sections}
    return render(request, "publishing/issue_toc.html", context)
