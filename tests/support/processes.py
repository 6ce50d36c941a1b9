"""The processes of ``make run``, for real: each line of the repository's Procfile started as a process
of its own on a fresh site in a folder of the test's own.

A test sees what a developer's ``make run`` does (the web server, a Celery worker, Celery beat and the
Crossref stand-in, started by the very commands of the Procfile) and can kill one of them and start it
again. Two configurations: ``make run``'s own (SQLite, the broker and the cache in folders) and the
services pass's (a fresh PostgreSQL database beside the one in DATABASE_URL, and database 12 of
REDIS_URL's Redis, emptied first).

The test reads the site through its pages (``SignedIn``) and through a Django process of the site's
own (``Probe``), never through this process's settings: these processes are configured only by the
environment built here.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import selectors
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlsplit

import requests
from honcho.environ import parse_procfile
from lxml import html

from journal.celery import BEAT_SCHEDULE
from tests.support.settings_environment import environment_without_settings
from tests.support.slow_smtp import SlowSmtpServer

REPO = Path(__file__).resolve().parents[2]
PROCFILE = REPO / "Procfile"
# The virtualenv's bin first on PATH, as the Makefile's `run` target does, so `python` and `celery`
# in the Procfile are this project's.
VENV_BIN = Path(sys.executable).parent
MAKE_RUN = "make-run"
REDIS_POSTGRES = "redis-postgres"
DEMO_PASSWORD = "process-test-" + secrets.token_hex(6)
DEMO_EDITOR = "demo-editor"
# Every beat period (journal/celery.py) and the heartbeat's, in seconds: short, so that a test sees
# several periods go by in a few seconds. Deposits are checked one second after they are sent.
PERIOD_SECONDS = 2
PERIOD_VARIABLES = (
    "HEARTBEAT_SECONDS",
    "PUBLISH_DUE_SECONDS",
    "REVIEW_REMINDER_SECONDS",
    "OUTBOX_SWEEP_SECONDS",
    "DEPOSIT_SWEEP_SECONDS",
    "USAGE_FLUSH_SECONDS",
)
STOP_SECONDS = 20.0
LOG_TAIL_CHARACTERS = 3000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def procfile_commands() -> dict[str, str]:
    """The Procfile's processes, read by honcho's own parser (what ``make run`` starts)."""
    return dict(parse_procfile(PROCFILE.read_text(encoding="utf-8")).processes)


def wait_for(condition: Callable[[], object], *, seconds: float, what: str, describe: Callable[[], str] | None = None):
    """``condition()``'s first true value within ``seconds``; otherwise an AssertionError that says what
    did not happen, with ``describe()`` (the processes' logs, say) to tell why."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:g} s\n{describe() if describe else ''}")
        time.sleep(0.2)


# --- Databases ----------------------------------------------------------------------------------------


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A database of its own on the PostgreSQL server of ``server_url``, dropped afterwards."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"journal_processes_{secrets.token_hex(4)}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


PROCESSES_REDIS_DB = 12


def emptied_redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()
    return url


# --- Reading the site from the inside ------------------------------------------------------------------

PROBE_LOOP = """
import json, sys, traceback
import django
django.setup()
from django.db import connections
for line in sys.stdin:
    request = json.loads(line)
    scope = dict(request["values"])
    try:
        exec(request["code"], scope)
        answer = {"result": scope.get("result")}
    except BaseException:
        answer = {"error": traceback.format_exc()}
    connections.close_all()  # no SQLite lock or PostgreSQL session kept between snippets
    print("PROBE " + json.dumps(answer, default=str), flush=True)
"""


class Probe:
    """A Django process on the site's own settings that runs snippets and answers with their ``result``.

    Like ``manage.py shell -c``, without a second of start-up for every look while a test waits.
    """

    def __init__(self, environment: dict[str, str], log: Path) -> None:
        self._log = log.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-c", PROBE_LOOP],
            cwd=REPO,
            env=environment | {"DJANGO_SETTINGS_MODULE": "journal.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._answers = selectors.DefaultSelector()
        self._answers.register(self._process.stdout, selectors.EVENT_READ)

    def __call__(self, code: str, *, seconds: float = 60, **values):
        """Run ``code`` (indented as you like) with ``values`` as variables; its ``result`` comes back."""
        self._process.stdin.write(json.dumps({"code": textwrap.dedent(code), "values": values}) + "\n")
        self._process.stdin.flush()
        deadline = time.monotonic() + seconds
        while True:
            if not self._answers.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"the probe did not answer within {seconds:g} s: {code}")
            line = self._process.stdout.readline()
            if not line:
                raise AssertionError(f"the probe stopped; its log is {self._log.name}")
            if line.startswith("PROBE "):
                answer = json.loads(line.removeprefix("PROBE "))
                if "error" in answer:
                    raise AssertionError(f"the probe's snippet failed:\n{answer['error']}")
                return answer["result"]

    def close(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)
        self._log.close()


# --- Reading the site from the outside --------------------------------------------------------------------


class SignedIn:
    """A browser-like session of one user, signed in through the sign-in form."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        login = f"{base_url}/accounts/login/"
        form = self.http.get(login, timeout=30)
        form.raise_for_status()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        answer = self.http.post(
            login,
            data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""},
            headers={"Referer": login},
            timeout=30,
        )
        answer.raise_for_status()
        assert "sessionid" in self.http.cookies, f"{username} could not sign in:\n{answer.text[:2000]}"

    def page(self, path: str) -> html.HtmlElement:
        answer = self.http.get(f"{self.base_url}{path}", timeout=30)
        answer.raise_for_status()
        return html.fromstring(answer.text)

    def post(self, path: str, data: dict[str, str]) -> html.HtmlElement:
        """A form posted as the browser would (with the CSRF token), and the page it leads to."""
        data = {"csrfmiddlewaretoken": self.http.cookies["csrftoken"], **data}
        answer = self.http.post(f"{self.base_url}{path}", data=data, timeout=30)
        answer.raise_for_status()
        return html.fromstring(answer.text)


def text_of(page: html.HtmlElement, xpath: str) -> str:
    """The text of every element ``xpath`` finds, whitespace collapsed."""
    return " ".join(" ".join(element.text_content().split()) for element in page.xpath(xpath))


def messages(page: html.HtmlElement) -> str:
    """What the page says about the last action (templates/web/_messages.html)."""
    return text_of(page, '//div[@class="messages"]/p')


def stalled_work_banner(page: html.HtmlElement) -> str:
    """The banner saying background work has stopped (templates/operations/_stalls.html), or ""."""
    return text_of(page, '//section[contains(@class, "stalled-work")]')


# --- The site and its processes ------------------------------------------------------------------------------


@dataclass
class Site:
    """A fresh journal in ``folder``: its environment, its ports, and the Procfile's processes."""

    folder: Path
    environment: dict[str, str]
    web_port: int
    standin_ports: tuple[int, int]
    smtp: SlowSmtpServer
    commands: dict[str, str] = field(default_factory=procfile_commands)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    probe: Probe | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def log_of(self, name: str) -> Path:
        return self.folder / "logs" / f"{name}.log"

    def manage(self, *arguments: str) -> str:
        """``python manage.py ...`` in the site's environment; its output, or an AssertionError with it."""
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=REPO,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, f"manage.py {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, name: str) -> subprocess.Popen:
        """The Procfile's line ``name``, run by a shell in a session of its own, as honcho runs it."""
        with self.log_of(name).open("ab") as output:
            process = subprocess.Popen(  # noqa: S602  (the Procfile's own line, through a shell as honcho runs it)
                self.commands[name],
                shell=True,
                cwd=REPO,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL to the process and everything it started (a worker's pool too): a crash, no goodbye."""
        process = self.processes.pop(name)
        _signal_group(process, signal.SIGKILL)
        process.wait(timeout=STOP_SECONDS)

    def stop_all(self) -> None:
        """SIGTERM to every process group, then SIGKILL to whatever is left of each."""
        running = list(self.processes.items())
        for _, process in running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for _, process in running:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            _signal_group(process, signal.SIGKILL)  # a child that outlived its shell, too
            process.wait(timeout=STOP_SECONDS)
        self.processes.clear()

    def logs(self) -> str:
        """The end of each process's log, for a failure message."""
        parts = []
        for log in sorted((self.folder / "logs").glob("*.log")):
            text = log.read_text(errors="replace")
            parts.append(f"----- {log.name}, its end -----\n{text[-LOG_TAIL_CHARACTERS:]}")
        return "\n".join(parts)

    def signed_in(self, username: str = DEMO_EDITOR) -> SignedIn:
        return SignedIn(self.url, username, DEMO_PASSWORD)

    def mail_to(self, address: str) -> list[str]:
        """The subjects of the messages the mail server took for ``address`` (unfolded)."""
        return [
            " ".join(str(message_from_bytes(body)["Subject"]).split())
            for recipients, body in list(self.smtp.delivered)
            if address in recipients
        ]


def _signal_group(process: subprocess.Popen, number: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, number)


def site_environment(
    folder: Path, *, database_url: str, redis_url: str, smtp_port: int, web_port: int, standin_ports: tuple[int, int]
) -> dict[str, str]:
    """What ``make run`` exports (see the Makefile), for this folder, these ports and short periods."""
    deposit_port, rest_port = standin_ports
    environment = environment_without_settings(
        PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        DEBUG="true",
        DATABASE_URL=database_url,
        CELERY_BROKER_FOLDER=str(folder / "broker"),
        CACHE_FOLDER=str(folder / "cache"),
        MEDIA_ROOT=str(folder / "media"),
        BEAT_SCHEDULE=str(folder / "beat-schedule"),
        HOST_PORT=f"127.0.0.1:{web_port}",
        SITE_URL=f"http://127.0.0.1:{web_port}",
        STANDIN_DEPOSIT_PORT=str(deposit_port),
        STANDIN_REST_PORT=str(rest_port),
        CROSSREF_DEPOSIT_URL=f"http://127.0.0.1:{deposit_port}",
        CROSSREF_PRODUCTION_DEPOSIT_URL=f"http://127.0.0.1:{deposit_port}/production",
        CROSSREF_API_URL=f"http://127.0.0.1:{rest_port}",
        CROSSREF_LOGIN_ID="demo",
        CROSSREF_LOGIN_PASSWD="demo",
        CROSSREF_DEPOSITOR_NAME="Demo Depositor",
        CROSSREF_DEPOSITOR_EMAIL="deposits@journal.example.org",
        CROSSREF_POLL_SECONDS="1",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DEMO_PASSWORD=DEMO_PASSWORD,
        **dict.fromkeys(PERIOD_VARIABLES, str(PERIOD_SECONDS)),
    )
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


@contextmanager
def database_for(configuration: str, folder: Path) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL, REDIS_URL) of a fresh site in ``configuration``."""
    if configuration == MAKE_RUN:
        yield f"sqlite:///{folder / 'db.sqlite3'}", ""
        return
    with fresh_postgres_database(os.environ["DATABASE_URL"]) as database_url:
        # A Redis database of their own, as the other worker tests have: emptying it touches nobody's.
        redis_url = emptied_redis(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{PROCESSES_REDIS_DB}").geturl())
        try:
            yield database_url, redis_url
        finally:
            emptied_redis(redis_url)


@contextmanager
def fresh_site(configuration: str, folder: Path, *, demo: bool = True) -> Iterator[Site]:
    """A migrated site (with the demo journal, unless ``demo`` is false) whose processes are not started yet;
    whatever is started is stopped when the block ends, however it ends."""
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    with SlowSmtpServer(hold_first=False) as smtp, database_for(configuration, folder) as (database_url, redis_url):
        web_port, standin_ports = free_port(), (free_port(), free_port())
        environment = site_environment(
            folder,
            database_url=database_url,
            redis_url=redis_url,
            smtp_port=smtp.port,
            web_port=web_port,
            standin_ports=standin_ports,
        )
        site = Site(folder, environment, web_port, standin_ports, smtp)
        try:
            site.manage("migrate", "--noinput")
            if demo:
                site.manage("load_demo")
            site.probe = Probe(environment, site.log_of("probe"))
            yield site
        finally:
            site.stop_all()
            if site.probe is not None:
                site.probe.close()


def periodic_runs(site: Site) -> dict[str, str]:
    """Each periodic job's last finish, as the worker's signals recorded it."""
    return site.probe(
        """
        from editorial.operations.models import PeriodicRun
        finished = PeriodicRun.objects.exclude(last_finished=None)
        result = {run.task_name: run.last_finished.isoformat() for run in finished}
        """
    )


def wait_until_running(site: Site) -> None:
    """Every process up: the web server ready, the stand-in listening, a worker's heartbeat, every
    periodic job run once (beat sends them, the worker runs them)."""

    def ready() -> bool:
        try:
            return requests.get(f"{site.url}/readyz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_for(ready, seconds=60, what="the web server ready (/readyz 200)", describe=site.logs)
    wait_for(
        lambda: all(port_answers(port) for port in site.standin_ports),
        seconds=30,
        what="the Crossref stand-in listening",
        describe=site.logs,
    )
    jobs = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    wait_for(
        lambda: jobs <= set(periodic_runs(site)),
        seconds=60,
        what="every periodic job run once by the worker",
        describe=site.logs,
    )


def runs_since(site: Site, task_name: str, count: int, *, seconds: float) -> None:
    """Wait until the periodic job ``task_name`` has finished ``count`` more times (each a new last finish)."""
    seen = {periodic_runs(site).get(task_name)}

    def enough() -> bool:
        seen.add(periodic_runs(site).get(task_name))
        return len(seen) > count

    wait_for(enough, seconds=seconds, what=f"{count} more runs of {task_name}", describe=site.logs)
