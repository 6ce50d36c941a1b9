"""Which of an article's dates is which: the one rule every page, format and deposit follows.

An article put online today in the 2021 issue is cited as 2021. So:

- its **publication date** is its issue's date: the year in the citation line, Google Scholar's
  ``citation_publication_date``, Dublin Core's ``DC.date``, schema.org's ``datePublished``, JATS's
  print/collection ``pub-date`` and Crossref's ``print`` publication date;
- its **online date** is the day it went online (``Article.published_on``): "Published online" on
  the page, ``citation_online_date``, schema.org's "Published online" publication event, JATS's
  electronic ``pub-date`` and Crossref's ``online`` publication date.

An article in no issue (continuous publication) has only its online date, which is then also its
publication date. An issue's own date counts only inside the issue's year: a 2021 issue printed
late, or closed years later, is still cited as 2021.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicationDate:
    """A year, and the day when it is known."""

    year: int
    day: datetime.date | None = None

    def text(self, separator: str = "-") -> str:
        """'2021-03-15' or '2021' alone: Google Scholar and schema.org both accept a year."""
        if self.day is None:
            return str(self.year)
        return self.day.strftime(f"%Y{separator}%m{separator}%d")


@dataclass(frozen=True)
class ArticleDates:
    issue: PublicationDate | None
    online: datetime.date | None

    @property
    def publication(self) -> PublicationDate | None:
        """The date a citation prints: the issue's, else (no issue) the online date."""
        if self.issue is not None:
            return self.issue
        if self.online is not None:
            return PublicationDate(self.online.year, self.online)
        return None

    def online_text(self, separator: str = "-") -> str:
        return self.online.strftime(f"%Y{separator}%m{separator}%d") if self.online else ""


def issue_date(issue) -> PublicationDate:
    """The issue's year, with its day when the issue's recorded date falls in that year."""
    day = issue.publication_date
    if day is not None and day.year != issue.year:
        day = None
    return PublicationDate(issue.year, day)


def article_dates(article) -> ArticleDates:
    issue = article.issue if article.issue_id else None
    return ArticleDates(issue=issue_date(issue) if issue is not None else None, online=article.published_on)
