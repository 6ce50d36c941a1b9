"""The editor's submission page costs a fixed number of queries, asserted here and only here: the view
hands every panel (reviews, reference check, DOI registration, production) its context, and no
template tag runs a query of its own while the page renders."""

from django.urls import reverse

from editorial.models import Article, DoiRegistration
from editorial.production.services import copyediting, publication
from editorial.production.services import galleys as galley_uploads
from editorial.review.services import reviews
from editorial.submissions.services import decisions, submissions
from editorial.workflow import State
from tests.support.production_fixtures import due_in, pdf_galley
from tests.support.review_fixtures import accepted, full_review
from tests.support.security_world import (
    REFERENCE_WITHOUT_DOI,
    SUGGESTED,
    run_reference_check,
    submission_with_references,
)
from tests.support.workflow_fixtures import make_pdf, upload

# The user and their roles, the submission with its files, contributors, decisions, events and
# e-mails, the review panel (assignments, questions, blind mode, reviewer files), the reference
# check, the DOI registration with its history, and the production panel with its forms' choices.
PAGE_QUERIES = 28


def _two_rounds_of_review(cast, review_cast, submission) -> None:
    """Two reviewers report on round 1, the author revises (round 2's files), both report again,
    and a third reviewer is invited by e-mail and never answers."""
    editor = cast.managing_editor
    for reviewer in (review_cast.reviewer, review_cast.other_reviewer):
        assignment = accepted(cast, submission, reviewer)
        reviews.submit_review(user=reviewer, assignment_id=assignment.pk, data=full_review())
    decisions.record_decision(user=editor, submission_id=submission.pk, kind="major_revision")
    submissions.submit_revision(
        user=cast.author,
        submission_id=submission.pk,
        manuscript=upload(make_pdf("Revised")),
        response_to_reviewers="We revised section 2.",
        response_file=upload(make_pdf("Point by point"), "response.pdf"),
    )
    decisions.send_to_review(user=editor, submission_id=submission.pk)
    reviews.invite_reviewer(user=editor, submission_id=submission.pk, email="late@example.com", family_name="Late")
    for reviewer in (review_cast.reviewer, review_cast.other_reviewer):
        assignment = accepted(cast, submission, reviewer)
        reviews.submit_review(user=reviewer, assignment_id=assignment.pk, data=full_review(recommendation="accept"))


def _published_with_a_deposit(cast, crew, submission) -> Article:
    editor = cast.managing_editor
    decisions.record_decision(user=editor, submission_id=submission.pk, kind="accept")
    copyediting.assign_copyeditor(
        user=editor, submission_id=submission.pk, copyeditor_person_id=crew.copyeditor.person.pk, due_on=due_in(7)
    )
    galley = galley_uploads.upload_galley(user=editor, submission_id=submission.pk, upload=pdf_galley(), label="PDF")
    galley_uploads.approve_galley(user=editor, galley_id=galley.pk, primary=True)
    publication.set_publication_record(
        user=editor,
        submission_id=submission.pk,
        issue_id=crew.issue.pk,
        section_id=cast.section.pk,
        first_page="75",
        last_page="111",
    )
    return publication.publish(user=editor, submission_id=submission.pk)  # its DOI's deposit is queued


def test_the_editors_submission_page_takes_a_fixed_number_of_queries_with_every_panel_full(
    client, cast, review_cast, crew, settings, django_assert_max_num_queries
):
    submission = submission_with_references(
        cast, State.UNDER_REVIEW, title="Alliances", references=[REFERENCE_WITHOUT_DOI, "Walt S. 1987. Origins."]
    )
    run_reference_check(settings, submission, [SUGGESTED])
    _two_rounds_of_review(cast, review_cast, submission)
    article = _published_with_a_deposit(cast, crew, submission)
    client.force_login(cast.managing_editor)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("editor-submission", args=[submission.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card assignment-submitted"') == 4  # two reviewers, two rounds
    assert "Late" in page  # the invitation never answered
    assert "<h3>Round 2</h3>" in page
    assert "<h3>Round 1</h3>" in page
    assert 'id="reference-check"' in page
    registration = DoiRegistration.objects.get(article=article)
    assert f'data-doi="{registration.doi}"' in page
    assert 'id="production-heading"' in page
