"""The two commands: ``crossref_xml`` (in test_crossref_xml) and ``deposit_doi``, and the stand-in's own."""

import socket
from io import StringIO

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

from editorial.models import DepositBatch, DoiRegistration
from tests.support.factories import published_article

pytestmark = pytest.mark.django_db
DOI = "10.48015/2076-7404-2021-13-3-75-111"


def run(*args) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("deposit_doi", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue().strip(), exc
    return out.getvalue().strip(), None


def test_deposit_doi_wait_prints_registered_and_succeeds(crossref_deposits):
    crossref_deposits.queued_polls = 2
    published_article(doi=DOI)
    assert run(DOI, "--wait") == ("registered", None)
    assert DoiRegistration.objects.get().state == "registered"
    assert DepositBatch.objects.get().reason == DepositBatch.Reason.COMMAND


def test_deposit_doi_wait_prints_crossrefs_message_and_fails(crossref_deposits):
    published_article(doi=DOI)
    crossref_deposits.set_outcome(DOI, "failure", "ISSN 2076-7404 is not registered to this login")
    output, error = run(DOI, "--wait")
    assert output == "failed: ISSN 2076-7404 is not registered to this login"
    assert error is not None
    assert error.returncode == 1


def test_deposit_doi_retries_a_500_in_the_foreground(crossref_deposits):
    crossref_deposits.script_uploads(500, 503)
    published_article(doi=DOI)
    assert run(DOI, "--wait") == ("registered", None)
    assert len(crossref_deposits.submissions) == 1


def test_deposit_doi_without_wait_stops_once_crossref_has_the_batch(crossref_deposits):
    crossref_deposits.queued_polls = 5
    published_article(doi=DOI)
    output, error = run(DOI)
    assert output.startswith(f"submitted: batch {DepositBatch.objects.get().batch_id}")
    assert error is None


def test_deposit_doi_without_credentials_says_what_to_set(settings, crossref_standin):
    settings.CROSSREF_LOGIN_ID = settings.CROSSREF_LOGIN_PASSWD = ""
    published_article(doi=DOI)
    output, error = run(DOI, "--wait")
    assert output.startswith("not_configured: DOI deposits are not configured: set CROSSREF_LOGIN_ID and")
    assert error is not None
    assert crossref_standin.requests == []


def test_deposit_doi_for_an_unknown_doi_is_an_error():
    with pytest.raises(CommandError, match=r"No article has the DOI 10\.1234/none"):
        call_command("deposit_doi", "10.1234/none")


def test_crossref_standin_command_serves_until_its_time_is_up(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    call_command("crossref_standin", "--port", str(port), "--seconds", "0.2")
    assert f"http://127.0.0.1:{port}" in capsys.readouterr().out
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=1)
