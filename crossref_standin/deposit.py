"""A stand-in for Crossref's deposit system: ``/servlet/deposit`` and ``/servlet/submissionDownload``.

A real, threaded HTTP server on 127.0.0.1 that takes multipart uploads and answers result queries
the way Crossref does, so the deposit client, the tasks and the offline demo run against HTTP:

- each DOI of a batch ends as Success, Warning or Failure (``outcomes``, per DOI; ``default_outcome``
  for the rest), and a DOI deposited again with a timestamp that is not newer fails as at Crossref;
- ``queued_polls``: a batch answers ``queued`` that many times before its result;
  ``unknown_polls``: ``unknown_submission`` that many times first (not filed yet);
- scripted answers for the next uploads or result queries (``script_uploads`` / ``script_results``):
  an HTTP status (401, 429 with Retry-After, 500, 503), ``"slow"`` (the batch is taken, the answer
  comes after ``slow_seconds``), ``"drop"`` (taken, the connection closed without an answer),
  ``"malformed"`` (an answer that is not what Crossref sends), ``"refuse"`` (Crossref's FAILURE page);
- a wrong login or password is a 401, as at Crossref.

Tests start it on port 0 (see ``tests/conftest.py``); for the offline demo run
``python -m crossref_standin.deposit --port 8099`` (or ``python manage.py crossref_standin``).
Nothing of the application imports this module.
"""

from __future__ import annotations

import argparse
import collections
import email.parser
import email.policy
import functools
import html
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

DEFAULT_MESSAGES = {
    "success": "Successfully added",
    "warning": "Added with conflict. Conflict with: 10.5555/another-record",
    "failure": "User with ID: {login_id} can't submit into handle {prefix}, please contact the CrossRef admin",
}


@dataclass
class Submission:
    """One upload the stand-in took, and what it will report about it."""

    file_name: str
    batch_id: str
    login_id: str
    xml: bytes
    dois: list[str]
    timestamp: int
    system: str = ""  # the path before /servlet/ (empty, or e.g. /production)
    received_at: float = field(default_factory=time.time)
    polls: int = 0
    records: list[tuple[str, str, str]] | None = None  # (doi, status, message) once processed


class DepositStandIn:
    def __init__(
        self,
        *,
        port: int = 0,
        login_id: str = "standin",
        password: str = "standin-password",  # noqa: S107  (the stand-in's own, not a real secret)
        default_outcome: str = "success",
        queued_polls: int = 0,
        unknown_polls: int = 0,
        slow_seconds: float = 2.0,
        retry_after: str = "1",
        latency: float = 0.0,
    ) -> None:
        self.login_id, self.password = login_id, password
        self.latency = latency  # seconds before every answer: a slow Crossref
        self.default_outcome = default_outcome
        self.outcomes: dict[str, tuple[str, str]] = {}
        self.queued_polls, self.unknown_polls = queued_polls, unknown_polls
        self.slow_seconds, self.retry_after = slow_seconds, retry_after
        self.submissions: list[Submission] = []
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status): never a password
        # (method, path) of each request as it arrives, before the latency: ``requests`` is written
        # only once an answer goes out, so a caller that gave up waiting would not be seen there.
        self.received: list[tuple[str, str]] = []
        self.answered_at: list[float] = []  # time.monotonic() of each entry of ``requests``
        self.upload_script: collections.deque = collections.deque()
        self.result_script: collections.deque = collections.deque()
        self.registered: dict[str, int] = {}  # DOI -> timestamp of its newest accepted deposit
        self.lock = threading.RLock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.standin = self
        self._thread: threading.Thread | None = None

    # --- Control ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> DepositStandIn:
        serve = functools.partial(self._server.serve_forever, poll_interval=0.05)
        self._thread = threading.Thread(target=serve, name="crossref-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> DepositStandIn:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def set_outcome(self, doi: str, outcome: str, message: str = "") -> None:
        """How Crossref will judge ``doi``: success, warning or failure (with its message)."""
        if outcome not in DEFAULT_MESSAGES:
            raise ValueError(f"outcome must be one of {sorted(DEFAULT_MESSAGES)}")
        with self.lock:
            self.outcomes[doi.lower()] = (outcome, message)

    def script_uploads(self, *answers: int | str) -> None:
        with self.lock:
            self.upload_script.extend(answers)

    def script_results(self, *answers: int | str) -> None:
        with self.lock:
            self.result_script.extend(answers)

    def uploads_of(self, doi: str) -> list[Submission]:
        with self.lock:
            return [s for s in self.submissions if doi.lower() in (d.lower() for d in s.dois)]

    # --- Behaviour -------------------------------------------------------------------------------

    def next_scripted(self, script: collections.deque) -> int | str | None:
        with self.lock:
            return script.popleft() if script else None

    def credentials_ok(self, login_id: str, password: str) -> bool:
        return login_id == self.login_id and password == self.password

    def take(self, file_name: str, xml: bytes, login_id: str, system: str = "") -> Submission:
        batch_id, dois, timestamp = _read_batch(xml)
        submission = Submission(file_name, batch_id, login_id, xml, dois, timestamp, system)
        with self.lock:
            self.submissions.append(submission)
        return submission

    def find(self, *, file_name: str, batch_id: str) -> Submission | None:
        with self.lock:
            for submission in self.submissions:  # the first match, as at Crossref
                if (file_name and submission.file_name == file_name) or (batch_id and submission.batch_id == batch_id):
                    return submission
        return None

    def result_status(self, submission: Submission) -> str:
        with self.lock:
            submission.polls += 1
            if submission.polls <= self.unknown_polls:
                return "unknown_submission"
            if submission.polls <= self.unknown_polls + self.queued_polls:
                return "queued"
            if submission.records is None:
                submission.records = self._process(submission)
            return "completed"

    def _process(self, submission: Submission) -> list[tuple[str, str, str]]:
        if not submission.dois:
            return [("", "Failure", "Error parsing the deposit: no DOI found in the file")]
        return [self._judge(submission, doi) for doi in submission.dois]

    def _judge(self, submission: Submission, doi: str) -> tuple[str, str, str]:
        outcome, message = self.outcomes.get(doi.lower(), (self.default_outcome, ""))
        fill = {"login_id": submission.login_id, "prefix": doi.split("/")[0]}
        if outcome == "failure":
            return doi, "Failure", message or DEFAULT_MESSAGES["failure"].format(**fill)
        previous = self.registered.get(doi.lower())
        if previous is not None and submission.timestamp <= previous:
            return (
                doi,
                "Failure",
                f"Record not processed because submitted version: {submission.timestamp} is less or equal to "
                f"previously submitted version {previous} (DOI match)",
            )
        self.registered[doi.lower()] = submission.timestamp
        if outcome == "warning":
            return doi, "Warning", message or DEFAULT_MESSAGES["warning"]
        return doi, "Success", message or ("Successfully updated" if previous else DEFAULT_MESSAGES["success"])


def _read_batch(xml: bytes) -> tuple[str, list[str], int]:
    """The batch id, the articles' DOIs and the timestamp of a deposit file (empty if unreadable)."""
    try:
        root = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return "", [], 0
    batch_id = root.xpath("string(//*[local-name()='head']/*[local-name()='doi_batch_id'])").strip()
    timestamp = root.xpath("string(//*[local-name()='head']/*[local-name()='timestamp'])").strip()
    dois = root.xpath("//*[local-name()='journal_article']/*[local-name()='doi_data']/*[local-name()='doi']/text()")
    return batch_id, [doi.strip() for doi in dois], int(timestamp) if timestamp.isdigit() else 0


def _page(title: str, text: str) -> str:
    return f"<html><head><title>{title}</title></head><body><h2>{title}</h2><p>{html.escape(text)}</p></body></html>"


def _diagnostic(status: str, submission: Submission | None, records=()) -> str:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<doi_batch_diagnostic status="{status}" sp="standin">']
    if submission is not None:
        parts += [f"<submission_id>{id(submission) % 10**9}</submission_id>"]
        parts += [f"<batch_id>{html.escape(submission.batch_id)}</batch_id>"]
    counts = collections.Counter(record_status for _, record_status, _ in records)
    for doi, record_status, message in records:
        parts.append(
            f'<record_diagnostic status="{record_status}"><doi>{html.escape(doi)}</doi>'
            f"<msg>{html.escape(message)}</msg></record_diagnostic>"
        )
    if status == "completed":
        parts.append(
            f"<batch_data><record_count>{len(records)}</record_count><success_count>{counts['Success']}"
            f"</success_count><warning_count>{counts['Warning']}</warning_count><failure_count>"
            f"{counts['Failure']}</failure_count></batch_data>"
        )
    parts.append("</doi_batch_diagnostic>")
    return "\n".join(parts)


class _Handler(BaseHTTPRequestHandler):
    server_version = "CrossrefStandIn/1"
    protocol_version = "HTTP/1.1"

    @property
    def standin(self) -> DepositStandIn:
        return self.server.standin

    def log_message(self, format: str, *args) -> None:  # the request line carries pwd=: keep it quiet
        pass

    def do_GET(self) -> None:
        self._arrived()
        time.sleep(self.standin.latency)
        parsed = urllib.parse.urlsplit(self.path)
        if parsed.path.endswith("/servlet/submissionDownload"):
            self._result(dict(urllib.parse.parse_qsl(parsed.query)))
        else:
            self._send(404, "text/plain", "Not found")

    def do_POST(self) -> None:
        """Any prefix before /servlet/ is accepted and remembered, e.g. /production for a second system."""
        self._arrived()
        parsed = urllib.parse.urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.standin.latency)
        if parsed.path.endswith("/servlet/deposit"):
            self._deposit(body, system=parsed.path.removesuffix("/servlet/deposit"))
        elif parsed.path.endswith("/servlet/submissionDownload"):
            self._result(dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"))))
        else:
            self._send(404, "text/plain", "Not found")

    # --- /servlet/deposit --------------------------------------------------------------------------

    def _deposit(self, body: bytes, *, system: str) -> None:
        fields, files = _multipart(self.headers.get("Content-Type", ""), body)
        scripted = self.standin.next_scripted(self.standin.upload_script)
        if isinstance(scripted, int):
            return self._scripted_status(scripted)
        if not self.standin.credentials_ok(fields.get("login_id", ""), fields.get("login_passwd", "")):
            return self._send(401, "text/html", _page("Unauthorized", "Wrong login or password"))
        if "fname" not in files:
            return self._send(200, "text/html", _page("FAILURE", "No file was uploaded (field fname)."))
        file_name, content = files["fname"]
        self.standin.take(file_name, content, fields["login_id"], system)
        if scripted == "drop":
            self._log(0)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if scripted == "slow":
            time.sleep(self.standin.slow_seconds)
        if scripted == "malformed":
            return self._send(200, "text/html", "<html><body>Service temporarily odd</body></html>")
        if scripted == "refuse":
            return self._send(200, "text/html", _page("FAILURE", "The file could not be processed: bad request."))
        return self._send(200, "text/html", _page("SUCCESS", "Your batch submission was successfully received."))

    # --- /servlet/submissionDownload ---------------------------------------------------------------

    def _result(self, params: dict[str, str]) -> None:
        scripted = self.standin.next_scripted(self.standin.result_script)
        if isinstance(scripted, int):
            return self._scripted_status(scripted)
        if scripted == "slow":
            time.sleep(self.standin.slow_seconds)
        if scripted == "malformed":
            return self._send(200, "text/xml", "<doi_batch_diagnostic status=")
        if not self.standin.credentials_ok(params.get("usr", ""), params.get("pwd", "")):
            return self._send(401, "text/html", _page("Unauthorized", "Wrong login or password"))
        if params.get("type") != "result":
            return self._send(400, "text/plain", "type must be result or contents")
        submission = self.standin.find(file_name=params.get("file_name", ""), batch_id=params.get("doi_batch_id", ""))
        if submission is None:
            return self._send(200, "text/xml", _diagnostic("unknown_submission", None))
        status = self.standin.result_status(submission)
        records = submission.records if status == "completed" else ()
        return self._send(200, "text/xml", _diagnostic(status, submission, records))

    # --- Answers -----------------------------------------------------------------------------------

    def _scripted_status(self, status: int) -> None:
        headers = {"Retry-After": self.standin.retry_after} if status in (429, 503) else {}
        titles = {401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Unavailable"}
        self._send(status, "text/html", _page(titles.get(status, f"HTTP {status}"), "Scripted answer"), headers)

    def _arrived(self) -> None:
        with self.standin.lock:
            self.standin.received.append((self.command, urllib.parse.urlsplit(self.path).path))

    def _log(self, status: int) -> None:
        with self.standin.lock:
            self.standin.requests.append((self.command, urllib.parse.urlsplit(self.path).path, status))
            self.standin.answered_at.append(time.monotonic())

    def _send(self, status: int, content_type: str, text: str, headers: dict[str, str] | None = None) -> None:
        self._log(status)
        payload = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout test)
            self.close_connection = True


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Form fields and files of a multipart/form-data body, with the standard library's e-mail parser."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields, files = {}, {}
    if not message.is_multipart():
        return fields, files
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        filename = part.get_filename()
        content = part.get_payload(decode=True) or b""
        if filename is not None:
            files[name] = (filename, content)
        else:
            fields[name] = content.decode(part.get_content_charset() or "utf-8")
    return fields, files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local stand-in for Crossref's deposit system.")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--login-id", default="demo", help="the login it accepts (default: demo)")
    parser.add_argument("--password", default="demo", help="the password it accepts (default: demo)")
    parser.add_argument("--outcome", choices=sorted(DEFAULT_MESSAGES), default="success", help="for every DOI")
    parser.add_argument("--doi", action="append", default=[], metavar="DOI=OUTCOME", help="the outcome of one DOI")
    parser.add_argument("--queued-polls", type=int, default=2, help="answer 'queued' this many times first")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (default: until Ctrl-C)")
    options = parser.parse_args(argv)
    standin = DepositStandIn(
        port=options.port,
        login_id=options.login_id,
        password=options.password,
        default_outcome=options.outcome,
        queued_polls=options.queued_polls,
    )
    for entry in options.doi:
        doi, _, outcome = entry.rpartition("=")
        standin.set_outcome(doi, outcome)
    print(f"Crossref stand-in on {standin.url} (login {options.login_id!r}). Point the journal at it with:")
    print(
        f"  CROSSREF_DEPOSIT_URL={standin.url} CROSSREF_LOGIN_ID={options.login_id} CROSSREF_LOGIN_PASSWD=<--password>"
    )
    standin.start()
    try:
        deadline = time.monotonic() + options.seconds if options.seconds else None
        while deadline is None or time.monotonic() < deadline:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()


if __name__ == "__main__":
    main()
