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
        route for route in all_routes() if route[0] == "html" and route[1].startswith(("account_", "login", "logout"))
    }
    # account_login and account_logout answer at the addresses of login and logout
    exercised = routes_exercised(("get", url) for url in EXPECTED) | {
        ("html", "account_login"),
        ("html", "account_logout"),
    }

    assert account_routes == exercised
