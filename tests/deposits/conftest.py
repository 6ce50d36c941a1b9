"""The deposits tests' own world: Crossref stand-ins on this machine (``make run``'s demo), or a Crossref
elsewhere that nothing ever reaches."""

import pytest

from tests.support.factories import UserFactory
from tests.support.references import MAILTO, work
from tests.support.standin_notice import CITED_DOI, ELSEWHERE


@pytest.fixture
def crossref_here(settings, crossref_deposits, crossref):
    """``make run``'s demo: deposits and reference checks both go to stand-ins on 127.0.0.1."""
    crossref.add_record(
        work(CITED_DOI, "Alliances and their discontents", "Snyder", 1991, "International Organization")
    )
    settings.CROSSREF_API_URL = crossref.url
    settings.CROSSREF_MAILTO = MAILTO
    settings.CROSSREF_REST_TIMEOUT = 0.5
    settings.CROSSREF_REST_RETRIES = 1
    settings.CROSSREF_REST_BACKOFF_SECONDS = 0.01
    return crossref_deposits


@pytest.fixture
def crossref_elsewhere(settings):
    """Deposits configured for a Crossref that is not this machine; nothing is sent (no worker runs)."""
    for name, url in ELSEWHERE.items():
        setattr(settings, name, url)
    settings.CROSSREF_LOGIN_ID, settings.CROSSREF_LOGIN_PASSWD = "journal", "secret"
    settings.CROSSREF_DEPOSITOR_NAME, settings.CROSSREF_DEPOSITOR_EMAIL = "Depositor", "deposits@example.org"


@pytest.fixture
def site_admin(db):
    return UserFactory(username="site-admin", is_staff=True, is_superuser=True)
