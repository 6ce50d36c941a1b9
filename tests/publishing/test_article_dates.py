"""An article put online today in the 2021 issue: every place says 2021 for the issue's date and
today for the online date, each labelled as what it is (the rule in ``editorial.article_dates``)."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from lxml import etree

from editorial.crossref import schema as crossref_schema
from editorial.interop import jats_schema
from editorial.interop.oai import identifier_for
from editorial.models import DepositBatch
from tests.support.api import api_for
from tests.support.oai import NS, oai
from tests.support.production_fixtures import in_production

CROSSREF = {"c": "http://www.crossref.org/schema/5.3.1"}


@pytest.fixture
def published_today_in_2021(cast, crew, settings):
    settings.CROSSREF_DEPOSITOR_NAME, settings.CROSSREF_DEPOSITOR_EMAIL = "Depositor", "deposits@example.org"
    cast.journal.publisher = "Workflow Press"
    cast.journal.save()
    submission, article = in_production(cast, crew)
    response = api_for(cast.managing_editor).post(
        f"/api/production/{submission.pk}/publish/", {"override_reason": "Proofs read on paper."}, format="json"
    )
    assert response.status_code == 200, response.data
    article.refresh_from_db()
    assert article.published_on == timezone.localdate()
    return article


def _page(client, article) -> str:
    response = client.get(f"/{article.submission.journal.slug}/article/{article.pk}/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _meta(page: str, name: str) -> list[str]:
    return re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)">', page)


def test_citation_line_and_scholar_tags_give_the_issue_year_and_the_online_day(client, published_today_in_2021):
    today = timezone.localdate()
    page = _page(client, published_today_in_2021)
    citation = re.search(r'<p class="citation"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "(2021)" in citation  # the journal's house style is APA
    assert str(today.year) not in citation.replace(published_today_in_2021.doi, "")
    assert _meta(page, "citation_publication_date") == ["2021"]
    assert _meta(page, "citation_online_date") == [today.strftime("%Y/%m/%d")]
    assert _meta(page, "DC.date") == ["2021"]
    assert f'Published online: <time datetime="{today.isoformat()}">{today.day} {today:%B %Y}</time>' in page
    assert "(2021)" in page


def test_json_ld_publishes_in_the_issue_year_and_labels_the_online_day(client, published_today_in_2021):
    page = _page(client, published_today_in_2021)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["datePublished"] == "2021"
    assert data["isPartOf"]["@type"] == "PublicationIssue"
    assert data["isPartOf"]["datePublished"] == "2021"
    assert data["publication"] == {
        "@type": "PublicationEvent",
        "name": "Published online",
        "startDate": timezone.localdate().isoformat(),
    }


def test_citation_downloads_give_the_issue_year(client, published_today_in_2021):
    article = published_today_in_2021
    base = f"/{article.submission.journal.slug}/article/{article.pk}/cite"
    today = timezone.localdate()
    csl = client.get(f"{base}/csl-json/")
    assert csl.status_code == 200, csl.content
    (item,) = json.loads(csl.content)
    assert item["issued"] == {"date-parts": [[2021]]}
    assert item["available-date"] == {"date-parts": [[today.year, today.month, today.day]]}
    ris = client.get(f"{base}/ris/").content.decode()
    assert "PY  - 2021" in ris
    assert str(today.year) not in ris.replace(article.doi, "")
    bibtex = client.get(f"{base}/bibtex/").content.decode()
    assert re.search(r"year\s*=\s*\{?2021\}?", bibtex)
    assert str(today.year) not in bibtex.replace(article.doi, "")


def test_jats_export_has_the_electronic_day_and_the_print_issue_year(client, published_today_in_2021):
    article = published_today_in_2021
    response = client.get(f"/{article.submission.journal.slug}/article/{article.pk}/jats.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert jats_schema.schema_errors(root) == []
    meta = root.find("front/article-meta")
    online = meta.find("pub-date[@publication-format='electronic'][@date-type='pub']")
    assert online.get("iso-8601-date") == timezone.localdate().isoformat()
    collection = meta.find("pub-date[@publication-format='print'][@date-type='collection']")
    assert collection.findtext("year") == "2021"
    assert len(meta.findall("pub-date")) == 2


def test_deposit_gives_the_online_day_and_the_issue_year_as_print(published_today_in_2021):
    batch = DepositBatch.objects.get(records__doi=published_today_in_2021.doi, reason="publication")
    xml = batch.xml.encode()
    assert crossref_schema.schema_errors(xml) == []
    root = etree.fromstring(xml)
    today = timezone.localdate()
    article_dates = {
        d.get("media_type"): (d.findtext("c:year", namespaces=CROSSREF), d.findtext("c:day", namespaces=CROSSREF))
        for d in root.iterfind(".//c:journal_article/c:publication_date", CROSSREF)
    }
    assert article_dates == {"online": (str(today.year), f"{today.day:02d}"), "print": ("2021", None)}
    (issue_date,) = root.iterfind(".//c:journal_issue/c:publication_date", CROSSREF)
    assert (issue_date.get("media_type"), issue_date.findtext("c:year", namespaces=CROSSREF)) == ("print", "2021")


def test_oai_dublin_core_dates_the_article_by_its_issue(client, published_today_in_2021):
    identifier = identifier_for(published_today_in_2021.pk)
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert [e.text for e in root.iterfind(".//oai_dc:dc/dc:date", NS)] == ["2021"]


def test_publishing_today_does_not_date_a_2021_issue_today(published_today_in_2021):
    issue = published_today_in_2021.issue
    issue.refresh_from_db()
    assert issue.is_published
    assert issue.publication_date is None
