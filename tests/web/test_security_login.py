"""Sign-in brute force: after LOGIN_FAILURE_LIMIT wrong passwords the sign-in page refuses further
attempts with a clear message, even the right password, until the cool-off has passed."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.urls import reverse

from tests.support.workflow_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_the_login_url_is_the_sign_in_form_axes_watches():
    assert reverse("login") == LOGIN


def test_wrong_passwords_below_the_limit_only_say_the_password_is_wrong(client, cast, limit):
    for _ in range(limit - 1):
        response = _sign_in(client, "author", "not-the-password")
        assert response.status_code == 200
        assert b"Please enter a correct username and password" in response.content

    response = _sign_in(client, "author", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("editorial-home")


def test_after_the_limit_even_the_right_password_is_refused_with_a_clear_message(client, cast, limit):
    for _ in range(limit - 1):
        _sign_in(client, "author", "guess")

    locking = _sign_in(client, "author", "guess")
    assert locking.status_code == 429

    response = _sign_in(client, "author", PASSWORD)

    assert response.status_code == 429
    text = response.content.decode()
    assert 'id="lockout"' in text
    assert "Too many failed sign-in attempts for author" in text
    assert "after 3 wrong passwords" in text
    assert "locked for 15 minutes" in text
    # The page is still the sign-in form, and no session was opened.
    assert 'name="password"' in text
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="author").failures_since_start >= 3


def test_the_lockout_is_for_that_user_name_from_that_address_only(client, cast, limit):
    for _ in range(limit):
        _sign_in(client, "author", "guess", address="203.0.113.7")

    assert _sign_in(client, "author", PASSWORD, address="203.0.113.7").status_code == 429
    assert _sign_in(client, "managing", PASSWORD, address="203.0.113.7").status_code == 302
    assert _sign_in(client, "author", PASSWORD, address="198.51.100.9").status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, cast, limit, settings):
    for _ in range(limit):
        _sign_in(client, "author", "guess")
    assert _sign_in(client, "author", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))

    assert _sign_in(client, "author", PASSWORD).status_code == 302


def test_the_limit_and_cool_off_come_from_the_environment_settings(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)

    assert _sign_in(client, "author", "guess").status_code == 200
    response = _sign_in(client, "author", "guess")

    assert response.status_code == 429
    assert "after 2 wrong passwords" in response.content.decode()
    assert "locked for 1 minute." in response.content.decode()


def test_the_api_token_endpoint_is_locked_out_too(client, cast, limit):
    for _ in range(limit):
        client.post("/api/token/", {"username": "author", "password": "guess"}, REMOTE_ADDR="203.0.113.7")

    response = client.post("/api/token/", {"username": "author", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert response.json() == {
        "detail": "Too many failed sign-in attempts: signing in from this address is locked. Try again in 15 minutes."
    }


def test_authenticate_without_a_request_still_works_for_commands(cast):
    """The demo loader and the shell authenticate without an HTTP request; axes has nothing to count."""
    assert authenticate(username="author", password=PASSWORD) == cast.author
    assert authenticate(username="author", password="wrong") is None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_sign_in_page_says_it_is_locked(live_server, cast, settings):
    from tests.support.security_pages import watched_page

    settings.AXES_FAILURE_LIMIT = 2
    with watched_page(live_server.url) as watched:
        page = watched.page
        for password in ("guess-1", "guess-2", PASSWORD):
            page.goto(live_server.url + LOGIN)
            page.get_by_label("Username").fill("author")
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()

        alert = page.locator("#lockout")
        assert alert.is_visible()
        assert "Too many failed sign-in attempts for author" in alert.inner_text()
        assert page.url.endswith(LOGIN)
        assert watched.violations() == []
