"""The Content-Security-Policy is strict (scripts and styles from this site only, nothing inline)
and the pages people use satisfy it: loaded in headless Chromium, none reports a violation. The
same crawl checks each page with axe-core for WCAG 2.2 A and AA violations."""

import pytest
from django.urls import reverse

from editorial.publishing.links import article_url
from tests.support.accessibility import axe_violations, describe
from tests.support.factories import UserFactory, published_article
from tests.support.security_pages import watched_page
from tests.support.workflow_fixtures import ready_draft, submission_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(cast):
    """Addresses of the pages each role reaches, worked out before any browser starts."""
    article = published_article(doi="10.5555/csp.1", journal=cast.journal)
    submitted = submission_in(cast, "submitted", title="Under the policy")
    draft = ready_draft(cast, title="A draft under the policy")
    return {
        "anonymous": [
            "/",
            article_url(article),
            reverse("journal-home", args=[cast.journal.slug]),
            reverse("search") + "?q=policy",
            reverse("login"),
        ],
        "managing_editor": [
            reverse("editor-dashboard"),
            reverse("editor-submission", args=[submitted.pk]),
            reverse("editor-decide", args=[submitted.pk]),
            reverse("reference-check-report", args=[submitted.pk]),
        ],
        "author": [
            reverse("author-dashboard"),
            reverse("submission-start"),
            reverse("draft-step", args=[draft.pk, "details"]),
            reverse("draft-step", args=[draft.pk, "authors"]),
            reverse("draft-step", args=[draft.pk, "files"]),
            reverse("author-submission", args=[submitted.pk]),
        ],
    }


def test_every_response_carries_the_policy_header(client, site):
    response = client.get(site["anonymous"][1])

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("role", ["anonymous", "managing_editor", "author"])
def test_the_pages_each_role_reaches_report_no_violation(live_server, cast, site, role):
    with watched_page(live_server.url, cast.user(role)) as watched:
        for path in site[role]:
            response = watched.page.goto(live_server.url + path)
            assert response.status == 200, path
            assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers
            # The stylesheet was allowed and applied.
            assert watched.page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia"), path
            assert watched.violations() == [], path
            accessibility = axe_violations(watched.page)
            assert accessibility == [], f"{path}: {describe(accessibility)}"
    assert watched.dialogs == []


def test_the_admin_and_the_apis_own_pages_report_no_violation(live_server, cast, site):
    """The admin satisfies the site's policy; the browsable API gets only the allowance it needs (an
    inline style), and never an inline script. /api/docs/: tests/test_api_docs_browser.py."""
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    paths = ["/admin/", "/admin/editorial/submission/", "/admin/editorial/journal/add/", "/api/submissions/"]
    with watched_page(live_server.url, staff) as watched:
        for path in paths:
            response = watched.page.goto(live_server.url + path)
            assert response.status == 200, path
            assert watched.violations() == [], path


def test_the_watcher_does_see_a_violation_when_one_happens(live_server, cast, site):
    """The check above can fail: inline script and style put into a page are blocked and reported."""
    with watched_page(live_server.url) as watched:
        watched.page.goto(live_server.url + site["anonymous"][1])
        watched.page.evaluate(
            """() => {
              const script = document.createElement('script');
              script.textContent = 'window.__ran = true';
              document.body.appendChild(script);
              const style = document.createElement('style');
              style.textContent = 'body { color: red }';
              document.head.appendChild(style);
            }"""
        )
        watched.page.wait_for_timeout(200)

        assert watched.page.evaluate("window.__ran === true") is False
        violations = watched.violations()
    assert any(line.startswith("script-src") for line in violations)
    assert any(line.startswith("style-src") for line in violations)
