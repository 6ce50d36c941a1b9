"""Stray markup in stored text (a comment or CDATA opener, an unclosed tag, a bare & or <) cannot make
an export fail: the JATS file of the article page, OAI-PMH in jats and oai_dc, and the Crossref
deposit stay valid, whether the text came in through the services (sanitized) or was written
straight into the database (not), and one record that cannot be exported never fails a list."""

from __future__ import annotations

import logging

import pytest
from lxml import etree

from editorial.crossref import schema as crossref_schema
from editorial.crossref.deposit_xml import CROSSREF_NS, JATS_NS, build_deposit_xml
from editorial.deposits import metadata as deposit_metadata
from editorial.interop import jats_schema
from editorial.models import Article, Submission
from tests.support.factories import JournalFactory
from tests.support.interop import HANDWRITTEN, russian_article
from tests.support.oai import NS, oai

STRAY = ["<!-- draft", "<![CDATA[ raw", "<b>unclosed", "a & b", "x < y", "n<N", "tab\x0bbed"]
PRINTED = {
    "<!-- draft": "<!-- draft",
    "<![CDATA[ raw": "<![CDATA[ raw",
    "<b>unclosed": "unclosed",
    "a & b": "a & b",
    "x < y": "x < y",
    "n<N": "n<N",
    "tab\x0bbed": "tabbed",
}


def _stored_raw(article: Article, text: str) -> None:
    """Write the text into every rich field, past the services' sanitizing, as old data may be."""
    Submission.objects.filter(pk=article.submission_id).update(
        title=f"Title {text}", title_en=f"English {text}", abstract=f"Abstract {text}", abstract_en=f"Summary {text}"
    )


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.mark.parametrize("text", STRAY)
def test_the_jats_file_of_the_article_page_is_valid_whatever_the_stored_title_and_abstract(client, article_ru, text):
    _stored_raw(article_ru, text)
    response = client.get(f"/vestnik/article/{article_ru.pk}/jats.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert jats_schema.schema_errors(root) == []
    meta = root.find("front/article-meta")
    assert _text(meta.find("title-group/article-title")) == f"Title {PRINTED[text]}"
    assert _text(meta.find("title-group/trans-title-group/trans-title")) == f"English {PRINTED[text]}"
    assert _text(meta.find("abstract")) == f"Abstract {PRINTED[text]}"
    assert _text(meta.find("trans-abstract")) == f"Summary {PRINTED[text]}"


@pytest.mark.parametrize("prefix", ["jats", "oai_dc"])
def test_list_records_is_valid_and_complete_whatever_the_stored_text(client, site, db, prefix):
    articles = [russian_article()]
    articles += [russian_article(journal=JournalFactory(), doi=f"10.48015/stray.{n}") for n in range(len(STRAY))]
    for article, text in zip(articles[1:], STRAY, strict=True):
        _stored_raw(article, text)
    root = oai(client, verb="ListRecords", metadataPrefix=prefix)
    assert root.find("o:error", NS) is None
    assert len(root.findall("o:ListRecords/o:record", NS)) == len(articles)
    if prefix == "jats":
        titles = [_text(title) for title in root.iterfind(".//j:article-meta/j:title-group/j:article-title", NS)]
        assert titles[1:] == [f"Title {PRINTED[text]}" for text in STRAY]


def test_a_record_that_cannot_be_exported_is_left_out_of_the_list_and_logged(client, site, db, monkeypatch, caplog):
    good = russian_article()
    bad = russian_article(journal=JournalFactory(), doi="10.48015/stray.bad")
    from editorial.interop.views import oai as oai_view

    build = oai_view.FORMATS["jats"][2]

    def failing_for_bad(article):
        if article.pk == bad.pk:
            raise RuntimeError("an exporter bug")
        return build(article)

    monkeypatch.setitem(oai_view.FORMATS, "jats", (*oai_view.FORMATS["jats"][:2], failing_for_bad))
    with caplog.at_level(logging.ERROR, logger="editorial.interop.views.oai"):
        root = oai(client, verb="ListRecords", metadataPrefix="jats")
    listed = [element.text for element in root.iterfind(".//o:header/o:identifier", NS)]
    assert listed == [f"oai:journal.example.org:article/{good.pk}"]
    assert f"article {bad.pk} could not be exported" in caplog.text
    single = oai(
        client, verb="GetRecord", metadataPrefix="jats", identifier=f"oai:journal.example.org:article/{bad.pk}"
    )
    assert single.find("o:error", NS).get("code") == "cannotDisseminateFormat"


@pytest.mark.parametrize("text", STRAY)
def test_get_record_in_jats_is_valid_whatever_the_stored_text(client, article_ru, text):
    _stored_raw(article_ru, text)
    root = oai(
        client, verb="GetRecord", metadataPrefix="jats", identifier=f"oai:journal.example.org:article/{article_ru.pk}"
    )
    assert root.find("o:error", NS) is None
    assert _text(root.find(".//j:abstract", NS)) == f"Abstract {PRINTED[text]}"


@pytest.mark.parametrize("text", STRAY)
def test_the_crossref_deposit_is_valid_whatever_the_stored_text(article_ru, text):
    _stored_raw(article_ru, text)
    articles = deposit_metadata.load_articles([article_ru.pk])
    batch = deposit_metadata.batch_metadata(
        batch_id="stray-1",
        timestamp=20210930120000000,
        journal=articles[0].submission.journal,
        issue=articles[0].issue,
        articles=articles,
    )
    xml = build_deposit_xml(batch, check=False)
    assert crossref_schema.schema_errors(xml) == []
    root = etree.fromstring(xml)
    ns = {"cr": CROSSREF_NS, "jats": JATS_NS}
    assert root.findtext(".//cr:titles/cr:title", namespaces=ns) == f"English {PRINTED[text]}"
    abstracts = [_text(element) for element in root.iterfind(".//jats:abstract", ns)]
    assert abstracts == [f"Summary {PRINTED[text]}", f"Abstract {PRINTED[text]}"]


def test_an_imported_jats_file_with_cdata_markup_in_title_and_abstract_exports_valid_jats(client, db, site):

    from editorial.interop.services.jats_import import import_jats

    JournalFactory(title="Вестник", slug="vestnik-mo", issn_print="", issn_online="2500-0047")
    source = HANDWRITTEN.read_text()
    source = source.replace(
        "<article-title>Многосторонние институты и кризис глобального управления</article-title>",
        "<article-title><![CDATA[Институты <!-- draft]]></article-title>",
    ).replace("<p>Второй абзац аннотации.</p>", "<p><![CDATA[Второй <b>абзац & <![CDATA[ x < y]]></p>")
    article = import_jats(user=None, data=source.encode()).article
    submission = Submission.objects.get(pk=article.submission_id)
    assert submission.title == "Институты <!-- draft"
    response = client.get(f"/vestnik-mo/article/{article.pk}/jats.xml")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert jats_schema.schema_errors(root) == []
    assert _text(root.find("front/article-meta/title-group/article-title")) == "Институты <!-- draft"
    assert "x < y" in _text(root.find("front/article-meta/abstract"))


def test_the_article_page_describes_an_abstract_with_a_comment_opener_as_typed(client, article_ru):
    _stored_raw(article_ru, "<!-- draft")
    page = client.get(f"/vestnik/article/{article_ru.pk}/", follow=True)
    assert page.status_code == 200
    assert '<meta name="description" content="Summary &lt;!-- draft">' in page.content.decode()
