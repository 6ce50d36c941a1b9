"""CSL-JSON, and citations in CSL styles formatted by citeproc-py.

The style files live beside this module (``styles/``, CC BY-SA 3.0, see its README); Harvard is
the one citeproc-py ships. citeproc-py copies field values into its HTML output unescaped, so
every value is HTML-escaped before it goes in, and the result is sanitized again on the way out.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from editorial.publishing.citations.record import CitationRecord
from editorial.richtext import sanitize

STYLES_DIR = Path(__file__).resolve().parent / "styles"


@dataclass(frozen=True)
class CslStyle:
    label: str
    source: str  # a file in STYLES_DIR, or the name of a style citeproc-py ships
    numeric: bool = False

    @property
    def location(self) -> str:
        path = STYLES_DIR / self.source
        return str(path) if path.suffix == ".csl" else self.source


# Keys match Journal.CitationStyle where a journal may choose the style as its house style.
CSL_STYLES: dict[str, CslStyle] = {
    "apa": CslStyle("APA", "apa.csl"),
    "chicago-author-date": CslStyle("Chicago (author-date)", "chicago-author-date.csl"),
    "vancouver": CslStyle("Vancouver", "nlm-citation-sequence.csl", numeric=True),
    "gost": CslStyle("GOST R 7.0.5-2008", "gost-r-7-0-5-2008.csl", numeric=True),
    "mla": CslStyle("MLA", "modern-language-association.csl"),
    "harvard": CslStyle("Harvard (Cite Them Right)", "harvard-cite-them-right"),
}

# A numeric style numbers its single entry "1." or "[1]"; a lone citation needs no number.
_ENTRY_NUMBER = re.compile(r"^\s*(\[1\]|1\.)\s*")


def to_csl_json(record: CitationRecord) -> dict[str, Any]:
    """The record as one CSL-JSON item (what Zotero, Mendeley and pandoc import)."""
    item: dict[str, Any] = {
        "id": record.key,
        "type": "article-journal",
        "title": record.title,
        "author": [_name(author.family, author.given) for author in record.authors],
        "container-title": record.journal_title,
        "language": record.language,
    }
    optional = {
        "original-title": record.original_title if record.original_title != record.title else "",
        "container-title-short": record.journal_abbreviation,
        "ISSN": record.issn_print or record.issn_online,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.pages if record.first_page else "",
        "number": record.article_number,
        "DOI": record.doi,
        "URL": record.url,
        "publisher": record.publisher,
        "keyword": ", ".join(record.keywords),
        "abstract": record.abstract,
    }
    item |= {name: value for name, value in optional.items() if value}
    if record.published:
        date = record.published
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    elif record.year:
        item["issued"] = {"date-parts": [[record.year]]}
    if record.online:
        item["available-date"] = {"date-parts": [[record.online.year, record.online.month, record.online.day]]}
    return item


def _name(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given} if given else {"family": family}


def format_csl(record: CitationRecord, style_key: str, *, output: str = "html") -> str:
    """One bibliography entry in the style; ``output`` is 'html' (italics kept, safe) or 'text'."""
    item = to_csl_json(record)
    # A lone reference needs the year only; citeproc-py runs year, month and day together in some styles.
    if record.year:
        item["issued"] = {"date-parts": [[record.year]]}
    item.pop("abstract", None)
    item.pop("available-date", None)  # not a variable of the CSL 1.0.1 styles citeproc-py reads
    return _format_item(json.dumps(item, sort_keys=True, default=str), style_key, output)


@lru_cache(maxsize=2048)
def _format_item(item_json: str, style_key: str, output: str) -> str:
    """citeproc-py is slow (milliseconds per entry); the same item in the same style is formatted once."""
    style = CSL_STYLES[style_key]
    item = json.loads(item_json)
    if output == "html":
        item = _escaped(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        bibliography = CitationStylesBibliography(
            _parsed_style(style.location), CiteProcJSON([item]), formatter.html if output == "html" else formatter.plain
        )
        bibliography.register(Citation([CitationItem(item["id"])]))
        entry = str(bibliography.bibliography()[0])
    entry = _ENTRY_NUMBER.sub("", entry) if style.numeric else entry
    entry = " ".join(entry.split())
    return sanitize(entry) if output == "html" else entry


@cache
def _parsed_style(location: str) -> CitationStylesStyle:
    """Parsed once per process: a style file is large and never changes while the site runs."""
    return CitationStylesStyle(location, validate=False)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(element) for element in value]
    if isinstance(value, dict):
        return {key: value if key == "id" else _escaped(value) for key, value in value.items()}
    return value
