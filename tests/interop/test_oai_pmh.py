"""OAI-PMH 2.0 at /oai: every verb and every protocol error, each response validated against the schema."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from editorial.models import Article, Journal, Section
from tests.support.factories import IssueFactory, JournalFactory, published_article
from tests.support.interop import russian_article
from tests.support.oai import NS, error_code, oai

PAGE_SIZE = 3


@pytest.fixture
def repository(db, site, settings):
    """Seven public articles in two journals (one with two sections) and one scheduled article."""
    settings.OAI_PAGE_SIZE = PAGE_SIZE
    vestnik = russian_article().submission.journal
    other = JournalFactory(slug="other-journal", title="Other Journal")
    issue = IssueFactory(journal=other, publication_date=datetime.date(2021, 9, 30))
    theory = Section.objects.create(journal=other, title="Theory", position=1)
    practice = Section.objects.create(journal=other, title="Practice", position=2)
    for number in range(1, 7):
        section = theory if number % 2 else practice
        published_article(doi=f"10.48015/oai.{number}", issue=issue, section=section, contributors=2, references=2)
    published_article(doi="10.48015/oai.scheduled", issue=issue, status=Article.Status.SCHEDULED)
    return {"vestnik": vestnik, "other": other, "theory": theory, "practice": practice}


def identifiers(root) -> list[str]:
    return [element.text for element in root.iterfind(".//o:header/o:identifier", NS)]


def harvest(client, verb: str, **arguments) -> tuple[list[str], list[etree._Element]]:
    pages = [oai(client, verb=verb, **arguments)]
    while (token := pages[-1].find(f"o:{verb}/o:resumptionToken", NS)) is not None and token.text:
        pages.append(oai(client, verb=verb, resumptionToken=token.text))
    return [identifier for page in pages for identifier in identifiers(page)], pages


# --- Identify, ListMetadataFormats, ListSets --------------------------------------------------------


def test_identify_describes_the_repository(client, repository):
    root = oai(client, verb="Identify")
    identify = root.find("o:Identify", NS)
    assert identify.findtext("o:baseURL", namespaces=NS) == "https://journal.example.org/oai"
    assert identify.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("o:adminEmail", namespaces=NS) == "oai@journal.example.org"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_offers_oai_dc_and_jats(client, repository):
    root = oai(client, verb="ListMetadataFormats")
    prefixes = [e.text for e in root.iterfind(".//o:metadataPrefix", NS)]
    assert prefixes == ["oai_dc", "jats"]
    article = Article.objects.filter(status="published").first()
    one = oai(client, verb="ListMetadataFormats", identifier=f"oai:journal.example.org:article/{article.pk}")
    assert [e.text for e in one.iterfind(".//o:metadataPrefix", NS)] == ["oai_dc", "jats"]


def test_list_sets_gives_journals_and_their_sections(client, repository):
    root = oai(client, verb="ListSets")
    specs = [e.text for e in root.iterfind(".//o:setSpec", NS)]
    assert "vestnik" in specs
    assert "other-journal" in specs
    assert f"other-journal:section-{repository['theory'].pk}" in specs
    assert f"other-journal:section-{repository['practice'].pk}" in specs


def test_list_sets_without_journals_is_no_set_hierarchy(client, db, site):
    assert Journal.objects.count() == 0
    assert error_code(oai(client, verb="ListSets")) == "noSetHierarchy"


# --- GetRecord -------------------------------------------------------------------------------------


def test_get_record_in_dublin_core(client, repository):
    article = Article.objects.get(doi="10.48015/2076-7404-2021-13-3-75-111")
    root = oai(
        client, verb="GetRecord", identifier=f"oai:journal.example.org:article/{article.pk}", metadataPrefix="oai_dc"
    )
    dc = root.find(".//oai_dc:dc", NS)
    titles = {e.get("{http://www.w3.org/XML/1998/namespace}lang"): e.text for e in dc.iterfind("dc:title", NS)}
    assert titles == {"ru": "Союзы и их недовольные", "en": "Alliances and their discontents"}
    assert [e.text for e in dc.iterfind("dc:creator", NS)] == ["Korolev, Alexey N.", "Doe, Jane"]
    assert "https://doi.org/10.48015/2076-7404-2021-13-3-75-111" in [e.text for e in dc.iterfind("dc:identifier", NS)]
    specs = [e.text for e in root.iterfind(".//o:header/o:setSpec", NS)]
    assert specs == ["vestnik", f"vestnik:section-{article.section_id}"]


def test_get_record_in_jats(client, repository):
    article = Article.objects.get(doi="10.48015/2076-7404-2021-13-3-75-111")
    root = oai(
        client, verb="GetRecord", identifier=f"oai:journal.example.org:article/{article.pk}", metadataPrefix="jats"
    )
    jats = root.find(".//j:article", NS)
    assert jats.findtext("j:front/j:article-meta/j:article-id", namespaces=NS) == article.doi
    assert len(jats.findall("j:back/j:ref-list/j:ref", NS)) == 3


# --- ListIdentifiers, ListRecords, resumption --------------------------------------------------------


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
@pytest.mark.parametrize("prefix", ["oai_dc", "jats"])
def test_a_harvest_takes_three_pages_and_returns_every_public_record_once(client, repository, verb, prefix):
    harvested, pages = harvest(client, verb, metadataPrefix=prefix)
    public = Article.objects.exclude(status="scheduled")
    assert sorted(harvested) == sorted(f"oai:journal.example.org:article/{a.pk}" for a in public)
    assert len(pages) == 3
    tokens = [page.find(f"o:{verb}/o:resumptionToken", NS) for page in pages]
    assert [t.get("cursor") for t in tokens] == ["0", "3", "6"]
    assert {t.get("completeListSize") for t in tokens} == {"7"}
    assert tokens[-1].text is None  # the last page: an empty token
    if verb == "ListRecords":
        assert len(pages[0].findall(".//o:metadata", NS)) == PAGE_SIZE


def test_a_list_that_fits_one_page_has_no_resumption_token(client, repository, settings):
    settings.OAI_PAGE_SIZE = 50
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(identifiers(root)) == 7
    assert root.find(".//o:resumptionToken", NS) is None


def test_set_selects_a_journal_or_one_of_its_sections(client, repository):
    journal, _ = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set="other-journal")
    assert len(journal) == 6
    theory = repository["theory"]
    section, _ = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", set=f"other-journal:section-{theory.pk}")
    expected = Article.objects.filter(section=theory).exclude(status="scheduled")
    assert sorted(section) == sorted(f"oai:journal.example.org:article/{a.pk}" for a in expected)


def test_from_and_until_select_by_datestamp(client, repository):
    old = Article.objects.get(doi="10.48015/oai.1")
    moment = datetime.datetime(2020, 1, 15, 12, 0, 0, tzinfo=datetime.UTC)
    Article.objects.filter(pk=old.pk).update(updated_at=moment)
    type(old.submission).objects.filter(pk=old.submission_id).update(updated_at=moment)
    until, _ = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", until="2020-01-15")
    assert until == [f"oai:journal.example.org:article/{old.pk}"]
    exact, _ = harvest(
        client,
        "ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2020-01-15T12:00:00Z", "until": "2020-01-15T12:00:00Z"},
    )
    assert exact == until
    since, _ = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2020-01-16"})
    assert len(since) == 6
    assert until[0] not in since


def test_requests_may_be_posted(client, repository):
    root = oai(client, method="post", verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(identifiers(root)) == PAGE_SIZE


def test_each_page_takes_a_fixed_number_of_queries(client, repository, settings, django_assert_max_num_queries):
    for size in (2, 6):
        settings.OAI_PAGE_SIZE = size
        for prefix in ("oai_dc", "jats"):
            with django_assert_max_num_queries(7):
                first = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix})
            token = etree.fromstring(first.content).findtext(".//o:resumptionToken", namespaces=NS)
            with django_assert_max_num_queries(7):
                client.get("/oai", {"verb": "ListRecords", "resumptionToken": token})


# --- Protocol errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "set": "x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-02-30"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2021-12-31T00:00:00Z"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2022-01-01", "until": "2021-01-01"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "jats"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "not a set"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListIdentifiers", "resumptionToken": "eyJhIjoxfQ:1abc:def"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:journal.example.org:article/1"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elsewhere.org:article/1"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:journal.example.org:article/999999"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "oai:journal.example.org:article/999999"}, "idDoesNotExist"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "no-such-journal"}, "noRecordsMatch"),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "other-journal:section-0"}, "noRecordsMatch"),
    ],
)
def test_protocol_errors_are_valid_responses_with_their_code(client, repository, arguments, code):
    root = oai(client, **arguments)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the request is not echoed
    else:
        assert request.get("verb") == arguments["verb"]


def test_a_token_of_one_verb_is_refused_by_another(client, repository):
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"


def test_scheduled_articles_are_not_harvested(client, repository):
    scheduled = Article.objects.get(status="scheduled")
    root = oai(
        client, verb="GetRecord", identifier=f"oai:journal.example.org:article/{scheduled.pk}", metadataPrefix="oai_dc"
    )
    assert error_code(root) == "idDoesNotExist"
