"""Who may open each account page: strangers the ones for getting in (signing in and up, confirming,
resetting a password), only a signed-in person their own account's pages (e-mail address, password).
Every account route is here; a new one from allauth without a line fails the last test."""

import pytest
from django.urls import reverse

from tests.support.route_inventory import all_routes, routes_exercised

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "author", "managing_editor", "staff"]
SIGN_IN = "/accounts/login/"
HOME = "/editorial/"


def _to_sign_in(url):
    return (302, f"{SIGN_IN}?next={url}")


SIGNED_IN = dict.fromkeys(ROLES[1:], (200, None))

# url -> {visitor: (status, where a redirect goes)}
EXPECTED = {
    "/accounts/login/": {"anonymous": (200, None), **dict.fromkeys(ROLES[1:], (302, HOME))},
    "/accounts/logout/": {"anonymous": (302, "/"), **SIGNED_IN},
    "/accounts/signup/": {"anonymous": (200, None), **dict.fromkeys(ROLES[1:], (302, HOME))},
    "/accounts/confirm-email/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/confirm-email/not-a-key/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/password/reset/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/password/reset/done/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/password/reset/key/1-not-a-key/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/password/reset/key/done/": dict.fromkeys(ROLES, (200, None)),
    "/accounts/inactive/": dict.fromkeys(ROLES, (200, None)),
    # only in the middle of a sign-in by code (not offered here): otherwise sent on
    "/accounts/login/code/confirm/": {"anonymous": (302, SIGN_IN), **dict.fromkeys(ROLES[1:], (302, HOME))},
    "/accounts/email/": {"anonymous": _to_sign_in("/accounts/email/"), **SIGNED_IN},
    "/accounts/password/change/": {"anonymous": _to_sign_in("/accounts/password/change/"), **SIGNED_IN},
    # everyone here has a password, so setting a first one leads to changing it
    "/accounts/password/set/": {
        "anonymous": _to_sign_in("/accounts/password/set/"),
        **dict.fromkeys(ROLES[1:], (302, "/accounts/password/change/")),
    },
    "/accounts/reauthenticate/": {"anonymous": _to_sign_in("/accounts/reauthenticate/"), **SIGNED_IN},
    # two-factor sign-in, for a person who has not set it up: changes ask for the password again first
    "/accounts/2fa/": {"anonymous": _to_sign_in("/accounts/2fa/"), **SIGNED_IN},
    # only in the middle of a sign-in, after the password
    "/accounts/2fa/authenticate/": {"anonymous": (302, SIGN_IN), **dict.fromkeys(ROLES[1:], (302, HOME))},
    "/accounts/2fa/reauthenticate/": {
        "anonymous": _to_sign_in("/accounts/2fa/reauthenticate/"),
        **dict.fromkeys(ROLES[1:], (302, "/accounts/reauthenticate/")),
    },
    "/accounts/2fa/totp/activate/": {
        "anonymous": (302, f"{SIGN_IN}?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"),
        **dict.fromkeys(ROLES[1:], (302, "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")),
    },
    "/accounts/2fa/recovery-codes/generate/": {
        "anonymous": (302, f"{SIGN_IN}?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F"),
        **dict.fromkeys(
            ROLES[1:], (302, "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Frecovery-codes%2Fgenerate%2F")
        ),
    },
    # nothing to turn off, see or download before it is set up
    **{
        url: {"anonymous": _to_sign_in(url), **dict.fromkeys(ROLES[1:], (404, None))}
        for url in (
            "/accounts/2fa/totp/deactivate/",
            "/accounts/2fa/recovery-codes/",
            "/accounts/2fa/recovery-codes/download/",
        )
    },
}


@pytest.fixture
def visitors(cast):
    from tests.support.factories import UserFactory

    return {
        "anonymous": None,
        "author": cast.author,
        "managing_editor": cast.managing_editor,
        "staff": UserFactory(username="staff-only", is_staff=True, email="staff@example.org"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_account_page_permissions(client, visitors, role, url):
    if visitors[role] is not None:
        client.force_login(visitors[role])

    response = client.get(url)

    status, location = EXPECTED[url][role]
    assert response.status_code == status
    if location is not None:
        assert response["Location"] == location


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_email_page_shows_each_person_their_own_address_only(client, visitors, cast, role):
    client.force_login(visitors[role])

    page = client.get(reverse("account_email")).content.decode()

    assert visitors[role].email in page
    others = {user.email for name, user in visitors.items() if user is not None and name != role}
    assert not any(address in page for address in others)


def test_a_stranger_cannot_change_anyones_address(client, cast):
    response = client.post(reverse("account_email"), {"email": "taken-over@example.org", "action_add": ""})

    assert response["Location"].startswith(SIGN_IN)
    cast.author.refresh_from_db()
    assert cast.author.email == "author@example.org"
    from editorial.mail.models import OutgoingEmail

    assert not OutgoingEmail.objects.exists()


def test_every_account_route_is_checked_here():
    account_routes = {
        route
        for route in all_routes()
        if route[0] == "html" and route[1].startswith(("account_", "mfa_", "login", "logout"))
    }
    # account_login and account_logout answer at the addresses of login and logout
    exercised = routes_exercised(("get", url) for url in EXPECTED) | {
        ("html", "account_login"),
        ("html", "account_logout"),
    }

    assert account_routes == exercised


def test_each_person_sees_only_their_own_recovery_codes(client, visitors, cast):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.support.workflow_fixtures import PASSWORD

    codes = RecoveryCodes.activate(cast.author).get_unused_codes()
    client.force_login(cast.author)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert codes[0] in client.get(reverse("mfa_view_recovery_codes")).content.decode()

    client.force_login(cast.managing_editor)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 404
    assert client.get(reverse("mfa_download_recovery_codes")).status_code == 404
    assert Authenticator.objects.filter(user=cast.managing_editor).count() == 0
