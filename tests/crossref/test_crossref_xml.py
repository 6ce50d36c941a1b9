"""The deposit file: Crossref schema 5.3.1, the demo article as its page shows it, errors an editor can act on."""

import dataclasses
import datetime
import filecmp
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from editorial.crossref import metadata as md
from editorial.crossref import schema
from editorial.crossref.deposit_xml import (
    CROSSREF_NS,
    JATS_NS,
    DepositNotValid,
    build_deposit_xml,
    find_problems,
    fingerprint,
    timestamp_for,
)
from editorial.demo.loader import load_demo
from editorial.models import Contributor, Journal

SHARED_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "crossref-schema-5.3.1"
DEMO_DOI = "10.48015/2076-7404-2021-13-3-75-111"
NS = {"cr": CROSSREF_NS, "jats": JATS_NS}


def small_batch(**article_changes) -> md.Batch:
    article = md.Article(
        doi="10.48015/test-1",
        url="https://journal.example.org/j/article/1/",
        title="Balances of Power",
        language="en",
        published_on=datetime.date(2021, 9, 30),
        first_page="75",
        last_page="111",
        contributors=(
            md.Contributor("Alexander N.", "Korolev", orcid="0000-0002-1825-0097"),
            md.Contributor("Igor", "Istomin"),
        ),
        citations=(md.Citation("ref1", "Istomin I. A. 2020. Russia.", "10.17994/IT.2017.15.4.51.6"),),
    )
    return md.Batch(
        batch_id="journal-1-abc",
        timestamp=20210930120000000,
        depositor=md.Depositor("Depositor", "deposits@example.org", "Publisher"),
        journal=md.Journal("Lomonosov World Politics Journal", "Lomonosov World Polit. J.", "2076-7404"),
        issue=md.Issue(year=2021, number="3", volume="13", publication_date=datetime.date(2021, 9, 30)),
        articles=(dataclasses.replace(article, **article_changes),),
    )


@pytest.fixture
def demo_xml(settings) -> etree._Element:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "https://journal.example.org"
    load_demo(password="demo-pass")
    out = StringIO()
    call_command("crossref_xml", DEMO_DOI, stdout=out)
    return etree.fromstring(out.getvalue().encode())


@pytest.mark.django_db
def test_demo_article_xml_is_valid_against_crossref_schema(demo_xml):
    assert schema.schema_errors(etree.tostring(demo_xml)) == []
    assert demo_xml.get("version") == "5.3.1"
    assert demo_xml.tag == f"{{{CROSSREF_NS}}}doi_batch"


@pytest.mark.django_db
def test_demo_article_xml_carries_what_the_sample_page_shows(demo_xml):
    article = demo_xml.find(".//cr:journal_article", NS)
    citations = article.findall("cr:citation_list/cr:citation", NS)
    assert len(citations) == 50
    assert all(c.find("cr:unstructured_citation", NS).text for c in citations)
    assert len([c for c in citations if c.find("cr:doi", NS) is not None]) == 37
    assert citations[1].findtext("cr:doi", namespaces=NS) == "10.17994/IT.2017.15.4.51.6"
    assert citations[0].findtext("cr:unstructured_citation", namespaces=NS).startswith("Istomin I. A. 2020.")
    assert article.findtext("cr:pages/cr:first_page", namespaces=NS) == "75"
    assert article.findtext("cr:pages/cr:last_page", namespaces=NS) == "111"
    issn = demo_xml.find(".//cr:journal_metadata/cr:issn", NS)
    assert (issn.text, issn.get("media_type")) == ("2076-7404", "print")
    assert article.findtext("cr:titles/cr:title", namespaces=NS).startswith("Balances of Power, Threat, and Interests")
    assert article.findtext("cr:doi_data/cr:doi", namespaces=NS) == DEMO_DOI
    resource = article.findtext("cr:doi_data/cr:resource", namespaces=NS)
    assert resource.startswith("https://journal.example.org/lomonosov-world-politics/article/")
    assert resource.endswith("/")
    abstract = article.find("jats:abstract/jats:p", NS)
    assert abstract.text.startswith("Since the collapse of the Soviet Union")


@pytest.mark.django_db
def test_demo_article_xml_names_the_author_with_sequence_and_affiliation(demo_xml):
    person = demo_xml.find(".//cr:journal_article/cr:contributors/cr:person_name", NS)
    assert person.get("sequence") == "first"
    assert person.get("contributor_role") == "author"
    assert (person.findtext("cr:given_name", namespaces=NS), person.findtext("cr:surname", namespaces=NS)) == (
        "Alexander N.",
        "Korolev",
    )
    institution = person.find("cr:affiliations/cr:institution", NS)
    assert institution.findtext("cr:institution_name", namespaces=NS) == "University of New South Wales"
    assert institution.findtext("cr:institution_department", namespaces=NS) == "School of Social Sciences"
    places = [place.text for place in institution.findall("cr:institution_place", NS)]
    assert places == ["Sydney NSW 2052", "Australia"]


@pytest.mark.django_db
def test_demo_issue_is_volume_13_number_3_of_2021(demo_xml):
    issue = demo_xml.find(".//cr:journal_issue", NS)
    assert issue.findtext("cr:journal_volume/cr:volume", namespaces=NS) == "13"
    assert issue.findtext("cr:issue", namespaces=NS) == "3"
    assert issue.findtext("cr:publication_date/cr:year", namespaces=NS) == "2021"


def test_authors_keep_their_order_with_first_and_additional_and_orcid_as_url():
    xml = build_deposit_xml(small_batch())
    people = etree.fromstring(xml).findall(".//cr:person_name", NS)
    assert [(p.findtext("cr:surname", namespaces=NS), p.get("sequence")) for p in people] == [
        ("Korolev", "first"),
        ("Istomin", "additional"),
    ]
    assert people[0].findtext("cr:ORCID", namespaces=NS) == "https://orcid.org/0000-0002-1825-0097"
    assert people[1].find("cr:ORCID", NS) is None
    assert schema.schema_errors(xml) == []


def test_a_journal_without_issn_is_refused_with_a_clear_message():
    batch = dataclasses.replace(small_batch(), journal=md.Journal("Journal of Tests"))
    with pytest.raises(DepositNotValid) as refused:
        build_deposit_xml(batch)
    assert refused.value.problems[0].startswith("The ISSN is missing")
    assert "journal's settings" in refused.value.problems[0]


def test_an_orcid_with_a_wrong_check_digit_is_refused_naming_the_author():
    batch = small_batch(contributors=(md.Contributor("Alexander N.", "Korolev", orcid="0000-0002-1825-0098"),))
    problems = find_problems(batch)
    assert len(problems) == 1
    assert "ORCID iD of author 1 (Alexander N. Korolev), 0000-0002-1825-0098, is not valid" in problems[0]
    assert "check digit" in problems[0]


def test_an_orcid_in_the_wrong_form_is_refused():
    batch = small_batch(contributors=(md.Contributor("A.", "Korolev", orcid="0000-0002-1825"),))
    assert "is not in the form 0000-0002-1825-0097" in find_problems(batch)[0]


def test_schema_errors_are_explained_in_the_editors_terms_naming_article_and_author():
    batch = small_batch(
        first_page="x" * 40,
        contributors=(md.Contributor("Alexander N.", "Korolev"), md.Contributor("???", "Istomin")),
    )
    xml = build_deposit_xml(batch)
    explained = schema.explain(schema.schema_errors(xml), batch)
    assert any(
        line.startswith("Article 10.48015/test-1: the first page is too long (at most 32 characters).")
        for line in explained
    )
    assert any(
        line.startswith("Article 10.48015/test-1, author 2 (Istomin): the given names '???' is not in the form")
        for line in explained
    )
    assert all("(schema: " in line for line in explained)  # the technical detail follows the sentence


def test_a_missing_required_element_is_named_as_missing():
    xml = build_deposit_xml(small_batch())
    document = etree.fromstring(xml)
    doi_data = document.find(".//cr:journal_article/cr:doi_data", NS)
    doi_data.getparent().remove(doi_data)
    explained = schema.explain(schema.schema_errors(etree.tostring(document)), small_batch())
    assert explained[0].startswith("Article 10.48015/test-1: the DOI and web address is missing (the references came")


def test_a_malformed_reference_doi_stays_in_the_text_only():
    batch = small_batch(citations=(md.Citation("ref1", "A work. DOI: 10.12/x", "10.12/x"),))
    xml = build_deposit_xml(batch)
    citation = etree.fromstring(xml).find(".//cr:citation", NS)
    assert citation.find("cr:doi", NS) is None
    assert citation.findtext("cr:unstructured_citation", namespaces=NS) == "A work. DOI: 10.12/x"
    assert schema.schema_errors(xml) == []


def test_abstract_html_becomes_jats_paragraphs_with_emphasis():
    html = "<p>One <i>two</i> <b>three</b></p><p>H<sub>2</sub>O and <a href='https://x.org'>a link</a></p>"
    xml = build_deposit_xml(small_batch(abstracts=(md.Abstract(html, "en"),)))
    paragraphs = etree.fromstring(xml).findall(".//jats:abstract/jats:p", NS)
    assert len(paragraphs) == 2
    assert etree.tostring(paragraphs[0], encoding="unicode").count("jats:italic") == 2
    assert "".join(paragraphs[1].itertext()) == "H2O and a link"
    assert schema.schema_errors(xml) == []


def test_an_original_language_title_follows_the_english_one():
    xml = build_deposit_xml(small_batch(original_title="Балансы сил", original_language="ru"))
    original = etree.fromstring(xml).find(".//cr:titles/cr:original_language_title", NS)
    assert (original.text, original.get("language")) == ("Балансы сил", "ru")
    assert schema.schema_errors(xml) == []


def test_a_whole_issue_is_one_file_with_one_journal_article_per_article():
    batch = small_batch()
    second = dataclasses.replace(batch.articles[0], doi="10.48015/test-2", first_page="112", last_page="130")
    xml = build_deposit_xml(dataclasses.replace(batch, articles=(batch.articles[0], second)))
    document = etree.fromstring(xml)
    assert [d.text for d in document.findall(".//cr:journal_article/cr:doi_data/cr:doi", NS)] == [
        "10.48015/test-1",
        "10.48015/test-2",
    ]
    assert len(document.findall(".//cr:journal_issue", NS)) == 1
    assert schema.schema_errors(xml) == []


def test_timestamp_is_date_time_and_milliseconds_in_utc():
    moment = datetime.datetime(2021, 9, 30, 12, 5, 7, 123456, tzinfo=datetime.UTC)
    assert timestamp_for(moment) == 20210930120507123


def test_fingerprint_changes_with_the_metadata_only():
    batch = small_batch()
    same = fingerprint(batch.journal, batch.issue, batch.articles[0])
    assert same == fingerprint(batch.journal, batch.issue, dataclasses.replace(batch.articles[0]))
    changed = dataclasses.replace(batch.articles[0], title="Another title")
    assert fingerprint(batch.journal, batch.issue, changed) != same


def test_schema_is_compiled_once_per_process():
    assert schema.compiled_schema() is schema.compiled_schema()


def test_project_schema_is_crossrefs_published_one():
    if not SHARED_SCHEMA.exists():
        pytest.skip(f"the shared schema is not at {SHARED_SCHEMA}")
    files = [p.relative_to(SHARED_SCHEMA) for p in SHARED_SCHEMA.rglob("*") if p.is_file()]
    _, mismatch, errors = filecmp.cmpfiles(SHARED_SCHEMA, schema.SCHEMA_DIR, [str(f) for f in files], shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.mark.django_db
def test_crossref_xml_command_refuses_a_bad_orcid_naming_the_author(demo_xml):
    Contributor.objects.filter(family_name="Korolev").update(orcid="0000-0002-1825-0098")
    with pytest.raises(CommandError, match=r"ORCID iD of author 1 \(Alexander N. Korolev\).*check digit"):
        call_command("crossref_xml", DEMO_DOI, stdout=StringIO())


@pytest.mark.django_db
def test_crossref_xml_command_refuses_a_journal_without_issn(demo_xml):
    Journal.objects.update(issn_print="", issn_online="", doi_prefix="")
    with pytest.raises(CommandError, match="The ISSN is missing"):
        call_command("crossref_xml", DEMO_DOI, stdout=StringIO())


@pytest.mark.django_db
def test_crossref_xml_command_says_when_no_article_has_the_doi():
    with pytest.raises(CommandError, match=r"No article has the DOI 10\.1234/nothing"):
        call_command("crossref_xml", "10.1234/nothing")
