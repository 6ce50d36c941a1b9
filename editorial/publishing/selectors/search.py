"""Advanced search over public articles.

On PostgreSQL: full-text search with ranking (title weighted over keywords over abstract), English
stemming for the English metadata and the language-neutral 'simple' configuration for the
original-language metadata; the query is parsed like a web search ("quoted phrases", -excluded,
or). Elsewhere (SQLite): every word must appear in the title, abstract or keywords, titles first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, ExtractYear

from editorial.journals.models import Journal, Section
from editorial.production.models import Article
from editorial.publishing.selectors.articles import public_articles, with_authors
from editorial.submissions.models import Contributor
from editorial.validators import normalize_doi


@dataclass(frozen=True)
class SearchCriteria:
    words: str = ""
    author: str = ""
    year_from: int | None = None
    year_to: int | None = None
    section: Section | None = None
    doi: str = ""
    journal: Journal | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.author or self.year_from or self.year_to or self.section or self.doi)


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def search_articles(criteria: SearchCriteria) -> QuerySet[Article]:
    """Matching public articles, best first; a fixed number of queries per page (authors prefetched)."""
    queryset = public_articles()
    if criteria.journal is not None:
        queryset = queryset.filter(submission__journal=criteria.journal)
    queryset = _filter_author(queryset, criteria.author)
    queryset = _filter_years(queryset, criteria.year_from, criteria.year_to)
    if criteria.section is not None:
        queryset = queryset.filter(section=criteria.section)
    if criteria.doi:
        queryset = queryset.filter(doi__iexact=normalize_doi(criteria.doi))
    if criteria.words:
        queryset = _full_text(queryset, criteria.words) if full_text_available() else _words(queryset, criteria.words)
    else:
        queryset = queryset.order_by("-published_on", "-pk")
    return with_authors(queryset)


def _filter_author(queryset: QuerySet[Article], author: str) -> QuerySet[Article]:
    for word in author.split():
        name = (
            Q(family_name__icontains=word)
            | Q(family_name_en__icontains=word)
            | Q(given_names__icontains=word)
            | Q(given_names_en__icontains=word)
        )
        contributors = Contributor.objects.filter(name, submission_id=OuterRef("submission_id"))
        queryset = queryset.filter(Exists(contributors))
    return queryset


def _filter_years(queryset: QuerySet[Article], year_from: int | None, year_to: int | None) -> QuerySet[Article]:
    if year_from is None and year_to is None:
        return queryset
    queryset = queryset.annotate(year=Coalesce("issue__year", ExtractYear("published_on")))
    if year_from is not None:
        queryset = queryset.filter(year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(year__lte=year_to)
    return queryset


def _full_text(queryset: QuerySet[Article], words: str) -> QuerySet[Article]:
    """Ranked PostgreSQL full-text search over the stored, trigger-kept document (migration 0007):
    English stemming for the English metadata, the 'simple' configuration for the original."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(words, search_type="websearch", config="english") | SearchQuery(
        words, search_type="websearch", config="simple"
    )
    document = F("submission__search_document")
    return (
        queryset.filter(submission__search_document=query)
        .annotate(rank=SearchRank(document, query))
        .order_by("-rank", "-published_on", "-pk")
    )


def _words(queryset: QuerySet[Article], words: str) -> QuerySet[Article]:
    """SQLite: each word anywhere in the title, abstract or keywords; title matches ranked first."""
    queryset = queryset.annotate(
        keywords_text=Cast("submission__keywords", TextField()),
        keywords_en_text=Cast("submission__keywords_en", TextField()),
    )
    title_hits = []
    for word in words.replace('"', " ").split():
        if word.startswith("-") and len(word) > 1:
            queryset = queryset.exclude(_anywhere(word[1:]))
            continue
        queryset = queryset.filter(_anywhere(word))
        in_title = Q(submission__title__icontains=word) | Q(submission__title_en__icontains=word)
        title_hits.append(Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()))
    rank = sum(title_hits[1:], title_hits[0]) if title_hits else Value(0)
    return queryset.annotate(rank=rank).order_by("-rank", "-published_on", "-pk")


def _anywhere(word: str) -> Q:
    return (
        Q(submission__title__icontains=word)
        | Q(submission__title_en__icontains=word)
        | Q(submission__abstract__icontains=word)
        | Q(submission__abstract_en__icontains=word)
        | Q(keywords_text__icontains=word)
        | Q(keywords_en_text__icontains=word)
    )
