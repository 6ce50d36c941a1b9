"""The ELPUB / RSCI house style of Russian journals ("For citations:").

    Korolev A.N. Title. Journal. 2021;13(3):75-111. (In Russ.) https://doi.org/10.48015/...

Authors are 'Surname I.I.' separated by commas, all of them; the source is 'Year;Volume(Issue):pages';
the original-language marker follows for a translated citation; the DOI closes the line as a URL.
"""

from __future__ import annotations

from editorial.publishing.citations.record import CitationRecord


def format_elpub(record: CitationRecord) -> str:
    parts = []
    authors = ", ".join(f"{author.family} {author.initials}".strip() for author in record.authors)
    if authors:
        parts.append(authors)
    parts.append(_sentence(record.title))
    parts.append(_sentence(record.journal_title))
    parts.append(_sentence(_source(record)))
    if record.marker:
        parts.append(record.marker)
    if record.doi:
        parts.append(record.doi_url)
    return " ".join(part for part in parts if part)


def _sentence(text: str) -> str:
    """The text closed by one full stop, unless it already ends in . ? or !"""
    text = " ".join(text.split())
    if not text:
        return ""
    return text if text[-1] in ".?!" else f"{text}."


def _source(record: CitationRecord) -> str:
    """'2021;13(3):75-111', '2021;13(3)', '2021;(3):e12', or just the year."""
    year = str(record.year or "")
    volume_issue = record.volume
    if record.issue:
        volume_issue += f"({record.issue})"
    source = f"{year};{volume_issue}" if volume_issue else year
    if record.pages:
        source += f":{record.pages}"
    return source
