"""/api/docs/ works offline and under the site's Content-Security-Policy: Swagger UI comes from this
site (drf-spectacular-sidecar), so in headless Chromium the operation list renders, no request
leaves 127.0.0.1, and no violation is reported."""

from urllib.parse import urlsplit

import pytest

from tests.support.factories import UserFactory
from tests.support.security_pages import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_their_operations_from_this_site_under_the_policy(live_server):
    user = UserFactory(username="api-reader")
    requested: list[str] = []
    with watched_page(live_server.url, user) as watched:
        watched.page.on("request", lambda request: requested.append(request.url))
        response = watched.page.goto(live_server.url + "/api/docs/")
        assert response.status == 200
        watched.page.wait_for_selector(".opblock", timeout=20_000)
        operations = watched.page.locator(".opblock").count()
        title = watched.page.locator(".info .title").inner_text()
        watched.page.wait_for_timeout(300)  # late requests and violations
        violations = watched.violations()
        policy = response.headers["content-security-policy"]

    assert operations > 20  # every endpoint of the API, not an empty shell
    assert "Journal editorial system API" in title
    assert violations == []
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).hostname}, requested  # the test server on the loopback
    assert hosts <= {"localhost", "127.0.0.1"}
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in url for url in requested)
    # The page gets the site's policy as it is: no CDN, nothing inline.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy
