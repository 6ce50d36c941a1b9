"""Two visitors the workflow's matrix lacked, against the routes that gave them powers they should
not have: a staff user with no journal role (staff status opens the Django admin, it is no journal
role), and an editor of the journal whose manuscript it is, as its submitter or as a contributor
(nobody handles their own manuscript). The journal's managing editor is the control: the same
request succeeds for them.

DOI deposits, reference checks, article imports, production and the editor's pages, through the
HTML pages and the API; a refused request changes nothing. As in the matrix, a submission the
visitor may not see is a 404 and one they see but may not act on a 403.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from editorial.models import Contributor, DepositBatch, Event, ReferenceCheck, Role
from editorial.production.services import publication
from tests.support.api import api_for
from tests.support.factories import UserFactory
from tests.support.production_fixtures import in_production
from tests.support.workflow_fixtures import _person_with_user, _role

ROLES = ["staff", "submitting_editor", "contributing_editor", "managing_editor"]
DOI = "10.48015/own-manuscript-1"


def _visitor(cast, role: str):
    if role == "staff":
        # An admin user who may add articles in the admin: before the one rule set, that was enough to
        # import into any journal, and staff status alone to deposit and run reference checks.
        user = UserFactory(username="staff-user", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="add_article", content_type__app_label="editorial"))
        return user
    if role == "submitting_editor":
        _role(cast.author, cast.journal, Role.Kind.MANAGING_EDITOR)
        return cast.author
    if role == "contributing_editor":
        return cast.contributing_editor
    return cast.managing_editor


@pytest.fixture
def own(cast, crew):
    """An article of the cast's journal in production, submitted by the cast's author and listing a
    managing editor of the journal ("contributing_editor") as its second author."""
    submission, article = in_production(cast, crew)
    co_editor = _person_with_user("co-editor", "Cora", "Coauthor")
    _role(co_editor, cast.journal, Role.Kind.MANAGING_EDITOR)
    Contributor.objects.create(
        submission=submission, position=2, person=co_editor.person, given_names="Cora", family_name="Coauthor"
    )
    cast.contributing_editor = co_editor
    return submission, article


@pytest.fixture
def published(cast, own):
    submission, article = own
    publication.publish(user=cast.managing_editor, submission_id=submission.pk)
    article.refresh_from_db()
    if article.doi != DOI:
        type(article).objects.filter(pk=article.pk).update(doi=DOI)
        article.refresh_from_db()
    return submission, article


def _changes(submission) -> tuple:
    submission.refresh_from_db()
    return (
        submission.state,
        Event.objects.filter(submission=submission).count(),
        ReferenceCheck.objects.filter(submission=submission).count(),
        DepositBatch.objects.count(),
    )


def _expect(role: str, *, control: int, staff: int, submitting: int, contributing: int) -> int:
    return {"managing_editor": control, "staff": staff, "submitting_editor": submitting}.get(role, contributing)


# --- DOI deposits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_a_managing_editor_not_its_author_deposits_an_articles_doi(cast, published, role):
    submission, article = published
    user = _visitor(cast, role)
    before = _changes(submission)
    response = api_for(user).post("/api/doi-registrations/deposit/", {"article": article.pk}, format="json")
    assert response.status_code == _expect(role, control=202, staff=403, submitting=403, contributing=403), (
        response.data
    )
    if role != "managing_editor":
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
def test_doi_registrations_are_listed_to_a_managing_editor_only_for_others_articles(cast, published, role):
    _, article = published
    user = _visitor(cast, role)
    if not hasattr(article, "doi_registration"):
        from editorial.deposits import services as deposits

        deposits.request_deposit(article_id=article.pk, reason="publication", dispatch=False)
    listed = api_for(user).get("/api/doi-registrations/").json()["count"]
    assert listed == _expect(role, control=1, staff=0, submitting=0, contributing=0)


# --- Reference checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_running_a_reference_check_from_the_page_needs_an_editor_whose_manuscript_it_is_not(
    client, cast, published, role
):
    submission, _ = published
    client.force_login(_visitor(cast, role))
    before = _changes(submission)
    response = client.post(reverse("reference-check-run", args=[submission.pk]))
    assert response.status_code == _expect(role, control=302, staff=403, submitting=403, contributing=403)
    if role != "managing_editor":
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
def test_the_reference_check_report_is_for_the_editors_and_the_submitting_author(client, cast, published, role):
    submission, _ = published
    client.force_login(_visitor(cast, role))
    response = client.get(reverse("reference-check-report", args=[submission.pk]))
    assert response.status_code == _expect(role, control=200, staff=403, submitting=200, contributing=403)
    if role == "submitting_editor":  # read as its author: no buttons
        assert reverse("reference-check-run", args=[submission.pk]) not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_running_a_reference_check_through_the_api_needs_an_editor_whose_manuscript_it_is_not(cast, published, role):
    submission, _ = published
    before = _changes(submission)
    response = api_for(_visitor(cast, role)).post(
        "/api/reference-checks/", {"submission": submission.pk}, format="json"
    )
    assert response.status_code == _expect(role, control=202, staff=403, submitting=403, contributing=403), (
        response.data
    )
    if role != "managing_editor":
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
def test_reference_check_lists_show_a_manuscript_to_its_editors_and_author_only(cast, published, role):
    submission, _ = published
    from editorial.references.services import request_reference_check

    request_reference_check(submission_id=submission.pk, requested_by=None)
    listed = api_for(_visitor(cast, role)).get("/api/reference-checks/", {"submission": submission.pk}).json()
    assert len(listed["results"]) == _expect(role, control=1, staff=0, submitting=1, contributing=0)


# --- Importing over an article ------------------------------------------------------------------------------


def _jats(doi: str) -> bytes:
    return (
        '<article xml:lang="en"><front><journal-meta><issn>2076-7404</issn></journal-meta><article-meta>'
        f'<article-id pub-id-type="doi">{doi}</article-id>'
        "<title-group><article-title>Imported over</article-title></title-group></article-meta></front></article>"
    ).encode()


@pytest.mark.parametrize("role", ROLES)
def test_a_jats_import_over_an_article_needs_a_managing_editor_whose_article_it_is_not(cast, published, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission, article = published
    before = _changes(submission)
    upload = SimpleUploadedFile("article.xml", _jats(article.doi), content_type="application/xml")
    response = api_for(_visitor(cast, role)).post("/api/jats-imports/", {"file": upload}, format="multipart")
    assert response.status_code == _expect(role, control=200, staff=403, submitting=403, contributing=403), getattr(
        response, "data", None
    )
    if role != "managing_editor":
        assert _changes(submission) == before
        article.refresh_from_db()
        assert article.submission.title_en != "Imported over"


@pytest.mark.parametrize("role", ["staff", "managing_editor"])
def test_a_jats_import_of_a_new_article_needs_a_role_in_the_journal(cast, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("article.xml", _jats("10.48015/new-import"), content_type="application/xml")
    response = api_for(_visitor(cast, role)).post("/api/jats-imports/", {"file": upload}, format="multipart")
    assert response.status_code == (201 if role == "managing_editor" else 403)


# --- Production and the editor's pages ---------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_production_page_shows_editor_controls_only_to_an_editor_whose_manuscript_it_is_not(
    client, cast, own, role
):
    submission, _ = own
    client.force_login(_visitor(cast, role))
    response = client.get(reverse("production-page", args=[submission.pk]))
    # The submitting editor takes part as the author (copyedit review, proofs), not as an editor.
    assert response.status_code == _expect(role, control=200, staff=404, submitting=200, contributing=404)
    before = _changes(submission)
    sent = client.post(reverse("production-step", args=[submission.pk, "send-proofs"]))
    assert sent.status_code == _expect(role, control=302, staff=404, submitting=403, contributing=404)
    if role != "managing_editor":
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
def test_production_through_the_api_refuses_the_editor_whose_manuscript_it_is(cast, own, role):
    submission, _ = own
    api = api_for(_visitor(cast, role))
    seen = api.get(f"/api/production/{submission.pk}/")
    assert seen.status_code == _expect(role, control=200, staff=404, submitting=200, contributing=404)
    before = _changes(submission)
    sent = api.post(f"/api/production/{submission.pk}/proofs/", {}, format="json")
    assert sent.status_code == _expect(role, control=200, staff=404, submitting=403, contributing=404), sent.data
    if role != "managing_editor":
        assert _changes(submission) == before


@pytest.mark.parametrize("role", ROLES)
def test_the_editors_submission_page_is_not_for_staff_nor_for_the_manuscripts_own_editors(client, cast, own, role):
    submission, _ = own
    user = _visitor(cast, role)
    client.force_login(user)
    response = client.get(reverse("editor-submission", args=[submission.pk]))
    assert response.status_code == _expect(role, control=200, staff=404, submitting=404, contributing=404)
    listed = api_for(user).get("/api/submissions/").json()["results"]
    assert (submission.pk in {item["id"] for item in listed}) == (role in ("managing_editor", "submitting_editor"))
