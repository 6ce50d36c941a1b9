"""RIS export (EndNote, Zotero, Mendeley): one tagged line per field, CRLF line ends."""

from __future__ import annotations

from editorial.publishing.citations.record import CitationRecord


def to_ris(record: CitationRecord) -> str:
    lines = [("TY", "JOUR")]
    lines += [("AU", f"{a.family}, {a.given}" if a.given else a.family) for a in record.authors]
    lines += [
        ("TI", record.title),
        ("T2", record.journal_title),
        ("J2", record.journal_abbreviation),
        ("PY", str(record.year or "")),
        ("DA", record.published.strftime("%Y/%m/%d") if record.published else ""),
        ("VL", record.volume),
        ("IS", record.issue),
        ("SP", record.first_page or record.article_number),
        ("EP", record.last_page),
        ("DO", record.doi),
        ("UR", record.url),
        ("LA", record.language),
        ("PB", record.publisher),
    ]
    lines += [("SN", issn) for issn in record.issns]
    lines += [("KW", keyword) for keyword in record.keywords]
    lines += [("AB", record.abstract), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value or tag == "ER")
