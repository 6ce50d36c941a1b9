"""Importing a published article from Crossref's metadata: how a journal brings its back catalogue over.

The work is read through the REST client (the polite pool, with its retries) from
``CROSSREF_API_URL``, and written as any import is (``article_import``): journal by ISSN, article by
DOI, all or nothing.
"""

from __future__ import annotations

from editorial.crossref.rest import CrossrefUnavailable
from editorial.interop.crossref_work import work_to_article
from editorial.interop.record import ImportRejected
from editorial.interop.services.article_import import ImportResult, import_article
from editorial.references.lookups import crossref_client
from editorial.validators import DOI_PATTERN, normalize_doi


def import_from_crossref(*, user, doi: str) -> ImportResult:
    doi = normalize_doi(doi)
    if not DOI_PATTERN.match(doi):
        raise ImportRejected(
            f"{doi!r} is not a DOI: a DOI starts with '10.', 4 to 9 digits, a slash and a suffix, e.g. 10.1000/xyz123."
        )
    try:
        work = crossref_client().get_work(doi)
    except CrossrefUnavailable as exc:
        raise ImportRejected(
            f"Crossref could not be read for {doi}: {exc}. Nothing was imported; try again later."
        ) from exc
    if work is None:
        raise ImportRejected(f"Crossref has no work with the DOI {doi} (404). Check the DOI; nothing was imported.")
    return import_article(user=user, record=work_to_article(work), source="Crossref")
