"""Sign-in by user name or e-mail address at the address the site always had, and sign-out."""

import pytest
from django.urls import reverse

from tests.support.workflow_fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_sign_in_addresses_stay_where_they_were():
    assert reverse("login") == reverse("account_login") == "/accounts/login/"
    assert reverse("logout") == reverse("account_logout") == "/accounts/logout/"


@pytest.mark.parametrize("login", ["author", "author@example.org", "AUTHOR@example.org"])
def test_a_person_signs_in_by_user_name_or_e_mail_address(client, cast, login):
    response = client.post(reverse("login"), {"login": login, "password": PASSWORD})

    assert response["Location"] == reverse("editorial-home")
    assert int(client.session["_auth_user_id"]) == cast.author.pk


def test_the_sign_in_form_labels_the_one_box_for_both(client, cast):
    page = client.get(reverse("login")).content.decode()

    assert '<label for="id_login">Username or e-mail address' in page
    assert '<label for="id_password">Password</label>' in page


def test_a_wrong_password_says_so_and_signs_nobody_in(client, cast):
    page = client.post(reverse("login"), {"login": "author@example.org", "password": "nope"}).content.decode()

    assert "Please enter a correct username and password" in page
    assert "_auth_user_id" not in client.session


def test_sign_in_goes_on_to_the_page_that_asked_for_it(client, cast):
    target = reverse("submission-start")
    asked = client.get(target)
    assert asked["Location"] == f"{reverse('login')}?next={target}"

    response = client.post(
        f"{reverse('login')}?next={target}", {"login": "author", "password": PASSWORD, "next": target}
    )

    assert response["Location"] == target


def test_sign_out_ends_the_session(client, cast):
    client.post(reverse("login"), {"login": "author", "password": PASSWORD})

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("home")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("author-dashboard"))["Location"].startswith(reverse("login"))


def test_signing_out_by_get_asks_first(client, cast):
    client.post(reverse("login"), {"login": "author", "password": PASSWORD})

    page = client.get(reverse("logout")).content.decode()

    assert "Do you want to sign out?" in page
    assert "_auth_user_id" in client.session


def test_the_lockout_counts_an_address_against_its_account(client, cast, settings):
    """Signing in by address and by name share one count: switching between them gains no guesses."""
    settings.AXES_FAILURE_LIMIT = 3
    for login in ("author@example.org", "author", "Author@Example.org"):
        client.post(reverse("login"), {"login": login, "password": "guess"}, REMOTE_ADDR="203.0.113.7")

    by_name = client.post(reverse("login"), {"login": "author", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    by_address = client.post(
        reverse("login"), {"login": "author@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )

    assert by_name.status_code == 429
    assert by_address.status_code == 429
    assert "Too many failed sign-in attempts for author:" in by_address.content.decode()
