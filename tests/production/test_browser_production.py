"""An editor fills in the publication record and publishes from the submission page, in a real
headless Chromium without JavaScript; the article page is then public with its DOI."""

import pytest

from editorial.models import Article
from editorial.workflow import State
from tests.support.browser import chromium_page, sign_in
from tests.support.production_fixtures import in_production

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_DOI = "10.48015/2076-7404-2021-13-3-75-111"


def test_an_editor_sets_the_pages_and_publishes_from_the_submission_page(live_server, cast, crew):
    submission, article = in_production(cast, crew, pages=False)

    with chromium_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False) as page:
        sign_in(page, live_server.url, "managing")
        page.goto(f"{live_server.url}/editorial/manage/{submission.pk}/")
        panel = page.locator("section.production")
        assert panel.locator("li[data-check=pages]").get_attribute("class") == "missing"

        panel.get_by_role("button", name="Publish").click()
        assert page.get_by_text("Set the pages or an article number").first.is_visible()

        panel = page.locator("section.production")
        panel.get_by_label("First page").fill("75")
        panel.get_by_label("Last page").fill("111")
        panel.get_by_role("button", name="Save the record").click()
        assert page.get_by_text("Publication record saved.").is_visible()
        panel = page.locator("section.production")
        assert panel.locator(".article-doi").inner_text() == DEMO_DOI
        assert panel.locator("li.missing").count() == 0

        panel.get_by_role("button", name="Publish").click()
        assert page.get_by_text("Published.").first.is_visible()
        assert page.get_by_role("heading", name="State: Published").is_visible()

        page.goto(f"{live_server.url}/doi/{DEMO_DOI}")
        assert page.get_by_role("heading", level=1).inner_text() == submission.title
        assert page.locator("p.doi a").inner_text() == f"https://doi.org/{DEMO_DOI}"

    submission.refresh_from_db()
    assert submission.state == State.PUBLISHED
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
