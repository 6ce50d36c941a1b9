"""A DOI suffix from the journal's pattern and the publication record, e.g. for the demo journal
``{issn}-{year}-{volume}-{issue}-{first_page}-{last_page}`` -> ``2076-7404-2021-13-3-75-111``.

Plain data in, plain data out: the caller decides whether a DOI may still change.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

# Characters Crossref recommends in a suffix; anything else in a value becomes a hyphen.
_UNSAFE = re.compile(r"[^A-Za-z0-9._;()/-]+")


class PatternIncomplete(ValueError):
    """The record lacks a value the pattern needs (say, pages before they are set)."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("The DOI pattern needs " + ", ".join(missing) + ", which the record does not have yet.")


def placeholders(pattern: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(pattern) if name]


def fill(pattern: str, values: Mapping[str, object]) -> str:
    """The suffix, or PatternIncomplete naming every empty placeholder."""
    cleaned = {name: _UNSAFE.sub("-", str(values.get(name) or "")).strip("-") for name in placeholders(pattern)}
    missing = [name.replace("_", " ") for name, value in cleaned.items() if not value]
    if missing:
        raise PatternIncomplete(missing)
    return pattern.format(**cleaned)


def record_values(article) -> dict[str, object]:
    """What the placeholders mean for an article (its submission, journal and issue loaded)."""
    journal = article.submission.journal
    issue = article.issue
    return {
        "issn": journal.issn,
        "journal": journal.slug,
        "year": issue.year if issue else (article.published_on.year if article.published_on else ""),
        "volume": issue.volume if issue and issue.volume is not None else "",
        "issue": issue.number if issue else "",
        "first_page": article.first_page or article.article_number,
        "last_page": article.last_page or article.first_page or article.article_number,
        "article_number": article.article_number,
        "article_id": article.pk,
    }


def mint(article) -> str:
    """The full DOI (prefix/suffix) the journal's pattern gives this article."""
    journal = article.submission.journal
    if not journal.doi_prefix:
        return ""
    return f"{journal.doi_prefix}/{fill(journal.doi_suffix_pattern, record_values(article))}"
