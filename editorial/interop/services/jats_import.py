"""Importing a JATS file: parse it, then create or update the article (see ``article_import``)."""

from __future__ import annotations

from editorial.interop.jats_import import parse_jats
from editorial.interop.record import ImportRejected
from editorial.interop.services.article_import import ImportResult, import_article

MAX_JATS_BYTES = 20 * 1024 * 1024


def import_jats(*, user, data: bytes) -> ImportResult:
    """Malformed XML, a file that is not JATS, or any field the journal cannot accept: ImportRejected, nothing saved."""
    if len(data) > MAX_JATS_BYTES:
        raise ImportRejected(
            f"The file is larger than {MAX_JATS_BYTES // (1024 * 1024)} MB; a JATS file of metadata is far smaller."
        )
    return import_article(user=user, record=parse_jats(data), source="JATS")
