"""The article page as readers and indexers get it: the sample page in full, metadata, addresses, cache."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse

from editorial.demo.loader import load_demo
from editorial.models import Article, Reference
from editorial.publishing.page_cache import invalidate_articles
from tests.support.factories import (
    AffiliationFactory,
    ArticleFactory,
    ContributorFactory,
    GalleyFactory,
    IssueFactory,
    JournalFactory,
    ReferenceFactory,
    SectionFactory,
    SubmissionFactory,
)
from tests.support.pages import json_ld, meta, normalized, page_url, parse, visible_text

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "article-page-lomonosov-2021-13-3.txt"
CITATION = (
    "Korolev A.N. Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment in the "
    "Post-Cold War Period. Lomonosov World Politics Journal. 2021;13(3):75-111. (In Russ.) "
    "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
)
# Two lines of the sample are tab labels of the platform the sample was taken from, with nothing of
# the article under them: "Preview" (its PDF viewer; our galley links are tested below) and "Review".
SAMPLE_PLATFORM_LABELS = {"Preview", "Review"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def demo_article(settings) -> Article:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo(password="demo-pass").article


@pytest.fixture
def sample_lines() -> list[str]:
    if not SAMPLE.exists():
        pytest.skip(f"the sample article page is not at {SAMPLE}")
    return [normalized(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_demo_article_page_contains_every_element_of_the_sample_page(client, demo_article, sample_lines):
    html = client.get(page_url(demo_article)).content.decode()
    text = visible_text(html)
    references = {
        item.get("value"): normalized(item.text_content()) for item in parse(html).xpath("//ol[@class='references']/li")
    }
    missing = []
    for line in sample_lines:
        number, _, rest = line.partition(". ")
        if number.isdigit() and number in references:
            if references[number] != rest:  # a reference: its number, and its text verbatim
                missing.append(line)
        elif line not in SAMPLE_PLATFORM_LABELS and line not in text:
            missing.append(line)
    assert missing == []
    assert len(references) == 50
    assert CITATION in text
    for expected in ("About the Author", "A. N. Korolev", "Views: 850", "ISSN 2076-7404 (Print)", "Advanced search"):
        assert expected in text


def test_demo_article_page_links_all_37_reference_dois_and_the_article_doi(client, demo_article):
    document = parse(client.get(page_url(demo_article)).content.decode())
    links = document.xpath("//ol[@class='references']//a[starts-with(@href, 'https://doi.org/')]")
    assert len(links) == 37
    dois = list(
        Reference.objects.filter(submission=demo_article.submission).exclude(doi="").values_list("doi", flat=True)
    )
    assert [link.get("href") for link in links] == [f"https://doi.org/{doi}" for doi in dois]
    assert all(link.text in link.getparent().text_content() for link in links)
    article_doi = "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
    assert document.xpath("//p[@class='doi']/a/@href") == [article_doi]
    assert document.xpath("//p[@class='citation']/a/@href") == [article_doi]


def test_demo_article_page_shows_other_citation_styles_and_download_links(client, demo_article):
    html = client.get(page_url(demo_article)).content.decode()
    document = parse(html)
    styles = document.xpath("//details[@class='other-styles']//dt/text()")
    assert {"APA", "Chicago (author-date)", "Vancouver", "GOST R 7.0.5-2008"} <= set(styles)
    apa = document.xpath("//details[@class='other-styles']//dt[.='APA']/following-sibling::dd[1]")[0]
    assert normalized(apa.text_content()).startswith("Korolev, A. N. (2021). Balances of Power")
    downloads = document.xpath("//p[@class='cite-downloads']/a/@href")
    assert downloads == [
        reverse("article-citation", args=["lomonosov-world-politics", demo_article.pk, fmt])
        for fmt in ("bibtex", "ris", "csl-json")
    ]


@pytest.fixture
def rich_article() -> Article:
    """Two authors with ORCID iDs and affiliations, keywords, pages, a DOI, a primary PDF galley."""
    journal = JournalFactory(
        title="Lomonosov World Politics Journal",
        abbreviation="Lomonosov World Polit. J.",
        issn_print="2076-7404",
        issn_online="0028-0836",
        publisher="Lomonosov Moscow State University",
        license_url="https://creativecommons.org/licenses/by/4.0/",
        citation_style="elpub",
    )
    submission = SubmissionFactory(
        journal=journal,
        language="ru",
        title="Балансы силы, угрозы и интересов",
        title_en="Balances of Power, Threat, and Interests",
        abstract="Российско-китайские отношения.",
        abstract_en="China-Russia relations have <i>progressed</i>.",
        keywords=["альянсы", "Китай"],
        keywords_en=["alliances", "China", "Russia"],
    )
    issue = IssueFactory(journal=journal, volume=13, number="3", year=2021, publication_date=datetime.date(2021, 9, 30))
    article = ArticleFactory(
        submission=submission,
        issue=issue,
        section=SectionFactory(journal=journal, title="Articles"),
        doi="10.48015/2076-7404-2021-13-3-75-111",
        published_on=datetime.date(2021, 9, 30),
    )
    korolev = ContributorFactory(
        submission=submission,
        position=1,
        given_names="Александр Н.",
        family_name="Королев",
        given_names_en="Alexander N.",
        family_name_en="Korolev",
        orcid="0000-0002-1825-0097",
        bio="Senior Lecturer",
    )
    AffiliationFactory(contributor=korolev, institution="University of New South Wales", country="AU")
    ivanov = ContributorFactory(submission=submission, position=2, given_names="Ivan", family_name="Ivanov")
    AffiliationFactory(contributor=ivanov, institution="MGIMO University", country="RU")
    AffiliationFactory(contributor=ivanov, institution="HSE University", country="RU", position=2)
    ReferenceFactory(submission=submission, position=1, raw_text="Walt S. M. 1990. The origins of alliances.")
    ReferenceFactory(
        submission=submission,
        position=2,
        raw_text="Snyder G. H. 1991. Alliances. DOI: 10.1017/S0020818300001417.",
        doi="10.1017/S0020818300001417",
    )
    GalleyFactory(article=article)
    return article


def test_google_scholar_tags_carry_every_field(client, rich_article):
    html = client.get(page_url(rich_article)).content.decode()
    galley = rich_article.galleys.get()
    pdf_url = "http://testserver" + reverse(
        "galley-download", args=[rich_article.submission.journal.slug, rich_article.pk, galley.pk]
    )
    assert meta(html, "citation_title") == ["Balances of Power, Threat, and Interests"]
    assert meta(html, "citation_author") == ["Korolev, Alexander N.", "Ivanov, Ivan"]
    assert meta(html, "citation_author_institution") == [
        "University of New South Wales",
        "MGIMO University",
        "HSE University",
    ]
    assert meta(html, "citation_author_orcid") == ["https://orcid.org/0000-0002-1825-0097"]
    assert meta(html, "citation_publication_date") == ["2021/09/30"]
    assert meta(html, "citation_journal_title") == ["Lomonosov World Politics Journal"]
    assert meta(html, "citation_journal_abbrev") == ["Lomonosov World Polit. J."]
    assert meta(html, "citation_issn") == ["2076-7404", "0028-0836"]
    assert (meta(html, "citation_volume"), meta(html, "citation_issue")) == (["13"], ["3"])
    assert (meta(html, "citation_firstpage"), meta(html, "citation_lastpage")) == (["75"], ["111"])
    assert meta(html, "citation_doi") == ["10.48015/2076-7404-2021-13-3-75-111"]
    assert meta(html, "citation_pdf_url") == [pdf_url]
    assert meta(html, "citation_language") == ["ru"]
    assert meta(html, "citation_keywords") == ["alliances", "China", "Russia"]
    assert meta(html, "citation_reference") == [
        "Walt S. M. 1990. The origins of alliances.",
        "Snyder G. H. 1991. Alliances. DOI: 10.1017/S0020818300001417.",
    ]
    # Google Scholar reads authors and institutions in document order: each institution follows its author.
    names = [m.get("name") for m in parse(html).xpath("//meta[starts-with(@name, 'citation_author')]")]
    assert names == [
        "citation_author",
        "citation_author_institution",
        "citation_author_orcid",
        "citation_author",
        "citation_author_institution",
        "citation_author_institution",
    ]


def test_dublin_core_and_open_graph_tags_describe_the_article(client, rich_article):
    html = client.get(page_url(rich_article)).content.decode()
    canonical = "http://testserver" + page_url(rich_article)
    assert parse(html).xpath("//link[@rel='schema.DC']/@href") == ["http://purl.org/dc/elements/1.1/"]
    assert meta(html, "DC.title") == ["Balances of Power, Threat, and Interests"]
    assert meta(html, "DC.creator") == ["Korolev, Alexander N.", "Ivanov, Ivan"]
    assert meta(html, "DC.date") == ["2021-09-30"]
    assert meta(html, "DC.identifier") == ["https://doi.org/10.48015/2076-7404-2021-13-3-75-111", canonical]
    assert meta(html, "DC.language") == ["ru"]
    assert meta(html, "DC.publisher") == ["Lomonosov Moscow State University"]
    assert meta(html, "DC.source") == ["Lomonosov World Politics Journal"]
    assert meta(html, "DC.source.ISSN") == ["2076-7404", "0028-0836"]
    assert meta(html, "DC.subject") == ["alliances", "China", "Russia"]
    assert meta(html, "DC.description") == ["China-Russia relations have progressed."]
    assert meta(html, "DC.rights") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert meta(html, "og:type", "property") == ["article"]
    assert meta(html, "og:title", "property") == ["Balances of Power, Threat, and Interests"]
    assert meta(html, "og:url", "property") == [canonical]
    assert meta(html, "og:site_name", "property") == ["Lomonosov World Politics Journal"]
    assert meta(html, "og:description", "property") == ["China-Russia relations have progressed."]
    assert meta(html, "article:published_time", "property") == ["2021-09-30"]
    assert meta(html, "article:author", "property") == ["Alexander N. Korolev", "Ivan Ivanov"]
    assert parse(html).xpath("//link[@rel='canonical']/@href") == [canonical]


def test_json_ld_is_a_scholarly_article_nested_in_issue_volume_and_journal(client, rich_article):
    data = json_ld(client.get(page_url(rich_article)).content.decode())
    canonical = "http://testserver" + page_url(rich_article)
    assert (data["@context"], data["@type"]) == ("https://schema.org", "ScholarlyArticle")
    assert data["headline"] == data["name"] == "Balances of Power, Threat, and Interests"
    assert (data["url"], data["@id"]) == (canonical, canonical)
    assert data["datePublished"] == "2021-09-30"
    assert data["inLanguage"] == "ru"
    assert data["keywords"] == ["alliances", "China", "Russia"]
    assert (data["pageStart"], data["pageEnd"], data["pagination"]) == ("75", "111", "75-111")
    assert data["sameAs"] == "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": rich_article.doi}
    assert data["description"] == "China-Russia relations have progressed."
    korolev, ivanov = data["author"]
    assert korolev == {
        "@type": "Person",
        "name": "Alexander N. Korolev",
        "givenName": "Alexander N.",
        "familyName": "Korolev",
        "affiliation": [
            {
                "@type": "Organization",
                "name": "University of New South Wales",
                "address": {"@type": "PostalAddress", "addressCountry": "Australia"},
            }
        ],
        "identifier": "https://orcid.org/0000-0002-1825-0097",
        "sameAs": "https://orcid.org/0000-0002-1825-0097",
    }
    assert [a["name"] for a in ivanov["affiliation"]] == ["MGIMO University", "HSE University"]
    issue = data["isPartOf"]
    assert (issue["@type"], issue["issueNumber"]) == ("PublicationIssue", "3")
    volume = issue["isPartOf"]
    assert (volume["@type"], volume["volumeNumber"]) == ("PublicationVolume", "13")
    journal = volume["isPartOf"]
    assert journal["@type"] == "Periodical"
    assert journal["name"] == "Lomonosov World Politics Journal"
    assert journal["issn"] == ["2076-7404", "0028-0836"]
    assert journal["publisher"] == {"@type": "Organization", "name": "Lomonosov Moscow State University"}
    assert data["citation"][1] == {
        "@type": "CreativeWork",
        "name": "Snyder G. H. 1991. Alliances. DOI: 10.1017/S0020818300001417.",
        "sameAs": "https://doi.org/10.1017/S0020818300001417",
    }
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"


def test_json_ld_cannot_be_closed_early_by_the_data(client):
    article = ArticleFactory(submission__title_en="Tags </script><script>alert(1)</script> & more")
    html = client.get(page_url(article)).content.decode()
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script
    assert "\\u003c/script\\u003e" in script
    assert json_ld(html)["headline"] == "Tags </script><script>alert(1)</script> & more"


def test_english_and_original_metadata_each_have_a_version_and_a_switch(client, rich_article):
    url = page_url(rich_article)
    english = client.get(url).content.decode()
    russian = client.get(url, {"lang": "ru"}).content.decode()
    document = parse(english)
    assert document.xpath("//nav[@class='language-switch']//a/@href") == [f"{url}?lang=ru"]
    assert document.xpath("//nav[@class='language-switch']//a/text()") == ["Русский"]
    alternates = dict(
        zip(
            document.xpath("//link[@rel='alternate']/@hreflang"),
            document.xpath("//link[@rel='alternate']/@href"),
            strict=True,
        )
    )
    assert alternates == {"en": f"http://testserver{url}", "ru": f"http://testserver{url}?lang=ru"}
    assert parse(russian).xpath("//article/@lang") == ["ru"]
    assert parse(russian).xpath("//h1/text()") == ["Балансы силы, угрозы и интересов"]
    text = visible_text(russian)
    assert "А. Н. Королев" in text
    assert "Российско-китайские отношения." in text
    assert "альянсы, Китай" in text
    assert (
        "Королев А.Н., Ivanov I. Балансы силы, угрозы и интересов. Lomonosov World Politics Journal. 2021;13(3):75-111. https://doi.org/"
        in text
    )
    assert "(In Russ.)" not in text
    assert "(In Russ.)" in visible_text(english)
    assert "Original language: Russian" in visible_text(english)


def test_an_english_article_has_no_language_switch_and_no_marker(client):
    article = ArticleFactory(submission__language="en", submission__title="English title", submission__title_en="")
    text = visible_text(client.get(page_url(article)).content.decode())
    assert "Русский" not in text
    assert "(In " not in text
    assert "Original language" not in text


def test_short_address_redirects_permanently_to_the_readable_canonical_one(client, rich_article):
    journal = rich_article.submission.journal
    response = client.get(reverse("article", args=[journal.slug, rich_article.pk]), {"lang": "ru"})
    assert response.status_code == 301
    canonical = f"/{journal.slug}/article/{rich_article.pk}/balances-of-power-threat-and-interests/"
    assert response["Location"] == f"{canonical}?lang=ru"
    assert page_url(rich_article) == canonical


def test_an_outdated_title_in_the_address_redirects_to_the_current_one(client, rich_article):
    journal = rich_article.submission.journal
    old = reverse("article-canonical", args=[journal.slug, rich_article.pk, "an-old-title"])
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == page_url(rich_article)


def test_doi_address_leads_to_the_article_whatever_the_case(client, rich_article):
    for doi in (rich_article.doi, rich_article.doi.upper()):
        response = client.get(f"/doi/{doi}")
        assert response.status_code == 302
        assert response["Location"] == page_url(rich_article)
    assert client.get("/doi/10.48015/no-such-article").status_code == 404


def test_doi_of_a_scheduled_article_is_not_found(client):
    article = ArticleFactory(doi="10.48015/scheduled", status=Article.Status.SCHEDULED)
    assert client.get(f"/doi/{article.doi}").status_code == 404


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("bibtex", "application/x-bibtex; charset=utf-8", "bib"),
        ("ris", "application/x-research-info-systems; charset=utf-8", "ris"),
        ("csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    ],
)
def test_citation_downloads_are_files_in_their_format(client, rich_article, fmt, content_type, extension):
    url = reverse("article-citation", args=[rich_article.submission.journal.slug, rich_article.pk, fmt])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="2076-7404-2021-13-3-75-111.{extension}"'
    body = response.content.decode()
    if fmt == "bibtex":
        assert body.startswith("@article{korolev2021balances,")
        assert "author = {Korolev, Alexander N. and Ivanov, Ivan}" in body
    elif fmt == "ris":
        assert body.startswith("TY  - JOUR\r\nAU  - Korolev, Alexander N.\r\nAU  - Ivanov, Ivan\r\n")
    else:
        (item,) = json.loads(body)
        assert item["title"] == "Balances of Power, Threat, and Interests"
        assert item["original-title"] == "Балансы силы, угрозы и интересов"
        assert item["DOI"] == rich_article.doi


def test_citation_download_keeps_the_language_asked_for(client, rich_article):
    url = reverse("article-citation", args=[rich_article.submission.journal.slug, rich_article.pk, "ris"])
    assert "TI  - Балансы силы, угрозы и интересов\r\n" in client.get(url, {"lang": "ru"}).content.decode()


def test_citation_download_of_an_unknown_format_or_unpublished_article_is_not_found(client):
    article = ArticleFactory(status=Article.Status.SCHEDULED)
    slug = article.submission.journal.slug
    assert client.get(reverse("article-citation", args=[slug, article.pk, "bibtex"])).status_code == 404
    public = ArticleFactory(submission__journal=article.submission.journal)
    assert client.get(reverse("article-citation", args=[slug, public.pk, "docx"])).status_code == 404


def test_galley_is_served_with_its_own_download_count(client, settings, rich_article):
    settings.USAGE_BUFFER = False
    galley = rich_article.galleys.get()
    url = reverse("galley-download", args=[rich_article.submission.journal.slug, rich_article.pk, galley.pk])
    response = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (Macintosh) Firefox/130.0")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="2076-7404-2021-13-3-75-111.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    galley.refresh_from_db()
    rich_article.refresh_from_db()
    assert (galley.downloads, rich_article.downloads, rich_article.views) == (1, 1, 0)
    html = client.get(page_url(rich_article)).content.decode()
    assert parse(html).xpath("//section[@class='galleys']//a/@href") == [url]
    assert "Downloads: 1" in visible_text(html)


def test_galley_of_a_scheduled_article_or_a_missing_file_is_not_found(client):
    hidden = GalleyFactory(article=ArticleFactory(status=Article.Status.SCHEDULED))
    missing = GalleyFactory()
    missing.file.delete(save=False)
    for galley in (hidden, missing):
        url = reverse("galley-download", args=[galley.article.submission.journal.slug, galley.article_id, galley.pk])
        assert client.get(url).status_code == 404


def test_page_is_served_from_the_cache_until_something_on_it_changes(client, rich_article):
    url = page_url(rich_article)
    client.get(url)
    Article.objects.filter(pk=rich_article.pk).update(first_page="76")  # no signal: the cache is not told
    assert "2021;13(3):75-111" in visible_text(client.get(url).content.decode())
    invalidate_articles([rich_article.pk])
    assert "2021;13(3):76-111" in visible_text(client.get(url).content.decode())


def _changes(article: Article):
    submission = article.submission
    contributor = submission.contributors.get(position=1)
    yield "title", lambda: setattr(submission, "title_en", "A New Title") or submission.save(), "A New Title"
    yield "author", lambda: setattr(contributor, "family_name_en", "Korolyov") or contributor.save(), "A. N. Korolyov"
    affiliation = contributor.affiliations.get()
    yield (
        "affiliation",
        lambda: setattr(affiliation, "institution", "Sydney University") or affiliation.save(),
        "Sydney University",
    )
    yield (
        "reference",
        lambda: ReferenceFactory(submission=submission, position=3, raw_text="Morgenthau H. 1948."),
        "Morgenthau H. 1948.",
    )
    issue = article.issue
    yield "issue", lambda: setattr(issue, "number", "4") or issue.save(), "2021;13(4):75-111"
    journal = submission.journal
    yield (
        "journal",
        lambda: setattr(journal, "title", "World Politics Review") or journal.save(),
        "World Politics Review",
    )
    yield "galley", lambda: GalleyFactory(article=article, label="EPUB", is_primary=False), "EPUB"
    yield "article", lambda: setattr(article, "last_page", "120") or article.save(), "2021;13(4):75-120"


def test_each_change_to_what_the_page_shows_refreshes_the_cached_page(
    client, rich_article, django_capture_on_commit_callbacks
):
    for what, change, expected in _changes(rich_article):
        client.get(page_url(rich_article), follow=True)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        text = visible_text(client.get(page_url(Article.objects.get(pk=rich_article.pk)), follow=True).content.decode())
        assert expected in text, what


def test_unpublishing_an_article_removes_its_cached_page(client, rich_article, django_capture_on_commit_callbacks):
    url = page_url(rich_article)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        rich_article.status = Article.Status.SCHEDULED
        rich_article.save()
    assert client.get(url).status_code == 404


def test_a_retracted_article_shows_its_notice(client):
    article = ArticleFactory(status=Article.Status.RETRACTED, notice="Retracted at the authors' request.")
    text = visible_text(client.get(page_url(article)).content.decode())
    assert "Published, corrected" not in text
    assert "Retracted. Retracted at the authors' request." in text


def test_a_journal_with_a_csl_house_style_cites_in_that_style(client):
    article = ArticleFactory(
        submission__journal__citation_style="apa", submission__title_en="Alliances", submission__language="en"
    )
    ContributorFactory(submission=article.submission, given_names="Stephen M.", family_name="Walt")
    document = parse(client.get(page_url(article)).content.decode())
    citation = normalized(document.xpath("//p[@class='citation']")[0].text_content())
    journal, number = article.submission.journal.title, article.issue.number
    url = f"http://testserver{page_url(article)}"  # APA gives the URL when there is no DOI
    assert citation == f"Walt, S. M. (2021). Alliances. {journal}, 13({number}), 75–111. {url}"
    assert document.xpath("//p[@class='citation']/i/text()") == [journal, "13"]
    assert "APA" not in document.xpath("//details[@class='other-styles']//dt/text()")


@pytest.mark.django_db
def test_the_prerendered_page_for_anonymous_readers_equals_the_rendered_one(client):
    """Readers without a session get the cached shell; it must be byte for byte the normal page."""
    article = ArticleFactory(doi="10.48015/shell-1", views=7)
    ContributorFactory(submission=article.submission)
    url = page_url(article)
    fast = client.get(url).content.decode()
    session = client.session
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key  # an anonymous reader with a session: rendered
    rendered = client.get(url).content.decode()
    assert "Views:" in fast
    assert fast.replace("Views: 8", "Views: 7") == rendered.replace("Views: 8", "Views: 7")
