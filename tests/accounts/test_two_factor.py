"""Two-factor sign-in: anyone can turn on an authenticator app (TOTP) with recovery codes; signing in
then asks for a code; site admins and managing editors must set it up first when the site says so."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.support.accounts import authenticator_code
from tests.support.client import sign_in
from tests.support.workflow_fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def confirm_password(client) -> None:
    """allauth asks for the password again before two-factor settings change."""
    asked = client.get(reverse("mfa_activate_totp"))
    if asked.status_code == 200:
        return  # confirmed a moment ago
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def turn_on(client) -> str:
    """Set up the app through the page, as a person does: read the key, type the app's code."""
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'<code id="totp-key">([A-Z2-7=]+)</code>', page).group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": authenticator_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_a_person_turns_on_an_authenticator_app_and_gets_recovery_codes(client, cast):
    sign_in(client, cast.author)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "<svg" in page  # the QR code, inline (no image address for the CSP to allow)

    turn_on(client)

    kinds = set(Authenticator.objects.filter(user=cast.author).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "10 of 10 codes unused" in codes


def test_a_wrong_code_at_set_up_says_so(client, cast):
    sign_in(client, cast.author)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    page = client.post(reverse("mfa_activate_totp"), {"code": "000000"}).content.decode()

    assert "Incorrect code." in page
    assert 'aria-describedby="id_code_error"' in page
    assert not Authenticator.objects.filter(user=cast.author).exists()


def test_signing_in_then_asks_for_the_code(client, cast):
    sign_in(client, cast.author)
    secret = turn_on(client)
    client.post(reverse("logout"))

    password_step = client.post(reverse("login"), {"login": "author", "password": PASSWORD})
    assert password_step["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code." in wrong.content.decode()

    signed_in = client.post(reverse("mfa_authenticate"), {"code": authenticator_code(secret)})

    assert signed_in["Location"] == reverse("editorial-home")
    assert int(client.session["_auth_user_id"]) == cast.author.pk


def test_a_recovery_code_signs_in_once(client, cast):
    sign_in(client, cast.author)
    turn_on(client)
    recovery = Authenticator.objects.get(user=cast.author, type=Authenticator.Type.RECOVERY_CODES)
    code = recovery.wrap().get_unused_codes()[0]
    client.post(reverse("logout"))

    client.post(reverse("login"), {"login": "author", "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == reverse("editorial-home")
    client.post(reverse("logout"))
    client.post(reverse("login"), {"login": "author", "password": PASSWORD})
    again = client.post(reverse("mfa_authenticate"), {"code": code})

    assert "Incorrect code." in again.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("role", "required"), [("managing_editor", True), ("author", False), ("handling_editor", False)]
)
def test_when_the_site_requires_it_managing_editors_set_it_up_first(client, cast, settings, role, required):
    settings.MFA_REQUIRED_FOR_EDITORS = True
    sign_in(client, cast.user(role))

    response = client.get(reverse("author-dashboard"))

    if not required:
        assert response.status_code == 200
        return
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/api/submissions/").status_code == 403
    turn_on(client)
    assert client.get(reverse("author-dashboard")).status_code == 200


def test_site_admins_are_required_too_and_the_setting_is_off_by_default(client, cast, settings):
    from tests.support.factories import UserFactory

    admin = UserFactory(username="site-admin", is_staff=True, is_superuser=True, email="root@example.org")
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200

    settings.MFA_REQUIRED_FOR_EDITORS = True

    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("account_email")).status_code == 200  # their account stays open to them
