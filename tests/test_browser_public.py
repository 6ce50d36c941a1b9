"""The public pages in a real headless Chromium, reached as a reader reaches them."""

import pytest

from .browser import chromium_page
from .factories import AffiliationFactory, ArticleFactory, ContributorFactory, ReferenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
        assert page.get_by_text("A. N. Korolev").is_visible()
        doi_link = page.locator("ol.references a.ref-doi")
        assert doi_link.get_attribute("href") == "https://doi.org/10.2307/2600800"
        assert page.get_by_text("Views: 850").is_visible()
        # The stylesheet is served (by whitenoise) and applied: no horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")
