"""In a real headless Chromium, with axe-core: the dashboard's banner when no worker is alive, and
the system status page, both free of WCAG violations."""

import datetime

import pytest
from django.utils import timezone

from editorial.operations.models import WorkerHeartbeat
from tests.support.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _axe_report(page) -> tuple[int, str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    return results.violations_count, results.generate_report()


def test_the_banner_and_the_status_page_are_read_and_pass_axe(live_server, cast):
    then = timezone.now() - datetime.timedelta(hours=1)
    WorkerHeartbeat.objects.create(hostname="celery@gone", started_at=then, last_seen=then)
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        page.goto(live_server.url + "/editorial/dashboard/")
        banner = page.get_by_role("alert")
        assert "No background worker is running" in banner.inner_text()
        count, report = _axe_report(page)
        assert count == 0, report

        banner.get_by_role("link", name="See the system status").click()
        assert page.get_by_role("heading", name="System status", level=1).is_visible()
        assert page.get_by_role("cell", name="not alive").is_visible()
        assert page.get_by_role("table", name="Each journal's Crossref mode and its last deposit").is_visible()
        count, report = _axe_report(page)
        assert count == 0, report
