"""In a real headless Chromium, with axe-core: the dashboard's banner when no worker is alive, and
the system status page, both free of WCAG violations."""

import datetime

import pytest
from django.utils import timezone

from editorial.operations.models import WorkerHeartbeat
from tests.support.accessibility import axe_violations, describe
from tests.support.browser import chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_banner_and_the_status_page_are_read_and_pass_axe(live_server, cast):
    then = timezone.now() - datetime.timedelta(hours=1)
    WorkerHeartbeat.objects.create(hostname="celery@gone", started_at=then, last_seen=then)
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, live_server.url, "managing")
        page.goto(live_server.url + "/editorial/dashboard/")
        banner = page.get_by_role("alert")
        assert "No background worker is running" in banner.inner_text()
        violations = axe_violations(page)
        assert violations == [], describe(violations)

        banner.get_by_role("link", name="See the system status").click()
        assert page.get_by_role("heading", name="System status", level=1).is_visible()
        assert page.get_by_role("cell", name="not alive").is_visible()
        assert page.get_by_role("table", name="Each journal's Crossref mode and its last deposit").is_visible()
        violations = axe_violations(page)
        assert violations == [], describe(violations)
