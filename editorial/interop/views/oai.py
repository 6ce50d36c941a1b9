"""The OAI-PMH 2.0 endpoint at /oai: harvesters (indexes, aggregators) collect the journals' records here.

Records are the public articles, in ``oai_dc`` and ``jats``; sets are the journals (``<slug>``) and
their sections (``<slug>:section-<id>``). A list is served in pages of ``OAI_PAGE_SIZE`` with signed
resumption tokens; each page is a fixed number of queries, however deep the harvest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db.models import Min, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from editorial.interop import oai
from editorial.interop.jats_export import jats_element
from editorial.interop.jats_schema import JATS_NS, JATS_SCHEMA_URL, namespaced
from editorial.interop.oai import OaiError, Request, sub
from editorial.interop.oai_dc import OAI_DC_NS, OAI_DC_SCHEMA, dublin_core
from editorial.interop.selectors import exportable_articles, with_datestamp, with_everything_printed
from editorial.journals.models import Journal, Section
from editorial.production.models import Article

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
logger = logging.getLogger(__name__)


def _jats_record(article: Article) -> etree._Element:
    element = namespaced(jats_element(article))
    element.set(f"{{{XSI_NS}}}schemaLocation", f"{JATS_NS} {JATS_SCHEMA_URL}")
    return element


# prefix -> (schema, namespace, builder)
FORMATS: dict[str, tuple[str, str, Callable[[Article], etree._Element]]] = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS, dublin_core),
    "jats": (JATS_SCHEMA_URL, JATS_NS, _jats_record),
}
_SECTION_SET = re.compile(r"^section-(\d+)$")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    query = request.POST if request.method == "POST" else request.GET
    now = timezone.now()
    try:
        parsed = oai.parse_request(query)
    except OaiError as error:
        echo = None
        if error.code == "badResumptionToken":
            echo = Request(verb=query.get("verb"), arguments={"resumptionToken": query.get("resumptionToken", "")})
        root = oai.envelope(echo, now=now)
        oai.error_element(root, error)
        return _response(root)
    root = oai.envelope(parsed, now=now)
    try:
        VERBS[parsed.verb](root, parsed)
    except OaiError as error:
        del root[2:]
        oai.error_element(root, error)
    return _response(root)


def _response(root: etree._Element) -> HttpResponse:
    return HttpResponse(oai.to_bytes(root), content_type="text/xml; charset=utf-8")


# --- The verbs ----------------------------------------------------------------------------------


def identify(root: etree._Element, request: Request) -> None:
    earliest = with_datestamp(exportable_articles()).aggregate(earliest=Min("datestamp"))["earliest"]
    element = sub(root, "Identify")
    sub(element, "repositoryName", settings.OAI_REPOSITORY_NAME)
    sub(element, "baseURL", oai.base_url())
    sub(element, "protocolVersion", "2.0")
    sub(element, "adminEmail", admin_email())
    sub(element, "earliestDatestamp", oai.datestamp(earliest or timezone.now()))
    sub(element, "deletedRecord", "no")
    sub(element, "granularity", oai.GRANULARITY)


def admin_email() -> str:
    """``OAI_ADMIN_EMAIL`` when the schema accepts it, else a journal's contact address, else
    ``DEFAULT_FROM_EMAIL`` (whose default, ``journal@localhost``, it does not): Identify stays valid
    whatever is configured. The journals are read only when the setting does not do."""

    def candidates():
        yield settings.OAI_ADMIN_EMAIL
        yield from Journal.objects.exclude(contact_email="").order_by("pk").values_list("contact_email", flat=True)
        yield settings.DEFAULT_FROM_EMAIL

    return oai.admin_email(candidates())


def list_metadata_formats(root: etree._Element, request: Request) -> None:
    if request.identifier:
        _article_or_error(request.identifier, prefetch=False)
    element = sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace, _) in FORMATS.items():
        entry = sub(element, "metadataFormat")
        sub(entry, "metadataPrefix", prefix)
        sub(entry, "schema", schema)
        sub(entry, "metadataNamespace", namespace)


def list_sets(root: etree._Element, request: Request) -> None:
    journals = list(Journal.objects.order_by("slug"))
    if not journals:
        raise OaiError("noSetHierarchy", "This repository has no journals yet, so no sets.")
    sections = list(Section.objects.select_related("journal").order_by("journal__slug", "position", "pk"))
    element = sub(root, "ListSets")
    for journal in journals:
        entry = sub(element, "set")
        sub(entry, "setSpec", journal.slug)
        sub(entry, "setName", journal.title)
    for section in sections:
        entry = sub(element, "set")
        sub(entry, "setSpec", _section_spec(section.journal.slug, section.pk))
        sub(entry, "setName", f"{section.journal.title}: {section.title}")


def get_record(root: etree._Element, request: Request) -> None:
    builder = _format(request.metadata_prefix)
    article = _article_or_error(request.identifier, prefetch=True)
    metadata = _metadata_or_none(article, builder)
    if metadata is None:
        raise OaiError(
            "cannotDisseminateFormat",
            f"The record {request.identifier} cannot be given as {request.metadata_prefix} now.",
        )
    _record(sub(root, "GetRecord"), article, metadata)


def list_identifiers(root: etree._Element, request: Request) -> None:
    _list(root, request, records=False)


def list_records(root: etree._Element, request: Request) -> None:
    _list(root, request, records=True)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


# --- Records ---------------------------------------------------------------------------------------


def _format(prefix: str) -> Callable[[Article], etree._Element]:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Records are available as {' and '.join(FORMATS)}, not {prefix}.")
    return FORMATS[prefix][2]


def _article_or_error(identifier: str, *, prefetch: bool) -> Article:
    article_id = oai.article_id_from(identifier)
    queryset = with_datestamp(exportable_articles()).filter(pk=article_id)
    article = (with_everything_printed(queryset) if prefetch else queryset).first() if article_id else None
    if article is None:
        raise OaiError("idDoesNotExist", f"No record has the identifier {identifier}.")
    return article


def _section_spec(journal_slug: str, section_id: int) -> str:
    return f"{journal_slug}:section-{section_id}"


def _header(parent: etree._Element, article: Article) -> None:
    header = sub(parent, "header")
    sub(header, "identifier", oai.identifier_for(article.pk))
    sub(header, "datestamp", oai.datestamp(article.datestamp))
    slug = article.submission.journal.slug
    sub(header, "setSpec", slug)
    if article.section_id:
        sub(header, "setSpec", _section_spec(slug, article.section_id))


def _metadata_or_none(article: Article, builder: Callable[[Article], etree._Element]) -> etree._Element | None:
    """The record's metadata, or None (logged) when it cannot be built.

    The exporters read any stored text; should one article still fail, the harvester gets the others:
    OAI-PMH has no record without metadata except a deleted one, and this one is not deleted, so it is
    left out of the list rather than sent empty or half-built.
    """
    try:
        return builder(article)
    except Exception:
        logger.exception("OAI-PMH: article %s could not be exported; left out of the answer.", article.pk)
        return None


def _record(parent: etree._Element, article: Article, metadata: etree._Element) -> None:
    record = sub(parent, "record")
    _header(record, article)
    sub(record, "metadata").append(metadata)


def _selected(request: Request) -> QuerySet[Article]:
    queryset = with_datestamp(exportable_articles())
    if request.since:
        queryset = queryset.filter(datestamp__gte=request.since)
    if request.before:
        queryset = queryset.filter(datestamp__lt=request.before)
    if request.set_spec:
        slug, _, section = request.set_spec.partition(":")
        queryset = queryset.filter(submission__journal__slug=slug)
        if section:
            match = _SECTION_SET.match(section)
            queryset = queryset.filter(section_id=int(match.group(1))) if match else queryset.none()
    return queryset


def _list(root: etree._Element, request: Request, *, records: bool) -> None:
    builder = _format(request.metadata_prefix)
    selected = _selected(request)
    size = settings.OAI_PAGE_SIZE
    page_query = selected.filter(pk__gt=request.after_id).order_by("pk")
    page = list((with_everything_printed(page_query) if records else page_query)[: size + 1])
    if not page:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    more, page = len(page) > size, page[:size]
    element = sub(root, "ListRecords" if records else "ListIdentifiers")
    for article in page:
        if not records:
            _header(element, article)
        elif (metadata := _metadata_or_none(article, builder)) is not None:
            _record(element, article, metadata)
    if records and not len(element) and not more:
        raise OaiError("noRecordsMatch", "No record matching these arguments can be exported now.")
    if more or request.cursor:
        total = selected.count()
        token = oai.resumption_token(request, after_id=page[-1].pk, cursor=request.cursor + len(page)) if more else ""
        sub(element, "resumptionToken", token, completeListSize=str(total), cursor=str(request.cursor))
