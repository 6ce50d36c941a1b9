"""A reader downloads an article's JATS from its page, in headless Chromium."""

from __future__ import annotations

import pytest
from lxml import etree

from editorial.demo.loader import load_demo
from tests.support.browser import chromium_page
from tests.support.pages import page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_downloads_the_demo_articles_jats_from_its_page(settings, live_server, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    url = live_server.url + page_url(load_demo(password="demo-pass").article)
    with chromium_page(accept_downloads=True) as page:
        page.goto(url)
        with page.expect_download() as info:
            page.get_by_role("link", name="JATS XML").click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
    assert download.suggested_filename.endswith("-jats.xml")
    root = etree.parse(str(target), etree.XMLParser(no_network=True, load_dtd=False)).getroot()
    assert root.tag == "article"
    assert root.findtext("front/article-meta/article-id[@pub-id-type='doi']") == "10.48015/2076-7404-2021-13-3-75-111"
    assert len(root.findall("back/ref-list/ref")) == 50
