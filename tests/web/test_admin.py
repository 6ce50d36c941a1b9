"""The admin is usable by an editor: every model listed, searchable, with ordered inlines."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import Submission
from tests.support.factories import (
    ArticleFactory,
    ContributorFactory,
    IssueFactory,
    ReferenceFactory,
    SubmissionFactory,
    UserFactory,
)


@pytest.fixture
def admin_client_logged_in(client):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def editorial_models():
    return [model for model in admin.site._registry if model._meta.app_label == "editorial"]


def test_every_editorial_model_is_in_the_admin():
    from django.apps import apps

    registered = set(editorial_models())
    assert set(apps.get_app_config("editorial").get_models()) == registered


@pytest.mark.django_db
def test_every_changelist_and_add_page_opens_and_searches(admin_client_logged_in):
    ArticleFactory()
    for model in editorial_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client_logged_in.get(changelist).status_code == 200, changelist
        assert admin_client_logged_in.get(changelist, {"q": "Korolev"}).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        # 403 where rows are written only by the system (events, the outbox).
        assert admin_client_logged_in.get(add).status_code in (200, 403), add


def changelist_queries(client) -> dict[str, int]:
    counts = {}
    for model in editorial_models():
        opts = model._meta
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
        counts[opts.model_name] = len(queries)
    return counts


@pytest.mark.django_db
def test_no_changelist_reads_more_with_more_issues_and_articles(admin_client_logged_in):
    """The lists and their filters read related rows together (the article list's issue filter read
    each issue's journal on its own, and the "deposit now" action posts to that list)."""
    ArticleFactory()
    few = changelist_queries(admin_client_logged_in)
    for _ in range(5):
        ArticleFactory(issue=IssueFactory())
    assert changelist_queries(admin_client_logged_in) == few


@pytest.mark.django_db
def test_submission_search_finds_by_author_name(admin_client_logged_in):
    wanted = SubmissionFactory(title_en="Balances of Power")
    ContributorFactory(submission=wanted, family_name="Korolev")
    SubmissionFactory(title_en="Something else")
    url = reverse("admin:editorial_submission_changelist")
    response = admin_client_logged_in.get(url, {"q": "Korolev"})
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_submission_page_lists_contributors_and_references_in_order(admin_client_logged_in):
    submission = SubmissionFactory()
    ContributorFactory(submission=submission, position=2, family_name="Second")
    ContributorFactory(submission=submission, position=1, family_name="First")
    ReferenceFactory(submission=submission, position=2, raw_text="Reference number two")
    ReferenceFactory(submission=submission, position=1, raw_text="Reference number one")
    response = admin_client_logged_in.get(reverse("admin:editorial_submission_change", args=[submission.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('value="First"') < html.index('value="Second"')
    assert html.index("Reference number one") < html.index("Reference number two")


@pytest.mark.django_db
def test_the_workflow_state_cannot_be_edited_in_the_admin(admin_client_logged_in):
    submission = SubmissionFactory()
    url = reverse("admin:editorial_submission_change", args=[submission.pk])
    form = admin_client_logged_in.get(url).context["adminform"].form
    assert "state" not in form.fields
    assert Submission.objects.get(pk=submission.pk).state == "draft"


@pytest.mark.django_db
def test_the_article_list_filters_by_issue_named_with_its_journal(admin_client_logged_in):
    wanted, other = ArticleFactory(), ArticleFactory(issue=IssueFactory())
    changelist = reverse("admin:editorial_article_changelist")
    page = admin_client_logged_in.get(changelist).content.decode()
    assert str(wanted.issue) in page
    assert str(other.issue) in page
    filtered = admin_client_logged_in.get(changelist, {"issue__id__exact": wanted.issue_id})
    assert list(filtered.context["cl"].result_list) == [wanted]
