"""From the journal's rows to the plain data of a deposit (``editorial.crossref.metadata``).

Read-only. Loading a batch's articles takes a fixed number of queries however many articles,
authors and references it has.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from editorial.crossref import metadata as md
from editorial.journals.models import Issue, Journal
from editorial.production.models import Article
from editorial.publishing.dates import article_dates, issue_date
from editorial.submissions.models import Affiliation, Contributor, Reference


def load_articles(article_ids: Iterable[int]) -> list[Article]:
    """The articles with everything a deposit says about them, in the order of ``article_ids``."""
    contributors = (
        Contributor.objects.order_by("position")
        .select_related("person")
        .prefetch_related(Prefetch("affiliations", queryset=Affiliation.objects.order_by("position")))
    )
    articles = (
        Article.objects.filter(pk__in=list(article_ids))
        .select_related("submission__journal", "issue")
        .prefetch_related(
            Prefetch("submission__contributors", queryset=contributors),
            Prefetch("submission__references", queryset=Reference.objects.order_by("position")),
        )
    )
    by_id = {article.pk: article for article in articles}
    return [by_id[pk] for pk in article_ids if pk in by_id]


def article_url(article: Article) -> str:
    """The article's canonical page, registered as the DOI's target."""
    path = reverse("article", kwargs={"journal_slug": article.submission.journal.slug, "article_id": article.pk})
    return f"{settings.SITE_URL}{path}"


def depositor_for(journal: Journal) -> md.Depositor:
    """The configured depositor, else the journal's publisher and contact address."""
    return md.Depositor(
        name=settings.CROSSREF_DEPOSITOR_NAME or journal.publisher or journal.title,
        email=settings.CROSSREF_DEPOSITOR_EMAIL or journal.contact_email or settings.DEFAULT_FROM_EMAIL,
        registrant=journal.publisher or journal.title,
    )


def journal_metadata(journal: Journal) -> md.Journal:
    return md.Journal(
        title=journal.title_en or journal.title,
        abbreviation=journal.abbreviation,
        issn_print=journal.issn_print,
        issn_online=journal.issn_online,
        language=journal.primary_language,
    )


def issue_metadata(issue: Issue | None) -> md.Issue | None:
    if issue is None:
        return None
    volume = "" if issue.volume is None else str(issue.volume)
    return md.Issue(year=issue.year, number=issue.number, volume=volume, publication_date=issue_date(issue).day)


def article_metadata(article: Article) -> md.Article:
    submission = article.submission
    title = submission.title_en or submission.title
    original = submission.title if submission.title_en and submission.title != submission.title_en else ""
    abstracts = [md.Abstract(submission.abstract_en, "en")] if submission.abstract_en else []
    if submission.abstract and submission.abstract != submission.abstract_en:
        abstracts.append(md.Abstract(submission.abstract, submission.language))
    return md.Article(
        doi=article.doi,
        url=article_url(article),
        title=title,
        original_title=original,
        original_language=submission.language if original else "",
        language=submission.language,
        published_on=article_dates(article).online,
        first_page=article.first_page,
        last_page=article.last_page,
        article_number=article.article_number if not article.first_page else "",
        contributors=tuple(_contributor(c) for c in submission.contributors.all()),
        abstracts=tuple(abstracts),
        citations=tuple(
            md.Citation(key=f"ref{reference.position}", text=reference.raw_text, doi=reference.doi)
            for reference in submission.references.all()
        ),
    )


def _contributor(contributor: Contributor) -> md.Contributor:
    given, family = contributor.name_en
    orcid = contributor.orcid or (contributor.person.orcid if contributor.person else "")
    return md.Contributor(
        given_names=given,
        family_name=family,
        role=contributor.role,
        orcid=orcid,
        affiliations=tuple(_affiliation(a) for a in contributor.affiliations.all()),
    )


def _affiliation(affiliation: Affiliation) -> md.Affiliation:
    places = tuple(part for part in (affiliation.address, str(affiliation.country.name or "")) if part)
    return md.Affiliation(
        institution=affiliation.institution,
        department=affiliation.department,
        places=places,
        ror_id=affiliation.ror_id,
    )


def batch_metadata(
    *, batch_id: str, timestamp: int, journal: Journal, issue: Issue | None, articles: list[Article]
) -> md.Batch:
    return md.Batch(
        batch_id=batch_id,
        timestamp=timestamp,
        depositor=depositor_for(journal),
        journal=journal_metadata(journal),
        issue=issue_metadata(issue),
        articles=tuple(article_metadata(article) for article in articles),
    )
