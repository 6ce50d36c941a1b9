"""BibTeX (biblatex-compatible) export of one article."""

from __future__ import annotations

import re
import unicodedata

from editorial.publishing.citations.record import CitationRecord

# Characters that mean something to (La)TeX, with what stands for them literally.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_PATTERN = re.compile("|".join(re.escape(char) for char in _TEX_SPECIALS))

LANGUAGE_NAMES = {"en": "english", "ru": "russian", "uk": "ukrainian", "de": "german", "fr": "french"}


def tex_escape(text: str) -> str:
    return _TEX_PATTERN.sub(lambda match: _TEX_SPECIALS[match.group()], " ".join(text.split()))


def citation_key(record: CitationRecord) -> str:
    """'korolev2021balances': first author, year, first word of the title, ASCII only."""
    first = record.authors[0].family if record.authors else "anon"
    word = next((w for w in re.findall(r"\w+", record.title) if len(w) > 3), "article")
    raw = f"{first}{record.year or ''}{word}".lower()
    ascii_key = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_key) or record.key


def to_bibtex(record: CitationRecord) -> str:
    authors = " and ".join(
        tex_escape(f"{author.family}, {author.given}" if author.given else author.family) for author in record.authors
    )
    fields = [
        ("author", authors),
        ("title", "{" + tex_escape(record.title) + "}" if record.title else ""),
        ("journal", tex_escape(record.journal_title)),
        ("shortjournal", tex_escape(record.journal_abbreviation)),
        ("year", str(record.year or "")),
        ("date", record.published.isoformat() if record.published else ""),
        ("volume", tex_escape(record.volume)),
        ("number", tex_escape(record.issue)),
        ("pages", tex_escape(record.pages.replace("-", "--")) if record.first_page else ""),
        ("eid", tex_escape(record.article_number)),
        ("doi", tex_escape(record.doi)),
        ("url", record.url),
        ("issn", ", ".join(record.issns)),
        ("publisher", tex_escape(record.publisher)),
        ("language", LANGUAGE_NAMES.get(record.language, record.language)),
        ("note", record.marker.strip("()")),
        ("keywords", tex_escape(", ".join(record.keywords))),
        ("abstract", tex_escape(record.abstract)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{citation_key(record)},\n{body}\n}}\n"
