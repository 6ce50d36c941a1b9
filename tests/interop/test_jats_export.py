"""JATS 1.3 export: what it says, that the schema accepts it, and the download from the article page."""

from __future__ import annotations

from lxml import etree

from editorial.interop import jats_schema
from editorial.interop.jats_export import jats_element
from editorial.interop.selectors import article_for_export

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _export(article):
    return jats_element(article_for_export(article_id=article.pk))


def test_export_is_valid_jats_1_3_journal_publishing(article_ru):
    assert jats_schema.schema_errors(_export(article_ru)) == []


def test_export_carries_front_matter_contributors_and_translations(article_ru):
    root = _export(article_ru)
    meta = root.find("front/article-meta")
    assert root.get(XML_LANG) == "ru"
    assert root.findtext("front/journal-meta/issn[@publication-format='electronic']") == "2500-0047"
    assert meta.findtext("article-id[@pub-id-type='doi']") == article_ru.doi
    assert meta.findtext("article-categories/subj-group/subject") == "Political theory"
    assert "".join(meta.find("title-group/article-title").itertext()) == "Союзы и их недовольные"
    assert meta.find("title-group/article-title/italic").text == "недовольные"
    assert meta.find("title-group/trans-title-group").get(XML_LANG) == "en"
    first, second = meta.findall("contrib-group/contrib")
    assert first.get("corresp") == "yes"
    assert second.get("corresp") is None
    assert first.findtext("contrib-id[@contrib-id-type='orcid']") == "https://orcid.org/0000-0002-1825-0097"
    assert [n.findtext("surname") for n in first.findall("name-alternatives/name")] == ["Королёв", "Korolev"]
    assert first.findtext("aff/institution-wrap/institution[@content-type='orgdiv1']") == "Faculty of World Politics"
    assert first.find("aff/country").get("country") == "RU"
    assert [p.text for p in meta.findall("abstract/p")] == ["Первый абзац.", "Второй абзац."]
    assert meta.find("trans-abstract/p/italic").text == "paragraph"
    assert [
        k.text for k in meta.findall("kwd-group[@xml:lang='en']/kwd", {"xml": "http://www.w3.org/XML/1998/namespace"})
    ] == [
        "alliances",
        "security",
    ]
    assert meta.find("history/date[@date-type='received']").get("iso-8601-date") == "2021-03-01"
    assert meta.find("history/date[@date-type='accepted']").get("iso-8601-date") == "2021-06-01"
    assert (meta.findtext("volume"), meta.findtext("issue"), meta.findtext("fpage"), meta.findtext("lpage")) == (
        "13",
        "3",
        "75",
        "111",
    )


def test_references_are_mixed_citations_with_doi_pub_ids(article_ru):
    refs = _export(article_ru).findall("back/ref-list/ref")
    assert [ref.findtext("label") for ref in refs] == ["1", "2", "3"]
    inline, plain, added = (ref.find("mixed-citation") for ref in refs)
    assert "".join(inline.itertext()) == "Walt S. Alliances. 1987. doi:10.1000/xyz1"
    assert inline.find("pub-id[@pub-id-type='doi']").text == "10.1000/xyz1"
    assert plain.find("pub-id") is None
    assert added.find("pub-id").get("specific-use") == "metadata"


def test_article_page_links_to_the_jats_file(client, article_ru):
    page = client.get(f"/vestnik/article/{article_ru.pk}/", follow=True)
    jats_url = f"/vestnik/article/{article_ru.pk}/jats.xml"
    assert jats_url in page.content.decode()
    response = client.get(jats_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/jats+xml")
    assert b"<!DOCTYPE article PUBLIC" in response.content
    assert etree.fromstring(response.content).findtext("front/article-meta/article-id") == article_ru.doi


def test_jats_file_of_a_scheduled_or_foreign_article_is_not_found(client, article_ru):
    assert client.get(f"/other/article/{article_ru.pk}/jats.xml").status_code == 404
    article_ru.status = "scheduled"
    article_ru.save()
    assert client.get(f"/vestnik/article/{article_ru.pk}/jats.xml").status_code == 404


def test_jats_download_takes_a_fixed_number_of_queries(client, article_ru, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(f"/vestnik/article/{article_ru.pk}/jats.xml").status_code == 200
