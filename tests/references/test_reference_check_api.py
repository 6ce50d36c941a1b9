"""Reference checks through the API: editors run and apply, authors read, strangers see nothing."""

import pytest
from rest_framework.test import APIClient

from editorial.models import Event, ReferenceCheck
from editorial.references.services import check_submission_now
from tests.support.factories import UserFactory
from tests.support.references import make_editor, make_submission_with_references, work

pytestmark = pytest.mark.django_db

LIST = "\n".join(
    [
        "1. Snyder G. H. 1991. Alliances, balance, and stability. International Organization, vol. 45. "
        "DOI: 10.5555/ok.",
        "2. Buzan B. 2003. Regions and powers: The structure of security. Cambridge, CUP.",
    ]
)


@pytest.fixture
def standin(crossref, crossref_settings, eager_tasks):
    crossref.add_record(
        work("10.5555/ok", "Alliances, balance, and stability", "Snyder", 1991, "International Organization")
    )
    crossref.add_record(work("10.5555/regions", "Regions and Powers: The Structure of Security", "Buzan", 2003))
    return crossref


@pytest.fixture
def submission(standin):
    return make_submission_with_references(LIST)


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_an_editor_runs_a_check_and_reads_the_report(submission, django_capture_on_commit_callbacks):
    editor = api_as(make_editor(submission.journal))
    with django_capture_on_commit_callbacks(execute=True):
        started = editor.post("/api/reference-checks/", {"submission": submission.pk}, format="json")
    assert started.status_code == 202
    assert started.json()["reason"] == "editor"
    latest = editor.get("/api/reference-checks/latest/", {"submission": submission.pk})
    assert latest.status_code == 200
    report = latest.json()["check"]
    assert report["state"] == "done"
    assert report["summary"] == {"doi_suggested": 1, "ok": 1, "total": 2}
    assert [(r["position"], r["status"], r["doi"]) for r in report["results"]] == [
        (1, "ok", "10.5555/ok"),
        (2, "doi_suggested", ""),
    ]
    assert report["results"][1]["suggested_doi"] == "10.5555/regions"
    assert report["results"][1]["registered"]["title"] == "Regions and Powers: The Structure of Security"
    assert latest.json()["pending"] is None


def test_an_editor_applies_a_suggestion_with_one_request(submission):
    user = make_editor(submission.journal, kind="section_editor")
    check = check_submission_now(submission_id=submission.pk)
    response = api_as(user).post(f"/api/reference-checks/{check.pk}/apply-suggestion/", {"position": 2}, format="json")
    assert response.status_code == 200
    assert response.json()["applied_at"] is not None
    assert submission.references.get(position=2).doi == "10.5555/regions"
    assert Event.objects.filter(submission=submission, actor=user).count() == 1
    nothing = api_as(user).post(f"/api/reference-checks/{check.pk}/apply-suggestion/", {"position": 1}, format="json")
    assert nothing.status_code == 400
    assert nothing.json()["detail"] == "Reference 1 has no suggested DOI to apply."


def test_the_submitting_author_reads_the_report_but_cannot_run_or_apply(submission):
    check = check_submission_now(submission_id=submission.pk)
    author = api_as(submission.submitter)
    assert author.get("/api/reference-checks/latest/", {"submission": submission.pk}).status_code == 200
    assert author.get(f"/api/reference-checks/{check.pk}/").json()["results"][0]["status"] == "ok"
    assert author.post("/api/reference-checks/", {"submission": submission.pk}, format="json").status_code == 403
    refused = author.post(f"/api/reference-checks/{check.pk}/apply-suggestion/", {"position": 2}, format="json")
    assert refused.status_code == 403
    assert submission.references.get(position=2).doi == ""
    assert ReferenceCheck.objects.count() == 1


def test_a_stranger_sees_no_check_at_all(submission):
    check = check_submission_now(submission_id=submission.pk)
    stranger = api_as(UserFactory(username="stranger"))
    assert stranger.get("/api/reference-checks/").json()["results"] == []
    assert stranger.get(f"/api/reference-checks/{check.pk}/").status_code == 404
    assert stranger.get("/api/reference-checks/latest/", {"submission": submission.pk}).status_code == 404
    assert stranger.post("/api/reference-checks/", {"submission": submission.pk}, format="json").status_code == 403
    assert stranger.post(f"/api/reference-checks/{check.pk}/apply-suggestion/", {"position": 2}).status_code == 404


def test_an_editor_of_another_journal_is_a_stranger_here(submission):
    check = check_submission_now(submission_id=submission.pk)
    other = make_editor(type(submission.journal).objects.create(title="Other", abbreviation="O", slug="other"))
    assert api_as(other).get(f"/api/reference-checks/{check.pk}/").status_code == 404


def test_superusers_list_checks_by_submission(submission):
    check_submission_now(submission_id=submission.pk)
    staff = api_as(UserFactory(username="staff", is_staff=True, is_superuser=True))
    listed = staff.get("/api/reference-checks/", {"submission": submission.pk}).json()
    assert [c["submission"] for c in listed["results"]] == [submission.pk]
    assert staff.get("/api/reference-checks/", {"submission": submission.pk + 1}).json()["results"] == []


def test_latest_before_any_check_is_empty_and_needs_a_submission(submission):
    editor = api_as(make_editor(submission.journal))
    assert editor.get("/api/reference-checks/latest/", {"submission": submission.pk}).json() == {
        "submission": submission.pk,
        "check": None,
        "pending": None,
    }
    assert editor.get("/api/reference-checks/latest/").status_code == 404


def test_running_a_check_on_an_unknown_submission_says_so(submission):
    response = api_as(make_editor(submission.journal)).post("/api/reference-checks/", {"submission": 999999})
    assert response.status_code == 400
    assert "submission" in response.json()


def test_anonymous_requests_are_refused(submission):
    assert APIClient().get("/api/reference-checks/").status_code in (401, 403)


def test_the_schema_documents_the_reference_check_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/reference-checks/latest/" in schema
    assert "/api/reference-checks/{id}/apply-suggestion/" in schema
