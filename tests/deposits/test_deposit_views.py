"""What editors see of DOI registration: the API, the admin, and the submission-page panel."""

import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from rest_framework.test import APIClient

from editorial.deposits import services as deposits
from editorial.deposits.selectors import doi_registrations_for, doi_registrations_for_submission
from editorial.models import DepositBatch, DoiRegistration, OutboxTask, Person, Reference, Role
from tests.support.factories import IssueFactory, JournalFactory, UserFactory, published_article
from tests.support.standin import STANDIN_PASSWORD

pytestmark = pytest.mark.django_db
DOI = "10.48015/2076-7404-2021-13-3-75-111"


def managing_editor(journal):
    user = UserFactory()
    person = Person.objects.create(
        user=user, given_names="Ed", family_name=user.username, email=f"{user.username}@x.org"
    )
    Role.objects.create(person=person, journal=journal, kind=Role.Kind.MANAGING_EDITOR)
    return user


def deposited(article, **options) -> DepositBatch:
    batch = deposits.request_deposit(article_id=article.pk, reason="publication", **options)
    state = deposits.send_batch(batch_id=batch.pk)
    while state == "submitted":
        DepositBatch.objects.filter(pk=batch.pk).update(last_checked_at=None)
        state = deposits.check_batch(batch_id=batch.pk)
    return batch


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def registered(crossref_deposits):
    article = published_article(doi=DOI)
    deposited(article)
    return article


# --- API ---------------------------------------------------------------------------------------------


def test_a_managing_editor_sees_the_state_and_history_of_the_journals_dois(registered, crossref_deposits):
    deposited(published_article(doi="10.48015/elsewhere", journal=JournalFactory()))
    response = api_for(managing_editor(registered.submission.journal)).get("/api/doi-registrations/")
    assert response.status_code == 200
    [entry] = response.json()["results"]
    assert (entry["doi"], entry["state"], entry["state_label"]) == (DOI, "registered", "Registered")
    assert entry["message"] == "Successfully added"
    [deposit] = entry["history"]
    assert deposit["batch_id"].startswith(registered.submission.journal.slug)
    assert (deposit["state"], deposit["system"], deposit["reason"]) == ("registered", "test", "publication")
    assert [(a["kind"], a["http_status"]) for a in deposit["attempts"]] == [("send", 200), ("result", 200)]
    assert deposit["attempts"][1]["diagnostics"][0] == {
        "doi": DOI,
        "status": "Success",
        "message": "Successfully added",
    }
    assert "successfully received" in deposit["attempts"][0]["response_body"]


def test_superusers_see_every_journals_dois_and_others_none(registered):
    assert api_for(UserFactory(is_staff=True, is_superuser=True)).get("/api/doi-registrations/").json()["count"] == 1
    assert api_for(UserFactory(is_staff=True)).get("/api/doi-registrations/").json()["count"] == 0
    assert api_for(UserFactory()).get("/api/doi-registrations/").json()["count"] == 0
    other_editor = managing_editor(JournalFactory())
    registration = DoiRegistration.objects.get()
    assert api_for(other_editor).get(f"/api/doi-registrations/{registration.pk}/").status_code == 404
    assert APIClient().get("/api/doi-registrations/").status_code in (401, 403)


def test_registrations_can_be_filtered_by_state_and_doi(registered):
    api = api_for(UserFactory(is_staff=True, is_superuser=True))
    assert api.get("/api/doi-registrations/", {"state": "failed"}).json()["count"] == 0
    assert api.get("/api/doi-registrations/", {"doi": DOI.upper()}).json()["count"] == 1


def test_deposit_now_for_an_article_queues_a_batch(crossref_deposits):
    article = published_article(doi=DOI)
    response = api_for(managing_editor(article.submission.journal)).post(
        "/api/doi-registrations/deposit/", {"article": article.pk}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "queued"
    assert body["registrations"] == [
        {
            "id": DoiRegistration.objects.get().pk,
            "doi": DOI,
            "state": "queued",
            "message": "Waiting to be sent to Crossref.",
        }
    ]
    assert OutboxTask.objects.filter(task_name="editorial.send_deposit").count() == 1


def test_deposit_now_for_a_whole_issue_is_one_batch(crossref_deposits):
    issue = IssueFactory()
    for n in (1, 2, 3):
        published_article(doi=f"10.48015/issue-{n}", issue=issue, position_in_issue=n)
    response = api_for(managing_editor(issue.journal)).post("/api/doi-registrations/deposit/", {"issue": issue.pk})
    assert response.status_code == 202
    assert [r["doi"] for r in response.json()["registrations"]] == [f"10.48015/issue-{n}" for n in (1, 2, 3)]
    assert DepositBatch.objects.count() == 1


def test_deposit_again_from_a_registration(registered):
    registration = DoiRegistration.objects.get()
    api = api_for(managing_editor(registered.submission.journal))
    response = api.post(f"/api/doi-registrations/{registration.pk}/deposit/")
    assert response.status_code == 202
    assert DepositBatch.objects.count() == 2


def test_deposit_now_is_refused_to_who_does_not_manage_the_journal(crossref_deposits):
    article = published_article(doi=DOI)
    outsider = managing_editor(JournalFactory())
    response = api_for(outsider).post("/api/doi-registrations/deposit/", {"article": article.pk})
    assert response.status_code == 403
    assert not DepositBatch.objects.exists()


def test_deposit_now_explains_what_cannot_be_deposited(crossref_deposits):
    article = published_article(doi="")
    api = api_for(UserFactory(is_staff=True, is_superuser=True))
    response = api.post("/api/doi-registrations/deposit/", {"article": article.pk})
    assert response.status_code == 400
    assert "no DOI yet" in response.json()["detail"]
    assert api.post("/api/doi-registrations/deposit/", {}).status_code == 400


def test_the_registration_list_takes_a_fixed_number_of_queries(crossref_deposits, django_assert_max_num_queries):
    api = api_for(UserFactory(is_staff=True, is_superuser=True))
    deposited(published_article(doi="10.48015/one"))
    with django_assert_max_num_queries(8) as few:
        assert api.get("/api/doi-registrations/").json()["count"] == 1
    for n in range(4):
        deposited(published_article(doi=f"10.48015/more-{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/doi-registrations/").json()["count"] == 5


def test_the_api_never_shows_the_password(registered, settings):
    settings.CROSSREF_LOGIN_PASSWD = "wrong-secret-789"
    deposits.send_batch(batch_id=deposits.request_deposit(article_id=registered.pk, reason="manual").pk)
    text = json.dumps(api_for(UserFactory(is_staff=True, is_superuser=True)).get("/api/doi-registrations/").json())
    assert "rejected the login 'standin'" in text
    assert STANDIN_PASSWORD not in text
    assert "wrong-secret-789" not in text


# --- Admin -----------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_admin_lists_dois_with_their_state_and_shows_the_history(admin_client, registered):
    registration = DoiRegistration.objects.get()
    listing = admin_client.get(reverse("admin:editorial_doiregistration_changelist"))
    assert DOI in listing.content.decode()
    assert "Registered" in listing.content.decode()
    page = admin_client.get(reverse("admin:editorial_doiregistration_change", args=[registration.pk])).content.decode()
    batch = DepositBatch.objects.get()
    assert batch.batch_id in page
    assert "Successfully added" in page
    assert "Upload" in page
    assert "HTTP 200" in page
    batch_page = admin_client.get(reverse("admin:editorial_depositbatch_change", args=[batch.pk])).content.decode()
    assert "successfully received" in batch_page
    assert "&lt;doi_batch" in batch_page  # the deposit file, escaped


def test_admin_action_deposits_the_selected_dois(admin_client, registered):
    registration = DoiRegistration.objects.get()
    response = admin_client.post(
        reverse("admin:editorial_doiregistration_changelist"),
        {"action": "deposit_registrations", "_selected_action": [registration.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert DepositBatch.objects.count() == 2
    assert "Deposit " in response.content.decode()


def test_admin_action_deposits_a_whole_issue_as_one_batch(admin_client, crossref_deposits):
    issue = IssueFactory()
    for n in (1, 2):
        published_article(doi=f"10.48015/issue-{n}", issue=issue, position_in_issue=n)
    admin_client.post(
        reverse("admin:editorial_issue_changelist"), {"action": "deposit_issues", "_selected_action": [issue.pk]}
    )
    assert DepositBatch.objects.get().records.count() == 2


def test_editing_a_deposited_articles_reference_in_the_admin_deposits_it_again(admin_client, registered):
    reference = Reference.objects.filter(submission=registered.submission).first()
    url = reverse("admin:editorial_reference_change", args=[reference.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data |= {"submission": reference.submission_id, "raw_text": "Istomin I. A. 2020. A corrected reference."}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    again = DepositBatch.objects.get(reason=DepositBatch.Reason.METADATA_CHANGE)
    assert "A corrected reference." in again.xml
    admin_client.post(url, data)  # saved again unchanged: nothing new to deposit
    assert DepositBatch.objects.filter(reason=DepositBatch.Reason.METADATA_CHANGE).count() == 1


# --- The panel for the editor's submission page ---------------------------------------------------------


def test_the_panel_shows_state_message_and_history_without_queries_of_its_own(
    crossref_deposits, django_assert_num_queries
):
    article = published_article(doi=DOI)
    crossref_deposits.set_outcome(DOI, "failure", "Title <b>mismatch</b> for ISSN 2076-7404")
    deposited(article)
    deposited(article)
    with django_assert_num_queries(3):
        registrations = doi_registrations_for_submission(article.submission_id)
    with django_assert_num_queries(0):
        html = render_to_string("deposits/panels/doi_registration.html", {"doi_registrations": registrations})
    assert DOI in html
    assert 'data-state="failed"' in html
    assert "Title &lt;b&gt;mismatch&lt;/b&gt; for ISSN 2076-7404" in html
    assert "<b>mismatch" not in html
    assert html.count("<tr data-batch=") == 2
    assert "HTTP 200" in html


def test_the_panel_says_when_nothing_was_deposited_yet(django_assert_num_queries):
    article = published_article(doi=DOI)
    with django_assert_num_queries(1):
        registrations = doi_registrations_for(article_ids=[article.pk])
    html = render_to_string("deposits/panels/doi_registration.html", {"doi_registrations": registrations})
    assert "No deposit yet" in html


def test_the_openapi_schema_describes_the_registration_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/doi-registrations/:",
        "/api/doi-registrations/deposit/:",
        "/api/doi-registrations/{id}/deposit/:",
    ):
        assert path in schema
    assert "DoiRegistrationStateEnum" in schema
