"""Reference checks in the admin: listed, read-only, with an action to apply suggested DOIs."""

import pytest
from django.urls import reverse

from editorial.models import Event
from editorial.references.services import check_submission_now
from tests.support.factories import UserFactory
from tests.support.references import make_submission_with_references, work

pytestmark = pytest.mark.django_db

LIST = "1. Buzan B. 2003. Regions and powers: The structure of security. Cambridge, CUP."


@pytest.fixture
def check(crossref, crossref_settings):
    crossref.add_record(work("10.5555/regions", "Regions and Powers: The Structure of Security", "Buzan", 2003))
    return check_submission_now(submission_id=make_submission_with_references(LIST).pk)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_a_check_and_its_results_are_shown_read_only(admin_client, check):
    page = admin_client.get(reverse("admin:editorial_referencecheck_change", args=[check.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "doi_suggested" in html
    assert "10.5555/regions" in html
    assert "state" not in page.context["adminform"].form.fields
    assert admin_client.get(reverse("admin:editorial_referencecheck_add")).status_code == 403


def test_the_admin_action_applies_suggested_dois_through_the_service(admin_client, check):
    result = check.results.get()
    response = admin_client.post(
        reverse("admin:editorial_referencecheckresult_changelist"),
        {"action": "apply_suggested_dois", "_selected_action": [result.pk]},
        follow=True,
    )
    assert "Reference 1: DOI 10.5555/regions." in response.content.decode()
    assert check.submission.references.get().doi == "10.5555/regions"
    assert Event.objects.get().note.startswith("Reference 1: DOI set to 10.5555/regions")
