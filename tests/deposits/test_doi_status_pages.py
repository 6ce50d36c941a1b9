"""Every page and panel tells the same truth about the DOI and the publication: a DOI is
"registered" only once Crossref said so, and "Scheduled" only when a publication time was set."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from editorial.deposits import services as deposits
from editorial.models import DepositBatch, DoiRegistration
from tests.support.pages import normalized, parse, visible_text
from tests.support.production_fixtures import in_production

pytestmark = pytest.mark.django_db


def _text(element) -> str:
    return normalized(element.text_content())


def panels_of(client, submission) -> dict:
    """The production panel and the DOI registration panel of the editor's submission page: their
    text, the DOI's state each states, and the production panel's publication status."""
    html = parse(client.get(reverse("editor-submission", args=[submission.pk])).content.decode())
    (production,) = html.xpath("//section[@id='production']")
    (doi,) = html.xpath("//section[contains(@class, 'doi-registration')]")
    return {
        "production": {
            "text": _text(production),
            "doi_status": " ".join(_text(e) for e in production.find_class("doi-status")),
            "status": " ".join(_text(e) for e in production.find_class("article-status")),
        },
        "doi": {"text": _text(doi), "doi_status": [_text(e) for e in doi.find_class("doi-state")]},
    }


def deposit_result(batch, *, first_step_only: bool = False) -> str:
    """What the worker does: send the batch, then (unless told to stop there) ask for its result."""
    state = deposits.send_batch(batch_id=batch.pk)
    while state == "submitted" and not first_step_only:
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch.pk)
    return state


def publish_from_the_panel(client, submission, **data):
    return client.post(reverse("production-step", args=[submission.pk, "publish"]), data)


def test_after_publishing_without_crossref_credentials_every_panel_says_not_configured(client, cast, crew, settings):
    settings.CROSSREF_LOGIN_ID = ""
    settings.CROSSREF_LOGIN_PASSWD = ""
    submission, article = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    publish_from_the_panel(client, submission)
    deposit_result(DepositBatch.objects.get(records__registration__article=article))  # what the worker does
    assert DoiRegistration.objects.get(article=article).state == "not_configured"

    panels = panels_of(client, submission)
    for name, panel in panels.items():
        assert "registered" not in panel["text"].lower(), f"the {name} panel says registered: {panel['text']}"
    assert panels["production"]["doi_status"] == "Not configured"
    assert panels["doi"]["doi_status"] == ["Not configured"]
    production_page = visible_text(client.get(reverse("production-page", args=[submission.pk])).content.decode())
    assert "registered" not in production_page.lower()


def test_with_crossref_accepting_registered_appears_only_after_the_deposit_result_says_so(
    client, cast, crew, crossref_deposits
):
    submission, article = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    publish_from_the_panel(client, submission)  # the deposit is queued; no worker has sent it yet

    panels = panels_of(client, submission)
    assert not any("registered" in panel["text"].lower() for panel in panels.values())
    assert (panels["production"]["doi_status"], panels["doi"]["doi_status"]) == ("Queued", ["Queued"])

    batch = DepositBatch.objects.get()
    assert deposit_result(batch, first_step_only=True) == "submitted"
    panels = panels_of(client, submission)
    waiting = "Submitted, waiting for Crossref"
    assert (panels["production"]["doi_status"], panels["doi"]["doi_status"]) == (waiting, [waiting])
    assert not any("registered" in panel["text"].lower() for panel in panels.values())

    assert deposit_result(batch) == "completed"
    assert DoiRegistration.objects.get(article=article).state == "registered"
    panels = panels_of(client, submission)
    assert (panels["production"]["doi_status"], panels["doi"]["doi_status"]) == ("Registered", ["Registered"])


def test_before_publishing_with_nothing_scheduled_no_panel_says_scheduled(client, cast, crew):
    submission, _ = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    panels = panels_of(client, submission)
    assert panels["production"]["status"] == "Not published yet"
    assert (panels["production"]["doi_status"], panels["doi"]["doi_status"]) == ("Not requested", ["Not requested"])
    page = client.get(reverse("editor-submission", args=[submission.pk])).content.decode()
    assert "Scheduled" not in visible_text(page)
    production_page = client.get(reverse("production-page", args=[submission.pk])).content.decode()
    assert "Scheduled" not in visible_text(production_page)


def test_a_scheduled_publication_says_scheduled_with_its_time(client, cast, crew):
    submission, _ = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    publish_from_the_panel(client, submission, publish_at=when.strftime("%Y-%m-%dT%H:%M"))
    panels = panels_of(client, submission)
    assert panels["production"]["status"] == "Scheduled"
    assert f"scheduled for {when:%-d %B %Y, %H:%M}" in panels["production"]["text"]
    assert panels["production"]["doi_status"] == "Not requested"


def test_unscheduling_takes_scheduled_off_the_panel(client, cast, crew):
    submission, _ = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    publish_from_the_panel(client, submission, publish_at=later)
    client.post(reverse("production-step", args=[submission.pk, "unschedule"]))
    panels = panels_of(client, submission)
    assert panels["production"]["status"] == "Not published yet"
    assert "Scheduled" not in panels["production"]["text"]


def test_the_production_api_states_the_doi_and_the_record_as_the_panels_do(cast, crew, settings):
    settings.CROSSREF_LOGIN_ID = ""
    submission, _ = in_production(cast, crew)
    api = APIClient()
    api.force_authenticate(cast.managing_editor)
    before = api.get(f"/api/production/{submission.pk}/").json()
    assert (before["status"], before["doi_status"]) == (
        "Not published yet",
        {"state": "not_requested", "label": "Not requested"},
    )
    api.post(f"/api/production/{submission.pk}/publish/", {}, format="json")
    deposit_result(DepositBatch.objects.get())
    after = api.get(f"/api/production/{submission.pk}/").json()
    assert (after["status"], after["doi_status"]) == (
        "Published",
        {"state": "not_configured", "label": "Not configured"},
    )
