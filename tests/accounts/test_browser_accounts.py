"""In Chromium, as people do it: a stranger signs up from a journal's home page, opens the link in the
e-mail that was sent, confirms, signs in and reaches the new-submission page; a person who forgot the
password resets it from the sign-in page. Each account page they pass has no axe violations."""

import pytest
from django.db import connection

from editorial.mail.models import OutgoingEmail
from tests.support.accessibility import axe_violations, describe
from tests.support.accounts import NEW_PASSWORD, authenticator_code, link_in
from tests.support.security_pages import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    """E-mailed links lead to the test server, as they lead to SITE_URL in production."""
    settings.SITE_URL = live_server.url
    return live_server.url


def _sent(**filters) -> OutgoingEmail:
    """The e-mail as queued. Read inside Playwright's sync API, which runs in a greenlet of its own and
    so gets a database connection of its own: closed here, or it outlives the test database."""
    try:
        return OutgoingEmail.objects.get(**filters)
    finally:
        connection.close()


def _accessible(watched, seen: list[str]) -> None:
    violations = axe_violations(watched.page)
    assert violations == [], f"{watched.page.url}:\n{describe(violations)}"
    assert watched.violations() == []
    seen.append(watched.page.url)


def test_a_stranger_signs_up_confirms_the_email_and_reaches_the_new_submission_page(site, cast):
    seen: list[str] = []
    with watched_page(site) as watched:
        page = watched.page
        page.goto(f"{site}/{cast.journal.slug}/")
        page.get_by_role("link", name="Create an account").click()
        assert page.get_by_role("heading", name="Create an account for Journal of Workflow Studies").is_visible()
        assert page.get_by_role("heading", name="Privacy statement").is_visible()

        # Sent without the consent box ticked: the box says what is missing, the rest is kept.
        page.get_by_label("Given names").fill("Irina")
        page.get_by_label("Family name").fill("Novikova")
        page.get_by_label("E-mail address").fill("irina@example.org")
        page.get_by_label("Username").fill("irina")
        page.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Password (again)").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Create the account").click()
        consent = page.get_by_label("I have read the privacy statement above and agree to it")
        assert consent.get_attribute("aria-invalid") == "true"
        assert "You need to agree to the privacy statement" in page.locator("#id_privacy_consent_error").inner_text()
        assert page.get_by_label("Given names").input_value() == "Irina"
        _accessible(watched, seen)

        page.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Password (again)").fill(NEW_PASSWORD)
        consent.check()
        page.get_by_role("button", name="Create the account").click()
        assert page.get_by_role("heading", name="Confirm your e-mail address").is_visible()
        _accessible(watched, seen)

        email = _sent(to="irina@example.org", kind="account_email_confirmation_signup")
        page.goto(link_in(email))
        assert "Please confirm that irina@example.org" in page.content()
        _accessible(watched, seen)
        page.get_by_role("button", name="Confirm").click()

        assert page.url.startswith(f"{site}/accounts/login/")
        _accessible(watched, seen)
        page.get_by_label("Username").fill("irina@example.org")
        page.get_by_label("Password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        page.get_by_role("link", name="Submit a manuscript").first.click()
        assert page.url == f"{site}/editorial/submit/"
        assert page.get_by_role("button", name="Start").count() + page.locator("form").count() > 0
    assert len(seen) == 4


def test_a_person_resets_a_forgotten_password_from_the_sign_in_page(site, cast):
    seen: list[str] = []
    with watched_page(site) as watched:
        page = watched.page
        page.goto(f"{site}/accounts/login/")
        page.get_by_role("link", name="Forgotten your password?").click()
        _accessible(watched, seen)
        page.get_by_label("E-mail address").fill("author@example.org")
        page.get_by_role("button", name="Send the link").click()
        assert page.get_by_role("heading", name="Look in your e-mail").is_visible()
        _accessible(watched, seen)

        email = _sent(to="author@example.org", kind="account_password_reset_key")
        page.goto(link_in(email))
        assert page.get_by_role("heading", name="Choose a new password").is_visible()
        page.get_by_label("New password:", exact=True).fill("password")
        page.get_by_label("New password (again)").fill("password")
        page.get_by_role("button", name="Set the password").click()
        assert "This password is too common." in page.content()
        _accessible(watched, seen)

        page.get_by_label("New password:", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("New password (again)").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Set the password").click()
        assert page.get_by_role("heading", name="Password changed").is_visible()
        _accessible(watched, seen)

        page.get_by_role("link", name="Sign in").last.click()
        page.get_by_label("Username").fill("author")
        page.get_by_label("Password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        assert page.url == f"{site}/editorial/submissions/"

        # The link in the e-mail has done its work: opened again, it says so.
        page.goto(link_in(email))
        assert page.get_by_role("heading", name="Link expired or used").is_visible()
        _accessible(watched, seen)
    assert len(seen) == 5


def test_a_signed_in_person_changes_the_email_address_from_the_navigation(site, cast):
    seen: list[str] = []
    with watched_page(site, user=cast.author) as watched:
        page = watched.page
        page.goto(f"{site}/editorial/submissions/")
        page.get_by_role("link", name="Your account").click()
        assert page.get_by_text("Your confirmed address is author@example.org").is_visible()
        _accessible(watched, seen)

        page.get_by_label("New e-mail address").fill("anna.new@example.org")
        page.get_by_role("button", name="Change the e-mail address").click()
        assert page.get_by_text("anna.new@example.org is waiting for confirmation").is_visible()
        _accessible(watched, seen)

        email = _sent(to="anna.new@example.org", kind="account_email_confirmation")
        page.goto(link_in(email))
        page.get_by_role("button", name="Confirm").click()
        page.goto(f"{site}/accounts/email/")
        assert page.get_by_text("Your confirmed address is anna.new@example.org").is_visible()

        for address in ("/accounts/password/change/", "/accounts/reauthenticate/"):
            page.goto(site + address)
            _accessible(watched, seen)
    assert len(seen) == 4


def test_a_managing_editor_required_to_use_two_factor_sets_it_up_and_signs_in_with_a_code(site, cast, settings):
    from tests.support.workflow_fixtures import PASSWORD

    settings.MFA_REQUIRED_FOR_EDITORS = True
    seen: list[str] = []
    with watched_page(site) as watched:
        page = watched.page
        page.goto(f"{site}/accounts/login/")
        page.get_by_label("Username").fill("managing")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        # Sent to set it up, after the password once more.
        assert "/accounts/reauthenticate/" in page.url
        assert "set up an authenticator app first" in page.content()
        _accessible(watched, seen)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        assert page.get_by_role("heading", name="Set up an authenticator app").is_visible()
        _accessible(watched, seen)

        secret = page.locator("#totp-key").inner_text()
        page.get_by_label("Authenticator code").fill(authenticator_code(secret))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        assert page.get_by_role("heading", name="Recovery codes").is_visible()
        _accessible(watched, seen)

        page.goto(f"{site}/editorial/dashboard/")
        assert page.url == f"{site}/editorial/dashboard/"
        page.get_by_role("button", name="Sign out").click()

        page.goto(f"{site}/accounts/login/")
        page.get_by_label("Username").fill("managing@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("heading", name="Enter your code").is_visible()
        _accessible(watched, seen)
        page.get_by_label("Code").fill(authenticator_code(secret))
        page.get_by_role("button", name="Sign in").click()
        assert page.url == f"{site}/editorial/dashboard/"

        # The settings pages, once it is on: where it is turned off and new codes are made.
        page.get_by_role("link", name="Your account").click()
        page.get_by_role("link", name="Two-factor sign-in").click()
        assert page.get_by_text("On: signing in asks for a code from your app.").is_visible()
        _accessible(watched, seen)
        for address in ("/accounts/2fa/totp/deactivate/", "/accounts/2fa/recovery-codes/generate/"):
            page.goto(site + address)
            _accessible(watched, seen)
    assert len(seen) == 7
