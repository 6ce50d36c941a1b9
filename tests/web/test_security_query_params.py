"""Ids in query strings that were server errors: thirty digits (past the database's 64-bit integer
when compared with a foreign key) and digits int() refuses though str.isdigit() accepts them ("²").
Each is now an ordinary answer: no rows, or not found."""

import pytest
from django.test import Client

from editorial.query_params import NO_SUCH_ID, parse_id
from tests.support.workflow_fixtures import submission_in

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
ODD_DIGITS = ["²", "٣", "1²"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (" 7 ", 7), (HUGE, NO_SUCH_ID), ("9223372036854775807", 2**63 - 1), ("9223372036854775808", 0)]
    + [(odd, None) for odd in ODD_DIGITS]
    + [("", None), ("-1", None), ("1e3", None), (None, None)],
)
def test_an_id_is_ascii_digits_and_one_too_large_is_no_row(value, expected):
    assert parse_id(value) == expected


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", [HUGE, *ODD_DIGITS])
@pytest.mark.parametrize(
    "path",
    [
        "/api/events/?submission={}",
        "/api/contributors/?submission={}",
        "/api/files/?submission={}",
        "/api/references/?submission={}",
        "/api/doi-registrations/?article={}",
        "/api/reference-checks/?submission={}",
        "/api/reference-checks/latest/?submission={}",
        "/editorial/dashboard/?editor={}&section={}",
    ],
)
def test_odd_or_huge_ids_in_filters_answer_without_a_server_error(cast, path, value):
    submission_in(cast, "submitted")
    response = _client(cast.managing_editor).get(path.format(value, value))

    assert response.status_code in (200, 404), response.content[:500]
    if path.startswith("/api/") and response.status_code == 200 and "latest" not in path:
        results = response.json()["results"]
        # A huge id matches nothing; odd digits are no id at all, so the filter is not applied.
        assert (results == []) if value == HUGE else True


def test_a_doi_registration_filter_by_a_word_matches_nothing_instead_of_failing(cast):
    response = _client(cast.managing_editor).get("/api/doi-registrations/", {"article": "abc"})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_dashboard_filter_by_a_huge_editor_id_lists_nothing(cast):
    submission_in(cast, "submitted", title="Listed normally")
    client = _client(cast.managing_editor)

    assert "Listed normally" in client.get("/editorial/dashboard/").content.decode()
    assert "Listed normally" not in client.get("/editorial/dashboard/", {"editor": HUGE}).content.decode()


# --- NUL characters in the address: PostgreSQL refuses them in any text parameter ---------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/doi/10.1000/%00",
        "/editorial/dashboard/?q=%00",
        "/search/?q=a%00b",
        "/api/submissions/?state=%00",
        "/api/doi-registrations/?doi=%00",
        "/api/doi-registrations/?state=%00",
        "/api/events/?%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_refused_with_400_and_why(cast, path):
    response = _client(cast.managing_editor).get(path)

    assert response.status_code == 400
    assert "NUL character (%00)" in response.content.decode()
    if path.startswith("/api/"):
        assert response.json()["detail"].startswith("The address contains a NUL character")


def test_the_same_addresses_without_the_nul_still_answer(cast):
    client = _client(cast.managing_editor)

    assert client.get("/editorial/dashboard/", {"q": "ab"}).status_code == 200
    assert client.get("/api/submissions/", {"state": "submitted"}).status_code == 200
