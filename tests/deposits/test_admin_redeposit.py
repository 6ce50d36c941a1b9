"""An admin edit of a deposited article's metadata sends it to Crossref again, and the admin says so.

The submission and production admins know nothing of deposits: they announce the edit
(``submission_metadata_changed``, ``article_metadata_changed``) and show what the deposits
domain answered.
"""

import pytest
from django.forms import MultiWidget
from django.urls import reverse

from editorial.deposits import receivers
from editorial.deposits import services as deposits
from editorial.models import DepositBatch
from editorial.production.signals import article_metadata_changed
from tests.support.factories import UserFactory, published_article

pytestmark = pytest.mark.django_db
DOI = "10.48015/2076-7404-2021-13-3-75-111"
MESSAGE = "The metadata changed: deposit {} sends it to Crossref."


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def registered(crossref_deposits):
    article = published_article(doi=DOI)
    batch = deposits.request_deposit(article_id=article.pk, reason="publication")
    state = deposits.send_batch(batch_id=batch.pk)
    while state == "submitted":
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch.pk)
    assert state == "completed"
    return article


def _bound_values(form, data: dict) -> None:
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, MultiWidget):
            for i, part in enumerate(bound.field.widget.decompress(value)):
                data[f"{bound.html_name}_{i}"] = "" if part is None else part
        elif value is True:
            data[bound.html_name] = "on"
        elif value is not False:
            data[bound.html_name] = "" if value is None else value


def change_form_data(page) -> dict:
    """What the browser sends back from an admin change page left as it is (inlines included)."""
    data: dict = {}
    _bound_values(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        _bound_values(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _bound_values(form, data)
    return data


def redeposits():
    return DepositBatch.objects.filter(reason=DepositBatch.Reason.METADATA_CHANGE)


def test_editing_a_deposited_articles_submission_title_in_the_admin_deposits_it_again(admin_client, registered):
    url = reverse("admin:editorial_submission_change", args=[registered.submission_id])
    data = change_form_data(admin_client.get(url)) | {"title_en": "A Corrected Title of the Article"}
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert not response.context.get("errors"), response.context.get("errors")
    again = redeposits().get()
    assert "A Corrected Title of the Article" in again.xml
    assert MESSAGE.format(again.batch_id) in response.content.decode()

    response = admin_client.post(url, data, follow=True)  # saved again unchanged: nothing new to deposit
    assert redeposits().count() == 1
    assert "The metadata changed" not in response.content.decode()


def test_editing_a_submission_never_deposited_queues_nothing(admin_client, crossref_deposits):
    article = published_article(doi=DOI)
    url = reverse("admin:editorial_submission_change", args=[article.submission_id])
    data = change_form_data(admin_client.get(url)) | {"title_en": "A New Title"}
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert not DepositBatch.objects.exists()
    assert "The metadata changed" not in response.content.decode()


def test_editing_a_deposited_articles_pages_in_the_admin_deposits_it_again(admin_client, registered):
    url = reverse("admin:editorial_article_change", args=[registered.pk])
    data = change_form_data(admin_client.get(url)) | {"first_page": "75", "last_page": "112"}
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    again = redeposits().get()
    assert "<last_page>112</last_page>" in again.xml
    assert MESSAGE.format(again.batch_id) in response.content.decode()


def test_a_change_that_must_always_go_to_crossref_is_deposited_even_when_the_record_is_the_same(registered):
    user = UserFactory()
    answers = article_metadata_changed.send(sender=None, article_id=registered.pk, user=user, always=False)
    assert (receivers.redeposit_on_metadata_change, None) in answers
    answers = article_metadata_changed.send(sender=None, article_id=registered.pk, user=user, always=True)
    [batch] = [batch for receiver, batch in answers if receiver is receivers.redeposit_on_metadata_change]
    assert batch == redeposits().get()
    assert batch.requested_by == user
