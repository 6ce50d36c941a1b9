"""Crossref's REST API: a work by its DOI, and bibliographic search. Plain Python over requests.

Requests go to the polite pool: each carries ``mailto`` and a User-Agent naming the project and its
version. Crossref's limits are honoured: ``X-Rate-Limit-Limit`` / ``X-Rate-Limit-Interval`` set a
limiter shared by every thread using one client, and a 429's ``Retry-After`` pauses all of them.
Timeouts, connection errors, 5xx, 429 and malformed bodies are retried with exponential backoff and
jitter; after the last attempt ``CrossrefUnavailable`` is raised, so a failure can never pass for an
answer.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import requests

DEFAULT_BASE_URL = "https://api.crossref.org"
# Crossref's documented limit for the public and polite pools, until a response says otherwise.
DEFAULT_RATE_LIMIT = 50
DEFAULT_RATE_INTERVAL = 1.0
# The limiter keeps this much under the advertised rate: requests reach the server a little later
# than they leave, unevenly, and a burst that is exactly at the limit here can be over it there.
RATE_HEADROOM = 1.1


class CrossrefUnavailable(Exception):
    """Crossref did not give a usable answer after every attempt; the message says why."""


def user_agent(*, project: str, version: str, mailto: str = "") -> str:
    """'journal-editorial/0.1.0 (reference checks; mailto:editor@example.org)', as Crossref asks."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"{project}/{version} (reference checks{contact})"


class RateLimiter:
    """At most ``limit`` request starts in any ``interval`` seconds, across threads; pausable after a 429."""

    def __init__(
        self,
        *,
        limit: int = DEFAULT_RATE_LIMIT,
        interval: float = DEFAULT_RATE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limit, self.interval = limit, interval
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._starts: deque[float] = deque()
        self._paused_until = 0.0

    def acquire(self) -> None:
        while True:
            wait = self._try_acquire()
            if wait <= 0:
                return
            self._sleep(wait)

    def _try_acquire(self) -> float:
        with self._lock:
            now = self._clock()
            if now < self._paused_until:
                return self._paused_until - now
            window = self.interval * RATE_HEADROOM
            while self._starts and self._starts[0] <= now - window:
                self._starts.popleft()
            if len(self._starts) < self.limit:
                self._starts.append(now)
                return 0.0
            return self._starts[0] + window - now

    def learn(self, *, limit: int, interval: float) -> None:
        """Adopt the limit a response advertised."""
        if limit > 0 and interval > 0:
            with self._lock:
                self.limit, self.interval = limit, interval

    def pause(self, seconds: float) -> None:
        """No thread starts a request for ``seconds`` (a 429's Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


class CrossrefRestClient:
    """Safe to share between threads: each thread gets its own HTTP session, all share one limiter."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        mailto: str = "",
        agent: str = "journal-editorial",
        timeout: float = 10.0,
        max_retries: int = 3,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        max_retry_after_seconds: float = 60.0,
        rate_limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.mailto, self.agent, self.timeout = mailto, agent, timeout
        self.max_retries = max_retries
        self.backoff_seconds, self.max_backoff_seconds = backoff_seconds, max_backoff_seconds
        self.max_retry_after_seconds = max_retry_after_seconds
        self.rate_limiter = rate_limiter or RateLimiter(sleep=sleep)
        self._sleep = sleep
        self._local = threading.local()
        self._count_lock = threading.Lock()
        self.requests_sent = 0

    def get_work(self, doi: str) -> dict[str, Any] | None:
        """The work message for ``doi``, or None when Crossref has no such DOI (404)."""
        message = self._get(f"/works/{quote(doi, safe='/')}", {}, not_found_is_none=True)
        if message is not None and not isinstance(message, dict):
            raise CrossrefUnavailable(f"Crossref answered for {doi} with something that is not a work.")
        return message

    def search_bibliographic(self, text: str, *, rows: int = 5) -> list[dict[str, Any]]:
        """The best ``rows`` works for a citation string, in Crossref's order (by its relevance score)."""
        message = self._get("/works", {"query.bibliographic": text, "rows": rows}, not_found_is_none=False)
        items = message.get("items") if isinstance(message, dict) else None
        if not isinstance(items, list):
            raise CrossrefUnavailable("Crossref's search answer had no list of works.")
        return [item for item in items if isinstance(item, dict)]

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update({"User-Agent": self.agent, "Accept": "application/json"})
            self._local.session = session
        return session

    def _get(self, path: str, params: dict[str, Any], *, not_found_is_none: bool) -> Any:
        params = params | ({"mailto": self.mailto} if self.mailto else {})
        problem = ""
        for attempt in range(self.max_retries + 1):
            self.rate_limiter.acquire()
            with self._count_lock:
                self.requests_sent += 1
            try:
                response = self._session().get(self.base_url + path, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                problem, wait = _network_problem(exc), self._backoff(attempt)
            else:
                self._learn_limits(response.headers)
                if response.status_code == 404 and not_found_is_none:
                    return None
                problem, wait, message = self._read(response, attempt)
                if not problem:
                    return message
            if attempt < self.max_retries and wait > 0:
                self._sleep(wait)
        attempts = self.max_retries + 1
        raise CrossrefUnavailable(f"no usable answer after {attempts} attempt{'s' * (attempts > 1)}: {problem}")

    def _read(self, response: requests.Response, attempt: int) -> tuple[str, float, Any]:
        """(problem, seconds to wait before retrying, message); no problem means the message is the answer."""
        status = response.status_code
        if status == 429:
            retry_after = _retry_after_seconds(response.headers.get("Retry-After"))
            if retry_after is None:
                retry_after = self._backoff(attempt)
            if retry_after > self.max_retry_after_seconds:
                raise CrossrefUnavailable(f"Crossref asked to wait {retry_after:.0f} s before asking again (429)")
            self.rate_limiter.pause(retry_after)  # every thread waits, in acquire()
            return f"rate limited (429, retry after {retry_after:g} s)", 0.0, None
        if status >= 500:
            return f"Crossref error (HTTP {status})", self._backoff(attempt), None
        if status >= 400:
            raise CrossrefUnavailable(f"Crossref refused the request (HTTP {status})")
        try:
            return "", 0.0, response.json()["message"]
        except (ValueError, KeyError, TypeError):
            return "a malformed answer (not Crossref's JSON)", self._backoff(attempt), None

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2**attempt)
        return ceiling * (0.5 + random.random() / 2)  # jitter: retries from many workers spread out

    def _learn_limits(self, headers: Any) -> None:
        limit, interval = headers.get("X-Rate-Limit-Limit"), headers.get("X-Rate-Limit-Interval")
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*s?\s*", interval or "")
        if limit and limit.strip().isdigit() and match:
            self.rate_limiter.learn(limit=int(limit), interval=float(match.group(1)))


def _network_problem(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "Crossref did not answer in time"
    if isinstance(exc, requests.ConnectionError):
        return "Crossref could not be reached"
    return f"the request failed ({type(exc).__name__})"


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
