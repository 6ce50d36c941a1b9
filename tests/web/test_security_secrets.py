"""Secrets stay secret: with Crossref credentials set, a deposit run against the stand-in (a
success, a rejected password, an unreachable server) leaves the deposit password and SECRET_KEY in
no log line, no response of the API, the pages or the admin, no e-mail, and no text column of
any table (events, deposit attempts, outbox rows, everything else)."""

import logging
import socket
from contextlib import suppress
from urllib.parse import quote, quote_plus

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from editorial.deposits import services as deposits
from editorial.models import DepositAttempt, DepositBatch, DoiRegistration, Event, Person, Role
from tests.support.factories import UserFactory, published_article

pytestmark = pytest.mark.django_db

PASSWORD = "Cr0ss p&ss/wd?pwd=42#x"
WRONG_PASSWORD = "not-the-deposit-secret-0987"


def secret_forms() -> list[str]:
    """Each way a secret could be written out: as is, URL-encoded, form-encoded."""
    forms = []
    for secret in (PASSWORD, WRONG_PASSWORD, settings.SECRET_KEY):
        forms += [secret, quote(secret, safe=""), quote_plus(secret)]
    return forms


def leaks(text: str) -> list[str]:
    return [form for form in secret_forms() if form in text]


def every_stored_text() -> list[str]:
    """Every text-like value in every table (JSON columns as their text)."""
    texts = []
    for model in apps.get_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField | models.BinaryField)
        ]
        if names:
            texts += [f"{model.__name__}: {value}" for row in model.objects.values_list(*names) for value in row]
    return texts


def _batch(answer) -> int:
    return DepositBatch.objects.get(batch_id=answer.json()["batch_id"]).pk


def _follow(batch_id: int) -> str:
    state = deposits.send_batch(batch_id=batch_id)
    for _ in range(10):
        if state not in (DepositBatch.State.SUBMITTED, deposits.ALREADY_CHECKED):
            break
        DepositBatch.objects.filter(pk=batch_id).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch_id)
    return state


@pytest.fixture
def editor_api(crossref_deposits):
    article = published_article(doi="10.48015/secret.1")
    user = UserFactory(username="depositing-editor", is_staff=True, is_superuser=True)
    person = Person.objects.create(user=user, given_names="Ed", family_name="Itor", email="ed@example.org")
    Role.objects.create(person=person, journal=article.submission.journal, kind=Role.Kind.MANAGING_EDITOR)
    api = APIClient()
    api.force_authenticate(user)
    return api, user, article


def test_no_secret_in_logs_responses_mail_or_any_table_after_deposits(
    editor_api, crossref_deposits, settings, caplog, client
):
    api, user, article = editor_api
    caplog.set_level(logging.DEBUG)
    crossref_deposits.password = PASSWORD
    settings.CROSSREF_LOGIN_PASSWD = PASSWORD
    responses = []

    # 1. A deposit that succeeds.
    answer = api.post("/api/doi-registrations/deposit/", {"article": article.pk}, format="json")
    assert answer.status_code == 202
    responses.append(answer)
    assert _follow(_batch(answer)) == DepositBatch.State.COMPLETED

    # 2. A password Crossref rejects.
    settings.CROSSREF_LOGIN_PASSWD = WRONG_PASSWORD
    rejected = api.post("/api/doi-registrations/deposit/", {"article": article.pk}, format="json")
    responses.append(rejected)
    _follow(_batch(rejected))

    # 3. A deposit accepted, then the server gone while its result is asked for (the result request
    # carries the login in its query string, and requests writes the whole URL into its errors).
    settings.CROSSREF_LOGIN_PASSWD = PASSWORD
    unreachable = api.post("/api/doi-registrations/deposit/", {"article": article.pk}, format="json")
    responses.append(unreachable)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with suppress(deposits.TryAgain):
        deposits.send_batch(batch_id=_batch(unreachable))
    settings.CROSSREF_DEPOSIT_URL = f"http://127.0.0.1:{port}"
    DepositBatch.objects.filter(pk=_batch(unreachable)).update(last_checked_at=None)
    with suppress(deposits.TryAgain):
        deposits.check_batch(batch_id=_batch(unreachable))
    with suppress(deposits.TryAgain):
        deposits.send_batch(batch_id=_batch(api.post("/api/doi-registrations/deposit/", {"article": article.pk})))

    # What people and programs can read afterwards.
    registration = DoiRegistration.objects.get(article=article)
    batch = DepositBatch.objects.order_by("pk").last()
    attempt = DepositAttempt.objects.order_by("pk").last()
    for path in [
        "/api/doi-registrations/",
        f"/api/doi-registrations/{registration.pk}/",
        "/api/events/",
        "/api/schema/",
    ]:
        responses.append(api.get(path))
    client.force_login(user)
    for path in [
        reverse("admin:editorial_doiregistration_changelist"),
        reverse("admin:editorial_doiregistration_change", args=[registration.pk]),
        reverse("admin:editorial_depositbatch_change", args=[batch.pk]),
        reverse("admin:editorial_depositattempt_changelist"),
        reverse("admin:editorial_depositattempt_change", args=[attempt.pk]),
        reverse("editor-submission", args=[article.submission_id]),
        "/no-such-page/at-all/",
    ]:
        responses.append(client.get(path))

    # The run did what it should, so the scan below looked at real rows and messages.
    stored = every_stored_text()
    assert DepositAttempt.objects.count() >= 2
    assert any("rejected the login 'standin'" in text for text in stored)
    assert Event.objects.filter(note__icontains="deposit").exists()
    assert any("could not be reached" in text for text in stored)
    assert any("/servlet/" in record.getMessage() for record in caplog.records)  # urllib3 logged the requests

    assert [text for text in stored if leaks(text)] == []
    for response in responses:
        body = response.content.decode(errors="replace")
        headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
        assert leaks(body + headers) == [], response.request["PATH_INFO"]
    log_lines = [record.getMessage() for record in caplog.records] + [caplog.text]
    assert [line for line in log_lines if leaks(line)] == []
    assert [message for message in mail.outbox if leaks(message.subject + message.body)] == []


def test_the_scan_would_see_a_leak():
    """The checks above can fail: a row or line with the password, even URL-encoded, is found."""
    assert leaks(f"GET /servlet/submissionDownload?pwd={quote(PASSWORD, safe='')}") != []
    assert leaks(f"key={settings.SECRET_KEY}") != []
