"""The editor's dashboard: queues with counts, filters, search, sorting, pages, and a query count
that does not grow with the number of submissions."""

from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.desk.selectors import PAGE_SIZE
from editorial.models import Contributor, Submission
from editorial.workflow import State
from tests.support.factories import SectionFactory
from tests.support.workflow_fixtures import days_ago, submission_in


def queue_counts(response) -> dict[str, int]:
    return {queue.slug: count for queue, count in response.context["board"].counts}


def listed_titles(response) -> list[str]:
    return [submission.title for submission in response.context["board"].page.object_list]


def test_each_queue_counts_the_submissions_waiting_in_it(client, cast):
    for state in (State.SUBMITTED, State.SUBMITTED, State.UNDER_REVIEW, State.REVISION_REQUESTED):
        submission_in(cast, state)
    submission_in(cast, State.RESUBMITTED)
    submission_in(cast, State.ACCEPTED)
    submission_in(cast, State.IN_PRODUCTION)
    submission_in(cast, State.DRAFT)  # the author's alone
    submission_in(cast, State.PUBLISHED)  # in no queue
    client.force_login(cast.managing_editor)
    response = client.get(reverse("editor-dashboard"))
    assert queue_counts(response) == {
        "new": 2,
        "needs_reviewers": 1,
        "reviews_overdue": 0,
        "awaiting_decision": 1,
        "revisions_due": 1,
        "in_production": 2,
    }
    assert response.context["board"].page.paginator.count == 8
    revisions = client.get(reverse("editor-dashboard"), {"queue": "revisions_due"})
    assert [s.state for s in revisions.context["board"].page.object_list] == [State.REVISION_REQUESTED]


def test_an_editor_of_another_journal_sees_none_of_these(client, cast):
    submission_in(cast, State.SUBMITTED)
    client.force_login(cast.other_editor)
    response = client.get(reverse("editor-dashboard"))
    assert set(queue_counts(response).values()) == {0}
    assert listed_titles(response) == []


def test_the_handling_editor_sees_only_what_is_assigned_to_them(client, cast):
    submission_in(cast, State.SUBMITTED, title="Assigned")
    from editorial.submissions.services.submissions import submit_submission
    from tests.support.workflow_fixtures import ready_draft

    submit_submission(user=cast.author, submission_id=ready_draft(cast, title="Unassigned").pk)
    client.force_login(cast.handling_editor)
    assert listed_titles(client.get(reverse("editor-dashboard"))) == ["Assigned"]


def test_filters_by_section_editor_and_state_and_search_by_title_author_or_number(client, cast):
    reviews = SectionFactory(journal=cast.journal, title="Book Reviews")
    first = submission_in(cast, State.SUBMITTED, title="Energy diplomacy in the Arctic")
    second = submission_in(cast, State.UNDER_REVIEW, title="Sanctions and trade")
    Submission.objects.filter(pk=second.pk).update(section=reviews, handling_editor=None)
    Contributor.objects.filter(submission=second).update(family_name="Korolev")
    client.force_login(cast.managing_editor)
    url = reverse("editor-dashboard")

    assert listed_titles(client.get(url, {"section": reviews.pk})) == ["Sanctions and trade"]
    assert listed_titles(client.get(url, {"editor": "none"})) == ["Sanctions and trade"]
    assert listed_titles(client.get(url, {"editor": cast.handling_editor.person.pk})) == [first.title]
    assert listed_titles(client.get(url, {"state": "submitted"})) == [first.title]
    assert listed_titles(client.get(url, {"q": "arctic"})) == [first.title]
    assert listed_titles(client.get(url, {"q": "korol"})) == ["Sanctions and trade"]
    assert listed_titles(client.get(url, {"q": f"#{second.pk}"})) == ["Sanctions and trade"]
    malformed = client.get(url, {"state": "no-such-state", "section": "x", "editor": "y", "queue": "z"})
    assert set(listed_titles(malformed)) == {first.title, second.title}  # ignored, not an error


def test_sorting_by_days_in_the_current_state(client, cast):
    for title, days in (("Recent", 1), ("Oldest", 30), ("Middle", 10)):
        submission = submission_in(cast, State.SUBMITTED, title=title)
        Submission.objects.filter(pk=submission.pk).update(state_changed_at=days_ago(days))
    client.force_login(cast.managing_editor)
    url = reverse("editor-dashboard")
    assert listed_titles(client.get(url)) == ["Oldest", "Middle", "Recent"]
    assert listed_titles(client.get(url, {"sort": "shortest"})) == ["Recent", "Middle", "Oldest"]
    page = client.get(url).content.decode()
    assert '<td data-label="Days in state">30</td>' in page


def _bulk_submissions(cast, count: int, *, start: int = 0) -> None:
    """Many rows at once, in every dashboard state, each with two authors (test data, not a workflow)."""
    states = cycle(
        [
            State.SUBMITTED,
            State.UNDER_REVIEW,
            State.REVISION_REQUESTED,
            State.RESUBMITTED,
            State.ACCEPTED,
            State.IN_PRODUCTION,
        ]
    )
    rows = Submission.objects.bulk_create(
        Submission(
            journal=cast.journal,
            section=cast.section,
            state=next(states),
            title=f"Paper {start + number}",
            submitter=cast.author,
            handling_editor=cast.handling_editor.person if number % 2 else None,
            state_changed_at=days_ago(number % 50),
            submitted_at=days_ago(60),
        )
        for number in range(count)
    )
    Contributor.objects.bulk_create(
        Contributor(submission=row, position=position, given_names="Anna", family_name=f"Author{position}")
        for row in rows
        for position in (1, 2)
    )


def _queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("editor-dashboard"), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"queue": "new", "q": "Paper", "sort": "shortest"}, {"editor": "none", "page": "2"}],
    ids=["plain", "queue-search-sort", "unassigned-page-2"],
)
def test_the_dashboard_costs_the_same_queries_with_5_and_with_500_submissions(client, cast, params):
    client.force_login(cast.managing_editor)
    _bulk_submissions(cast, 5)
    with_5 = _queries_for(client, params)
    _bulk_submissions(cast, 495, start=5)
    with_500 = _queries_for(client, params)
    assert with_500 == with_5
    assert with_5 <= 10
    response = client.get(reverse("editor-dashboard"))
    assert sum(queue_counts(response).values()) == 500
    assert len(response.context["board"].page.object_list) == PAGE_SIZE


def test_pages_keep_the_filters_in_their_links(client, cast):
    _bulk_submissions(cast, PAGE_SIZE + 5)
    client.force_login(cast.managing_editor)
    first = client.get(reverse("editor-dashboard"), {"q": "Paper"})
    assert 'href="?q=Paper&amp;page=2"' in first.content.decode()
    second = client.get(reverse("editor-dashboard"), {"q": "Paper", "page": 2})
    assert len(second.context["board"].page.object_list) == 5
    beyond = client.get(reverse("editor-dashboard"), {"page": 99})
    assert beyond.context["board"].page.number == 2
