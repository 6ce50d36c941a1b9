"""The public pages in a real headless Chromium, reached as a reader reaches them."""

import json
import time
from pathlib import Path

import pytest

from editorial.demo.loader import load_demo
from editorial.models import Article
from editorial.production.preview import preview_url
from tests.support.browser import chromium_page
from tests.support.factories import AffiliationFactory, ArticleFactory, ContributorFactory, ReferenceFactory
from tests.support.pages import GOOGLEBOT, HUMAN, page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITATION = (
    "Korolev A.N. Balances of Power, Threat, and Interests: The Logic behind China-Russia Strategic Alignment in the "
    "Post-Cold War Period. Lomonosov World Politics Journal. 2021;13(3):75-111. (In Russ.) "
    "https://doi.org/10.48015/2076-7404-2021-13-3-75-111"
)


@pytest.fixture
def demo_url(settings, live_server) -> str:
    """The demo article's address, worked out before any browser starts: inside Playwright's sync API
    the database is reached through another connection, which the test run would not close."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server.url + page_url(load_demo(password="demo-pass").article)


def test_reader_goes_from_the_journal_list_to_an_article_and_follows_a_reference_doi(live_server):
    article = ArticleFactory(doi="10.48015/2076-7404-2021-13-3-75-111", views=850)
    contributor = ContributorFactory(submission=article.submission, given_names="Alexander N.", family_name="Korolev")
    AffiliationFactory(contributor=contributor)
    ReferenceFactory(
        submission=article.submission,
        raw_text="Smith A. 1995. Alliance formation. DOI: 10.2307/2600800.",
        doi="10.2307/2600800",
    )
    journal = article.submission.journal

    with chromium_page(viewport={"width": 390, "height": 844}) as page:  # a phone's width
        page.goto(live_server.url + "/")
        page.get_by_role("link", name=journal.title).click()
        page.get_by_role("link", name=article.submission.title_en).click()
        assert page.get_by_role("heading", level=1).inner_text() == article.submission.title_en
        assert page.locator(".contributor .name").inner_text().startswith("A. N. Korolev")
        doi_link = page.locator("ol.references a.ref-doi")
        assert doi_link.get_attribute("href") == "https://doi.org/10.2307/2600800"
        assert page.get_by_text("Views: 850").is_visible()
        # The stylesheet is served (by whitenoise) and applied: no horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")


def test_demo_article_page_renders_without_javascript_on_a_phone(demo_url):
    with chromium_page(viewport={"width": 390, "height": 844}, java_script_enabled=False) as page:
        response = page.goto(demo_url)
        assert response.status == 200
        assert page.get_by_role("heading", level=1).inner_text().startswith("Balances of Power, Threat, and Interests")
        assert page.locator("ol.references > li").count() == 50
        assert page.locator("ol.references a[href^='https://doi.org/']").count() == 37
        assert page.locator("p.citation").inner_text() == CITATION
        assert page.get_by_role("link", name="Advanced search").is_visible()
        assert page.get_by_role("searchbox").is_visible()
        assert page.locator("p.issn").inner_text() == "ISSN 2076-7404 (Print)"
        page.get_by_text("Other citation styles").click()  # <details>: opens without JavaScript
        assert page.locator("details.other-styles dt", has_text="GOST R 7.0.5-2008").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_citation_downloads_give_bibtex_ris_and_csl_json(demo_url, tmp_path):
    contents = {}
    with chromium_page(accept_downloads=True) as page:
        page.goto(demo_url)
        for name in ("BibTeX", "RIS", "CSL-JSON"):
            with page.expect_download() as info:
                page.locator("p.cite-downloads").get_by_role("link", name=name).click()
            download = info.value
            target = tmp_path / download.suggested_filename
            download.save_as(target)
            contents[name] = Path(target).read_bytes().decode("utf-8")  # as saved: CRLF kept
    assert contents["BibTeX"].startswith("@article{korolev2021balances,\n  author = {Korolev, Alexander N.},")
    assert "  pages = {75--111},\n" in contents["BibTeX"]
    assert "  doi = {10.48015/2076-7404-2021-13-3-75-111},\n" in contents["BibTeX"]
    assert contents["RIS"].startswith("TY  - JOUR\r\nAU  - Korolev, Alexander N.\r\n")
    assert "DO  - 10.48015/2076-7404-2021-13-3-75-111\r\n" in contents["RIS"]
    (item,) = json.loads(contents["CSL-JSON"])
    assert item["title"].startswith("Balances of Power, Threat, and Interests")
    assert (item["volume"], item["issue"], item["page"]) == ("13", "3", "75-111")
    assert item["author"] == [{"family": "Korolev", "given": "Alexander N."}]


def test_two_reloads_within_30_seconds_count_one_view(demo_url):
    with chromium_page(user_agent=HUMAN) as page:
        page.goto(demo_url)
        assert page.locator("p.views").inner_text() == "Views: 851"
        page.reload()
        page.reload()
        assert page.locator("p.views").inner_text() == "Views: 851"


@pytest.mark.parametrize("user_agent", [GOOGLEBOT, None], ids=["googlebot", "headless-chrome"])
def test_a_robot_counts_no_view(demo_url, user_agent):
    options = {"user_agent": user_agent} if user_agent else {}  # None: Chromium's own HeadlessChrome agent
    with chromium_page(**options) as page:
        page.goto(demo_url)
        page.reload()
        assert page.locator("p.views").inner_text() == "Views: 850"


def test_a_preview_link_works_until_it_expires_then_is_refused(live_server, settings):
    settings.PREVIEW_LINK_MAX_AGE = 3  # seconds; the signature's clock counts whole seconds
    article = ArticleFactory(status=Article.Status.SCHEDULED)
    with chromium_page() as page:
        link = live_server.url + preview_url(article)
        assert page.goto(link).status == 200
        assert page.get_by_text("Preview - not published").is_visible()
        time.sleep(4.1)
        response = page.goto(link)
        assert response.status == 410
        assert page.get_by_role("alert").inner_text() == "This preview link has expired. Ask the editor for a new one."
        assert page.get_by_text(article.submission.title_en).count() == 0
