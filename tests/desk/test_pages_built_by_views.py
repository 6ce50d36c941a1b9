"""Pages are built by views: the desk's views hand each domain's panel its context (None when the
user may not see it), and no template tag checks permissions, runs selectors or builds forms while
a page renders."""

from django.template import engines
from django.urls import reverse

from editorial.review.services import reviews
from editorial.submissions.services import decisions
from editorial.workflow import State
from tests.support.production_fixtures import in_production
from tests.support.review_fixtures import accepted, full_review
from tests.support.workflow_fixtures import submission_in


def test_the_editor_page_hands_the_review_panel_its_context_and_shows_no_production_before_acceptance(
    client, cast, review_cast
):
    submission = review_cast.submission
    assignment = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    client.force_login(cast.managing_editor)
    response = client.get(reverse("editor-submission", args=[submission.pk]), {"reviewer_q": "Victor"})
    panel = response.context["review_panel"]
    assert [a.pk for _, round_assignments in panel["rounds"] for a in round_assignments] == [assignment.pk]
    assert panel["query"] == "Victor"
    assert [c.person.family_name for c in panel["candidates"]] == ["Second"]
    assert response.context["production_panel"] is None
    assert 'id="production"' not in response.content.decode()
    assert "The argument in section 2 needs a source." in response.content.decode()


def test_the_editor_page_hands_the_production_and_doi_panels_their_context(client, cast, crew):
    submission, article = in_production(cast, crew)
    client.force_login(cast.managing_editor)
    response = client.get(reverse("editor-submission", args=[submission.pk]))
    assert response.context["production_panel"]["article"] == article
    assert response.context["doi_panel"]["not_requested"].label == "Not requested"
    page = response.content.decode()
    assert 'id="production-heading"' in page
    assert 'data-state="not_requested">Not requested</strong>. No deposit yet' in page


def test_the_authors_page_hands_the_reviews_panel_only_the_comments_of_decided_rounds(client, cast, review_cast):
    submission = review_cast.submission
    assignment = accepted(cast, submission, review_cast.reviewer)
    reviews.submit_review(user=review_cast.reviewer, assignment_id=assignment.pk, data=full_review())
    client.force_login(cast.author)
    url = reverse("author-submission", args=[submission.pk])
    before = client.get(url)
    assert before.context["reviews_panel"] is None
    assert "Reviewers' comments" not in before.content.decode()
    decisions.record_decision(user=cast.managing_editor, submission_id=submission.pk, kind="minor_revision")
    after = client.get(url)
    assert [r.comments for r in after.context["reviews_panel"]["reviews"]] == [
        "The argument in section 2 needs a source."
    ]
    page = after.content.decode()
    assert "Reviewers' comments" in page
    assert "Competent but thin" not in page  # the confidential comments stay with the editors


def test_no_template_library_renders_panels_or_includes_templates_that_may_not_exist():
    libraries = engines["django"].engine.template_libraries
    assert "reviews" not in libraries
    assert "production" not in libraries
    for name, library in libraries.items():
        if name.startswith("editorial") or library.__module__.startswith("editorial."):
            assert "include_if_exists" not in library.tags, name
            assert "editor_review_panel" not in library.tags, name
            assert "production_panel" not in library.tags, name


def test_an_editor_sees_an_empty_review_panel_before_anyone_is_invited(client, cast):
    submission = submission_in(cast, State.SUBMITTED)
    client.force_login(cast.managing_editor)
    response = client.get(reverse("editor-submission", args=[submission.pk]))
    assert response.context["review_panel"]["rounds"] == []
    assert "No reviewer invited yet." in response.content.decode()
