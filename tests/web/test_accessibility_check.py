"""The accessibility check the browser tests use does see a violation when a page has one."""

import pytest

from tests.support.accessibility import axe_violations
from tests.support.browser import chromium_page

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alternative_text_and_a_clean_page_as_clean():
    with chromium_page() as page:
        page.set_content('<html lang="en"><title>t</title><main><h1>Page</h1><img src="x.png"></main></html>')
        assert [v["id"] for v in axe_violations(page)] == ["image-alt"]
        page.set_content('<html lang="en"><title>t</title><main><h1>Page</h1><img src="x.png" alt="A chart"></main>')
        assert axe_violations(page) == []
