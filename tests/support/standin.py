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
    settings.CROSSREF_DEPOSIT_URL = crossref_standin.url
    settings.CROSSREF_PRODUCTION_DEPOSIT_URL = f"{crossref_standin.url}/production"
    settings.CROSSREF_LOGIN_ID = STANDIN_LOGIN
    settings.CROSSREF_LOGIN_PASSWD = STANDIN_PASSWORD
    settings.CROSSREF_DEPOSITOR_NAME = "Demo Depositor"
    settings.CROSSREF_DEPOSITOR_EMAIL = "deposits@example.org"
    settings.CROSSREF_POLL_SECONDS = 0.2
    settings.CROSSREF_RETRY_BASE_SECONDS = 0.05
    settings.CROSSREF_HTTP_TIMEOUT = 0.7
    settings.SITE_URL = "https://journal.example.org"
    return crossref_standin
