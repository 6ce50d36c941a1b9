"""The Crossref stand-in as pytest fixtures: a real HTTP server on 127.0.0.1, and settings that point at it."""

import pytest

from crossref_standin.deposit import DepositStandIn

STANDIN_LOGIN = "standin"
STANDIN_PASSWORD = "s3cret-standin-pw"  # looked for in every stored row and log line by the tests


@pytest.fixture
def crossref_standin():
    with DepositStandIn(login_id=STANDIN_LOGIN, password=STANDIN_PASSWORD, slow_seconds=1.5) as standin:
        yield standin


@pytest.fixture
def crossref_deposits(settings, crossref_standin):
    """Deposits configured against the stand-in: its test system at /, its production at /production;
    quick polls, retries and timeouts."""
    point_deposits_at(settings, crossref_standin.url, http_timeout=0.7)
    return crossref_standin


def point_deposits_at(settings, url: str, *, http_timeout: float) -> None:
    """Deposits go to the stand-in at ``url`` (its production system at /production), with its
    login, quick polls and retries, and ``http_timeout`` seconds to wait for an answer."""
    settings.CROSSREF_DEPOSIT_URL = url
    settings.CROSSREF_PRODUCTION_DEPOSIT_URL = f"{url}/production"
    settings.CROSSREF_LOGIN_ID = STANDIN_LOGIN
    settings.CROSSREF_LOGIN_PASSWD = STANDIN_PASSWORD
    settings.CROSSREF_DEPOSITOR_NAME = "Demo Depositor"
    settings.CROSSREF_DEPOSITOR_EMAIL = "deposits@example.org"
    settings.CROSSREF_POLL_SECONDS = 0.2
    settings.CROSSREF_RETRY_BASE_SECONDS = 0.05
    settings.CROSSREF_HTTP_TIMEOUT = http_timeout
    settings.SITE_URL = "https://journal.example.org"
