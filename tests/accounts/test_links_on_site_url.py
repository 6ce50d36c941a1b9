"""Every link in account e-mail is on SITE_URL, whatever Host header the request that caused it had:
a forged Host must not send a confirmation or a password-reset key to someone else's server."""

import pytest
from django.urls import reverse

from editorial.mail.models import OutgoingEmail
from tests.support.accounts import link_in, sign_up_form
from tests.support.client import sign_in

pytestmark = pytest.mark.django_db

FORGED = "attacker.example"


@pytest.fixture
def forged_host_allowed(settings):
    """The worst case: the forged name passes ALLOWED_HOSTS (a wildcard, a sloppy proxy)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, FORGED, "testserver"]
    settings.SITE_URL = "https://journal.example.org"
    return settings.SITE_URL


def _only_link(kind: str) -> str:
    email = OutgoingEmail.objects.get(kind=kind)
    assert FORGED not in email.body
    return link_in(email)


def test_the_sign_up_confirmation_link_is_on_site_url(client, cast, forged_host_allowed):
    response = client.post(reverse("account_signup"), sign_up_form(cast.journal), HTTP_HOST=FORGED)
    assert response.status_code == 302

    link = _only_link("account_email_confirmation_signup")

    assert link.startswith(forged_host_allowed + "/accounts/confirm-email/")


def test_the_password_reset_link_is_on_site_url(client, cast, forged_host_allowed):
    response = client.post(reverse("account_reset_password"), {"email": "author@example.org"}, HTTP_HOST=FORGED)
    assert response.status_code == 302

    link = _only_link("account_password_reset_key")

    assert link.startswith(forged_host_allowed + "/accounts/password/reset/key/")


def test_the_email_change_confirmation_link_is_on_site_url(client, cast, forged_host_allowed):
    sign_in(client, cast.author)
    response = client.post(
        reverse("account_email"), {"email": "anna.new@example.org", "action_add": ""}, HTTP_HOST=FORGED
    )
    assert response.status_code == 302

    link = _only_link("account_email_confirmation")

    assert link.startswith(forged_host_allowed + "/accounts/confirm-email/")


def test_a_link_in_any_account_email_is_put_on_site_url(cast, forged_host_allowed):
    """The adapter's last word: a link allauth made from the request (as for an unknown address) is
    moved onto SITE_URL before the e-mail is written."""
    from editorial.accounts.adapter import AccountAdapter

    AccountAdapter().send_mail(
        "account/email/unknown_account", "someone@example.org", {"signup_url": f"http://{FORGED}/accounts/signup/"}
    )

    assert _only_link("account_unknown_account") == forged_host_allowed + "/accounts/signup/"
