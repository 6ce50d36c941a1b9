"""A stand-in for Crossref's REST API on 127.0.0.1: ``/works/{doi}`` and ``/works?query.bibliographic=``.

It answers like Crossref (the JSON envelope, 404 "Resource not found.", the rate-limit headers) from
records given to it, and misbehaves on request: latency, 429 with Retry-After, 500, hanging past
the client's timeout, malformed bodies. It counts every request, so a test can assert that a cached
re-check made none. Use it from tests::

    with CrossrefStandIn(records) as crossref:
        crossref.fail("500", times=1)
        ... CROSSREF_API_URL=crossref.url ...
        assert crossref.request_count == 2

or run it standalone for the demo::

    python -m crossref_standin.rest --port 8098 --latency-ms 200
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from rapidfuzz import fuzz

DEMO_RECORDS = Path(__file__).resolve().parent / "records" / "lomonosov-2021-13-3.json"
FAULT_KINDS = {"500", "503", "429", "timeout", "malformed", "reset"}


@dataclass
class Fault:
    kind: str
    times: int
    match: str = ""  # only requests whose decoded path and query contain this
    retry_after: str = "1"

    def applies_to(self, target: str) -> bool:
        return self.times > 0 and self.match.lower() in target.lower()


@dataclass
class RecordedRequest:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    started: float
    status: int = 0
    fault: str = ""


@dataclass
class StandInState:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    latency: float = 0.0
    hang_seconds: float = 5.0
    rate_limit: int = 50
    rate_interval: int = 1
    enforce_rate_limit: bool = False
    faults: list[Fault] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    recent_starts: deque = field(default_factory=deque)


class CrossrefStandIn:
    def __init__(
        self,
        records: list[dict[str, Any]] | None = None,
        *,
        latency: float = 0.0,
        hang_seconds: float = 5.0,
        rate_limit: int = 50,
        rate_interval: int = 1,
        enforce_rate_limit: bool = False,
        port: int = 0,
    ) -> None:
        self.state = StandInState(
            latency=latency,
            hang_seconds=hang_seconds,
            rate_limit=rate_limit,
            rate_interval=rate_interval,
            enforce_rate_limit=enforce_rate_limit,
        )
        self.lock = threading.Lock()
        for record in records or []:
            self.add_record(record)
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.standin = self
        self._thread: threading.Thread | None = None

    # --- configuration -----------------------------------------------------------------------------

    def add_record(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.state.records[message["DOI"].lower()] = message

    def load_records(self, path: Path | str) -> int:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
        for record in records:
            self.add_record(record)
        return len(records)

    def fail(self, kind: str, *, times: int = 1, match: str = "", retry_after: str = "1") -> None:
        """The next ``times`` requests matching ``match`` get ``kind``: 500, 503, 429, timeout, malformed, reset."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; use one of {sorted(FAULT_KINDS)}")
        with self.lock:
            self.state.faults.append(Fault(kind, times, match, retry_after))

    @property
    def latency(self) -> float:
        return self.state.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.state.latency = seconds

    # --- observation -------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self.lock:
            return list(self.state.requests)

    @property
    def request_count(self) -> int:
        with self.lock:
            return len(self.state.requests)

    @property
    def max_in_flight(self) -> int:
        return self.state.max_in_flight

    def reset_log(self) -> None:
        with self.lock:
            self.state.requests.clear()
            self.state.max_in_flight = 0

    # --- lifecycle ---------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> CrossrefStandIn:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="crossref-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> CrossrefStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- answering ---------------------------------------------------------------------------------

    def begin(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> tuple[RecordedRequest, str]:
        """Record the request and decide whether it is rate limited or meets a scripted fault."""
        now = time.monotonic()
        target = unquote(path) + "?" + "&".join(f"{k}={v}" for k, values in query.items() for v in values)
        with self.lock:
            state = self.state
            record = RecordedRequest(path=unquote(path), query=query, headers=headers, started=now)
            state.requests.append(record)
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            while state.recent_starts and state.recent_starts[0] <= now - state.rate_interval:
                state.recent_starts.popleft()
            state.recent_starts.append(now)
            if state.enforce_rate_limit and len(state.recent_starts) > state.rate_limit:
                record.fault = "429"
                return record, "1"
            for fault in state.faults:
                if fault.applies_to(target):
                    fault.times -= 1
                    record.fault = fault.kind
                    return record, fault.retry_after
        return record, ""

    def end(self) -> None:
        with self.lock:
            self.state.in_flight -= 1

    def work(self, doi: str) -> dict[str, Any] | None:
        with self.lock:
            return self.state.records.get(doi.lower())

    def search(self, text: str, rows: int) -> list[dict[str, Any]]:
        """Records ranked by word overlap with the citation, as a search engine would: always some answer."""
        query = _fold(text)
        with self.lock:
            records = list(self.state.records.values())
        scored = [(fuzz.token_set_ratio(query, _fold(_citation_of(r))), r) for r in records]
        scored.sort(key=lambda pair: pair[0], reverse=True)
        return [record | {"score": round(score, 3)} for score, record in scored[:rows]]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    standin: CrossrefStandIn


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't hold the second for 40 ms

    def do_GET(self) -> None:
        standin = self.server.standin
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        record, fault_arg = standin.begin(parts.path, query, dict(self.headers))
        try:
            if standin.latency:
                time.sleep(standin.latency)
            if record.fault:
                self._misbehave(record, fault_arg)
                return
            self._answer(record, parts.path, query)
        finally:
            standin.end()

    def _answer(self, record: RecordedRequest, path: str, query: dict[str, list[str]]) -> None:
        standin = self.server.standin
        if path.startswith("/works/"):
            doi = unquote(path[len("/works/") :])
            message = standin.work(doi)
            if message is None:
                self._send(record, 404, b"Resource not found.", "text/plain")
                return
            self._send_json(
                record, {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
            )
        elif path.rstrip("/") == "/works" and "query.bibliographic" in query:
            rows = min(int((query.get("rows") or ["20"])[0]), 1000)
            items = standin.search(query["query.bibliographic"][0], rows)
            body = {"items": items, "total-results": len(items), "items-per-page": rows, "query": {"start-index": 0}}
            self._send_json(
                record, {"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": body}
            )
        else:
            self._send(record, 404, b"Resource not found.", "text/plain")

    def _misbehave(self, record: RecordedRequest, argument: str) -> None:
        kind = record.fault
        if kind in {"500", "503"}:
            self._send(record, int(kind), b"Internal Server Error", "text/plain")
        elif kind == "429":
            self._send(record, 429, b"Too Many Requests", "text/plain", extra={"Retry-After": argument})
        elif kind == "malformed":
            self._send(record, 200, b'{"status": "ok", "message": {"DOI": ', "application/json")
        elif kind == "timeout":
            time.sleep(self.server.standin.state.hang_seconds)
            self._send(record, 504, b"Gateway Timeout", "text/plain")
        elif kind == "reset":
            record.status = 0
            self.close_connection = True
            self.connection.close()

    def _send_json(self, record: RecordedRequest, body: dict[str, Any]) -> None:
        self._send(record, 200, json.dumps(body, ensure_ascii=False).encode(), "application/json;charset=utf-8")

    def _send(self, record: RecordedRequest, status: int, body: bytes, content_type: str, extra=None) -> None:
        record.status = status
        state = self.server.standin.state
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Rate-Limit-Limit", str(state.rate_limit))
            self.send_header("X-Rate-Limit-Interval", f"{state.rate_interval}s")
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): as with the real service, nobody is listening

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _citation_of(record: dict[str, Any]) -> str:
    authors = " ".join(a.get("family", a.get("name", "")) for a in record.get("author", []) + record.get("editor", []))
    years = " ".join(str(record[name]["date-parts"][0][0]) for name in ("issued", "published-print") if name in record)
    parts = [authors, years, *record.get("title", []), *record.get("subtitle", []), *record.get("container-title", [])]
    return " ".join(parts)


_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_LATIN_SPELLINGS = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_LATIN = dict(zip(_CYRILLIC, _LATIN_SPELLINGS.split(" "), strict=True))


def _fold(text: str) -> str:
    """Lower-case Latin words; Cyrillic is read roughly, which is all ranking needs."""
    text = "".join(_LATIN.get(c, c).strip("-") for c in text.casefold())
    text = unicodedata.normalize("NFKD", text)
    return " ".join(re.sub(r"[^\w]+", " ", "".join(c for c in text if not unicodedata.combining(c))).split())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A stand-in for Crossref's REST API, on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--records", default=str(DEMO_RECORDS), help="A JSON list of work messages.")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="Delay before every answer.")
    parser.add_argument("--enforce-rate-limit", action="store_true", help="Answer 429 above 50 requests a second.")
    parser.add_argument("--serve-seconds", type=float, default=0.0, help="Stop after this long (0: until Ctrl-C).")
    args = parser.parse_args(argv)
    standin = CrossrefStandIn(
        latency=args.latency_ms / 1000, enforce_rate_limit=args.enforce_rate_limit, port=args.port
    )
    count = standin.load_records(args.records)
    standin.start()
    print(f"Crossref stand-in at {standin.url} with {count} records; CROSSREF_API_URL={standin.url}", flush=True)
    try:
        if args.serve_seconds:
            time.sleep(args.serve_seconds)
        else:
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()


if __name__ == "__main__":
    main()
