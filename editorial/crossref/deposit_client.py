"""Crossref's deposit system over HTTPS: send a batch, then fetch its result.

Plain Python: it takes a base URL, credentials and an HTTP session, and returns plain data or
raises one of the errors below, which say what the caller may do next:

- ``CrossrefBusy``: the batch was not taken (5xx, 429, nothing listening); send it again later,
  after ``retry_after`` seconds when Crossref said so.
- ``NoAnswer``: the request may have reached Crossref (a read timeout, a dropped connection, an
  answer that cannot be read); ask for the batch's result before ever sending it again.
- ``CredentialsRejected`` (401) and ``DepositRefused`` (other 4xx, Crossref's FAILURE page): sending
  again will not help; the message says why.

The password never leaves this module in a message, a stored body or a log line.
"""

from __future__ import annotations

import email.utils
import logging
import re
import time
import urllib.parse
from dataclasses import dataclass

import requests
from lxml import etree

DEPOSIT_PATH = "/servlet/deposit"
RESULT_PATH = "/servlet/submissionDownload"
DEFAULT_TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
MASK = "********"
_SECRET_PARAMETERS = re.compile(r"(?i)\b(pwd|passwd|login_passwd|password)=([^&\s\"']+)")


@dataclass(frozen=True)
class Credentials:
    login_id: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(login_id={self.login_id!r}, password={MASK!r})"


class DepositError(Exception):
    """Something went wrong talking to Crossref; the message is safe to store and show."""

    def __init__(self, message: str, *, http_status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.http_status = http_status
        self.body = body


class CrossrefBusy(DepositError):
    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class NoAnswer(DepositError):
    pass


class CredentialsRejected(DepositError):
    pass


class DepositRefused(DepositError):
    pass


@dataclass(frozen=True)
class Receipt:
    """The deposit servlet's answer to an upload it took."""

    http_status: int
    body: str
    message: str


@dataclass(frozen=True)
class RecordDiagnostic:
    doi: str
    status: str  # Success, Warning or Failure
    message: str


@dataclass(frozen=True)
class BatchResult:
    """The submission log: ``status`` is completed, queued, in_process or unknown_submission."""

    status: str
    http_status: int
    body: str
    records: tuple[RecordDiagnostic, ...] = ()
    batch_id: str = ""
    submission_id: str = ""

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    @property
    def known(self) -> bool:
        """Crossref has the batch (waiting, in process or done)."""
        return self.status != "unknown_submission"


class DepositClient:
    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme != "https" and not (parsed.scheme == "http" and parsed.hostname in LOOPBACK_HOSTS):
            raise ValueError(
                f"The Crossref deposit address {base_url!r} must start with https:// (the password is sent to it)."
            )
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.session = session or requests.Session()
        self.timeout = timeout

    def submit(self, *, xml: bytes, file_name: str) -> Receipt:
        """Upload one deposit file (operation doMDUpload)."""
        fields = {
            "operation": "doMDUpload",
            "login_id": self.credentials.login_id,
            "login_passwd": self.credentials.password,
        }
        files = {"fname": (file_name, xml, "application/xml")}
        response = self._request("POST", DEPOSIT_PATH, data=fields, files=files, sent_means_maybe_taken=True)
        body = self.redact(response.text)
        self._raise_for_status(response, body)
        text = _text_of(body)
        if re.search(r"\bFAILURE\b", body):
            raise DepositRefused(f"Crossref refused the upload: {text}", http_status=response.status_code, body=body)
        if not re.search(r"\bSUCCESS\b", body):
            raise NoAnswer(
                f"Crossref answered {response.status_code} without saying whether it took the batch: {text[:300]}",
                http_status=response.status_code,
                body=body,
            )
        return Receipt(http_status=response.status_code, body=body, message=text)

    def fetch_result(self, *, file_name: str = "", doi_batch_id: str = "") -> BatchResult:
        """The submission log of one batch, by the file name it was uploaded as (or its batch id)."""
        params = {"usr": self.credentials.login_id, "pwd": self.credentials.password, "type": "result"}
        params |= {"file_name": file_name} if file_name else {"doi_batch_id": doi_batch_id}
        response = self._request("GET", RESULT_PATH, params=params, sent_means_maybe_taken=False)
        body = self.redact(response.text)
        self._raise_for_status(response, body)
        return parse_result(body, http_status=response.status_code)

    def redact(self, text: str) -> str:
        """``text`` without the password, whether plain, URL-encoded or as a query parameter."""
        password = self.credentials.password
        if password:
            for form in {password, urllib.parse.quote(password), urllib.parse.quote_plus(password)}:
                text = text.replace(form, MASK)
        return _SECRET_PARAMETERS.sub(rf"\1={MASK}", text)

    def _request(self, method: str, path: str, *, sent_means_maybe_taken: bool, **kwargs) -> requests.Response:
        url = self.base_url + path
        try:
            return self.session.request(method, url, timeout=self.timeout, allow_redirects=False, **kwargs)
        except requests.ConnectTimeout:
            raise CrossrefBusy(f"Crossref could not be reached at {self.base_url} (connection timed out).") from None
        except requests.Timeout:
            raise NoAnswer(f"Crossref did not answer within {self._read_timeout()} seconds.") from None
        except requests.ConnectionError as exc:
            if _never_connected(exc) or not sent_means_maybe_taken:
                raise CrossrefBusy(f"Crossref could not be reached at {self.base_url}: {self._reason(exc)}") from None
            raise NoAnswer(f"The connection to Crossref broke before it answered: {self._reason(exc)}") from None
        except requests.RequestException as exc:
            raise CrossrefBusy(f"The request to Crossref failed: {self._reason(exc)}") from None

    def _raise_for_status(self, response: requests.Response, body: str) -> None:
        status = response.status_code
        if status == 401:
            raise CredentialsRejected(
                f"Crossref rejected the login {self.credentials.login_id!r} (HTTP 401).", http_status=status, body=body
            )
        if status == 429 or status >= 500:
            raise CrossrefBusy(
                f"Crossref is busy or failing (HTTP {status}): {_text_of(body)[:300]}",
                retry_after=_retry_after(response.headers.get("Retry-After")),
                http_status=status,
                body=body,
            )
        if status >= 300:
            raise DepositRefused(
                f"Crossref refused the request (HTTP {status}): {_text_of(body)[:500]}", http_status=status, body=body
            )

    def _read_timeout(self) -> float:
        return self.timeout[1] if isinstance(self.timeout, tuple) else self.timeout

    def _reason(self, exc: Exception) -> str:
        return self.redact(f"{type(exc).__name__}: {exc}")[:500]


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when no byte of the request can have reached the server (refused, no route, DNS)."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return type(reason).__name__ in {"NewConnectionError", "NameResolutionError"}


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _text_of(body: str) -> str:
    """The words of an HTML or XML answer, without its markup."""
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def parse_result(body: str, *, http_status: int = 200) -> BatchResult:
    """Read a ``doi_batch_diagnostic`` document; anything else is ``NoAnswer`` (ask again later)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=False)
    try:
        root = etree.fromstring(body.encode(), parser)
    except (etree.XMLSyntaxError, ValueError):
        raise NoAnswer(
            f"Crossref's result could not be read (not XML): {_text_of(body)[:300]}", http_status=http_status, body=body
        ) from None
    if etree.QName(root).localname != "doi_batch_diagnostic":
        raise NoAnswer(
            f"Crossref's result is not a submission log (<{etree.QName(root).localname}>).",
            http_status=http_status,
            body=body,
        )
    records = tuple(
        RecordDiagnostic(
            doi=_child_text(record, "doi"),
            status=(record.get("status") or "").strip(),
            message=_child_text(record, "msg"),
        )
        for record in root.iter()
        if isinstance(record.tag, str) and etree.QName(record).localname == "record_diagnostic"
    )
    return BatchResult(
        status=(root.get("status") or "").strip(),
        http_status=http_status,
        body=body,
        records=records,
        batch_id=_child_text(root, "batch_id"),
        submission_id=_child_text(root, "submission_id"),
    )


def _child_text(element: etree._Element, name: str) -> str:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return " ".join("".join(child.itertext()).split())
    return ""


class RedactCredentialsFilter(logging.Filter):
    """urllib3 logs request lines, query strings included; the result URL carries ``pwd=``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET_PARAMETERS.search(message):
            record.msg, record.args = _SECRET_PARAMETERS.sub(rf"\1={MASK}", message), None
        return True


logging.getLogger("urllib3.connectionpool").addFilter(RedactCredentialsFilter())
