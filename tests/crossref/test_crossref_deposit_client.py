"""The deposit client against a real HTTP server that behaves like Crossref's deposit system."""

import datetime
import email.utils
import logging
import socket
import time

import pytest
import requests

from crossref_standin.deposit import DepositStandIn
from editorial.crossref import deposit_client as dc
from tests.support.standin import STANDIN_LOGIN, STANDIN_PASSWORD

DEPOSIT = b"""<?xml version="1.0" encoding="UTF-8"?>
<doi_batch xmlns="http://www.crossref.org/schema/5.3.1" version="5.3.1"><head><doi_batch_id>b-1</doi_batch_id>
<timestamp>20210930000000000</timestamp></head><body><journal><journal_article><doi_data><doi>10.5555/one</doi>
<resource>https://x.org/1</resource></doi_data></journal_article><journal_article><doi_data><doi>10.5555/two</doi>
<resource>https://x.org/2</resource></doi_data></journal_article></journal></body></doi_batch>"""


@pytest.fixture
def client(crossref_standin) -> dc.DepositClient:
    credentials = dc.Credentials(STANDIN_LOGIN, STANDIN_PASSWORD)
    return dc.DepositClient(base_url=crossref_standin.url, credentials=credentials, timeout=(1.0, 0.5))


def test_an_upload_crossref_takes_returns_its_receipt(client, crossref_standin):
    receipt = client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert receipt.http_status == 200
    assert "successfully received" in receipt.message
    assert [(s.file_name, s.batch_id, s.dois) for s in crossref_standin.submissions] == [
        ("b-1.xml", "b-1", ["10.5555/one", "10.5555/two"])
    ]


def test_the_result_reads_each_records_verdict_and_message(client, crossref_standin):
    crossref_standin.set_outcome("10.5555/two", "failure", "ISSN mismatch for this title")
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    result = client.fetch_result(file_name="b-1.xml")
    assert result.completed
    assert result.batch_id == "b-1"
    assert [(r.doi, r.status, r.message) for r in result.records] == [
        ("10.5555/one", "Success", "Successfully added"),
        ("10.5555/two", "Failure", "ISSN mismatch for this title"),
    ]


def test_a_batch_answers_queued_until_crossref_has_processed_it(client, crossref_standin):
    crossref_standin.queued_polls = 2
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    statuses = [client.fetch_result(file_name="b-1.xml").status for _ in range(3)]
    assert statuses == ["queued", "queued", "completed"]


def test_an_unknown_batch_is_unknown_submission_not_an_error(client):
    result = client.fetch_result(file_name="never-sent.xml")
    assert (result.status, result.known, result.completed) == ("unknown_submission", False, False)


def test_the_result_can_be_asked_for_by_batch_id(client):
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert client.fetch_result(doi_batch_id="b-1").completed


def test_401_is_credentials_rejected_naming_the_login_but_never_the_password(crossref_standin):
    wrong = dc.DepositClient(base_url=crossref_standin.url, credentials=dc.Credentials(STANDIN_LOGIN, "not-it"))
    with pytest.raises(dc.CredentialsRejected) as rejected:
        wrong.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert rejected.value.http_status == 401
    assert repr(STANDIN_LOGIN) in str(rejected.value)
    assert "not-it" not in str(rejected.value) + rejected.value.body
    assert crossref_standin.submissions == []


def test_429_is_busy_with_the_seconds_of_retry_after(client, crossref_standin):
    crossref_standin.retry_after = "7"
    crossref_standin.script_uploads(429)
    with pytest.raises(dc.CrossrefBusy) as busy:
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert (busy.value.http_status, busy.value.retry_after) == (429, 7.0)
    assert crossref_standin.submissions == []


def test_retry_after_as_an_http_date_becomes_seconds(client, crossref_standin):
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=120)
    crossref_standin.retry_after = email.utils.format_datetime(later, usegmt=True)
    crossref_standin.script_uploads(503)
    with pytest.raises(dc.CrossrefBusy) as busy:
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert 100 < busy.value.retry_after <= 120


def test_500_is_busy_and_the_batch_was_not_taken(client, crossref_standin):
    crossref_standin.script_uploads(500)
    with pytest.raises(dc.CrossrefBusy) as busy:
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert busy.value.http_status == 500
    assert busy.value.retry_after is None
    assert client.submit(xml=DEPOSIT, file_name="b-1.xml").http_status == 200


def test_a_slow_answer_is_no_answer_though_crossref_took_the_batch(client, crossref_standin):
    crossref_standin.script_uploads("slow")
    started = time.monotonic()
    with pytest.raises(dc.NoAnswer, match=r"did not answer within 0\.5 seconds"):
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert time.monotonic() - started < 1.4
    assert len(crossref_standin.submissions) == 1  # which is why the caller must ask before resending
    assert client.fetch_result(file_name="b-1.xml").known


def test_a_dropped_connection_after_the_upload_is_no_answer(client, crossref_standin):
    crossref_standin.script_uploads("drop")
    with pytest.raises(dc.NoAnswer, match="broke before it answered"):
        client.submit(xml=DEPOSIT, file_name="b-1.xml")


def test_an_upload_answer_that_says_neither_success_nor_failure_is_no_answer(client, crossref_standin):
    crossref_standin.script_uploads("malformed")
    with pytest.raises(dc.NoAnswer, match="without saying whether it took the batch"):
        client.submit(xml=DEPOSIT, file_name="b-1.xml")


def test_a_result_that_is_not_xml_is_no_answer_with_its_body(client, crossref_standin):
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    crossref_standin.script_results("malformed")
    with pytest.raises(dc.NoAnswer, match="could not be read") as unreadable:
        client.fetch_result(file_name="b-1.xml")
    assert unreadable.value.body.startswith("<doi_batch_diagnostic")


def test_a_result_timeout_is_no_answer(client, crossref_standin):
    crossref_standin.script_results("slow")
    with pytest.raises(dc.NoAnswer):
        client.fetch_result(file_name="b-1.xml")


def test_crossrefs_failure_page_is_a_refusal_with_its_words(client, crossref_standin):
    crossref_standin.script_uploads("refuse")
    with pytest.raises(dc.DepositRefused, match=r"Crossref refused the upload: .*could not be processed") as refused:
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert refused.value.http_status == 200


def test_nothing_listening_is_busy_not_no_answer():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = dc.DepositClient(base_url=f"http://127.0.0.1:{port}", credentials=dc.Credentials("x", "pw-123"))
    with pytest.raises(dc.CrossrefBusy, match="could not be reached") as busy:
        client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert "pw-123" not in str(busy.value)


def test_the_password_never_appears_in_errors_bodies_or_urllib3_logs(crossref_standin, caplog):
    password = "p&ss w0rd/with?odd=chars"
    crossref_standin.password = password
    client = dc.DepositClient(base_url=crossref_standin.url, credentials=dc.Credentials(STANDIN_LOGIN, password))
    caplog.set_level(logging.DEBUG)
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    result = client.fetch_result(file_name="b-1.xml")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nowhere = dc.DepositClient(base_url=f"http://127.0.0.1:{port}", credentials=client.credentials)
    with pytest.raises(dc.CrossrefBusy) as busy:  # requests puts the whole URL, pwd= and all, in its message
        nowhere.fetch_result(file_name="b-1.xml")
    assert any("submissionDownload" in record.getMessage() for record in caplog.records)  # urllib3 did log it
    for text in [result.body, str(busy.value), *(record.getMessage() for record in caplog.records)]:
        for form in (password, requests.utils.quote(password, safe=""), "w0rd"):
            assert form not in text
    assert password not in repr(client.credentials)


def test_plain_http_is_refused_except_on_this_machine():
    with pytest.raises(ValueError, match="must start with https://"):
        dc.DepositClient(base_url="http://test.crossref.org", credentials=dc.Credentials("a", "b"))
    dc.DepositClient(base_url="https://test.crossref.org", credentials=dc.Credentials("a", "b"))
    dc.DepositClient(base_url="http://127.0.0.1:8099", credentials=dc.Credentials("a", "b"))


def test_standin_fails_a_doi_deposited_again_with_an_older_timestamp(client):
    client.submit(xml=DEPOSIT, file_name="b-1.xml")
    assert client.fetch_result(file_name="b-1.xml").records[0].status == "Success"
    client.submit(xml=DEPOSIT.replace(b"<doi_batch_id>b-1", b"<doi_batch_id>b-2"), file_name="b-2.xml")
    again = client.fetch_result(file_name="b-2.xml").records[0]
    assert again.status == "Failure"
    assert "less or equal to previously submitted version" in again.message


def test_standin_runs_standalone_on_a_given_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with DepositStandIn(port=port) as standin:
        assert standin.url == f"http://127.0.0.1:{port}"
        assert requests.get(f"{standin.url}/nothing", timeout=2).status_code == 404
