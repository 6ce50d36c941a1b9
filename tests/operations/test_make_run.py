"""What `make run` starts, read from make's own dry run (``make -n``: nothing is installed or started):
the Procfile's processes under honcho, the Crossref stand-in unless a CROSSREF_* variable is set, and
SITE_URL following HOST_PORT so that e-mailed links work on any port. tests/operations/test_processes.py
starts the same processes for real."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.settings_environment import environment_without_settings

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def start_command(**variables: str) -> str:
    """The last command `make run` would run: the one that starts the processes."""
    environment = environment_without_settings()
    for name in ("HOST_PORT", "STANDIN_DEPOSIT_PORT", "STANDIN_REST_PORT", "BEAT_SCHEDULE"):
        environment.pop(name, None)
    environment.update(variables)
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_make_run_starts_web_worker_beat_and_the_crossref_standin_from_the_procfile():
    command = start_command()

    assert "honcho start --procfile Procfile web worker beat crossref" in command
    procfile = (REPO / "Procfile").read_text()
    for process in ("web", "worker", "beat", "crossref"):
        assert f"\n{process}: " in procfile


def test_a_crossref_setting_means_no_standin():
    assert start_command(CROSSREF_LOGIN_ID="journal-login").endswith("--procfile Procfile web worker beat")
    assert start_command(CROSSREF_API_URL="https://crossref.example.org").endswith("web worker beat")


def test_site_url_follows_host_port_unless_it_is_set():
    assert start_command().startswith('SITE_URL="http://127.0.0.1:8000" ')
    assert start_command(HOST_PORT="127.0.0.1:8123").startswith('SITE_URL="http://127.0.0.1:8123" ')
    given = start_command(HOST_PORT="127.0.0.1:8123", SITE_URL="https://journal.example.org")
    assert given.startswith('SITE_URL="https://journal.example.org" ')
