"""Text over a limit outside the wizard is refused with its length, never cut: a reviewer's answer
to a journal question, a galley label, and the HTML production page's label input."""

import pytest
from django.urls import reverse

from editorial.models import Galley, ReviewQuestion
from editorial.review.services import reviews
from tests.support.production_fixtures import in_production, pdf_galley
from tests.support.review_fixtures import accepted

pytestmark = pytest.mark.django_db


def test_a_long_answer_to_a_journal_question_is_refused_with_its_length_and_kept(client, cast, review_cast):
    question = ReviewQuestion.objects.create(journal=cast.journal, kind="text", text="What is new here?")
    assignment = accepted(cast, review_cast.submission, review_cast.reviewer)
    client.force_login(review_cast.reviewer)
    answer = "word " * 1300  # 6500 characters
    response = client.post(
        reverse("reviewer-assignment", args=[assignment.pk]),
        {"recommendation": "accept", f"question_{question.pk}": answer, "save": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This answer is 6499 characters; the limit is 5000. Shorten it." in page
    assert answer.strip() in page  # still in the form
    assignment.refresh_from_db()
    review = getattr(assignment, "review", None)
    assert review is None or str(question.pk) not in review.answers


def test_a_galley_label_over_the_limit_is_refused_and_the_page_does_not_cut_it(client, cast, crew):
    submission, article = in_production(cast, crew)
    client.force_login(crew.typesetter)
    page = client.get(reverse("production-page", args=[submission.pk])).content.decode()
    assert 'name="label" maxlength' not in page
    response = client.post(
        reverse("production-step", args=[submission.pk, "upload-galley"]),
        {"file": pdf_galley(), "label": "L" * 60},
        follow=True,
    )
    assert "Label is 60 characters; the limit is 50." in response.content.decode()
    assert Galley.objects.filter(article=article).count() == 1


def test_the_galley_service_refuses_a_long_label_rather_than_cutting_it(cast, crew):
    from django.core.exceptions import ValidationError

    from editorial.production.services import galleys as galley_uploads

    submission, article = in_production(cast, crew)
    with pytest.raises(ValidationError) as refused:
        galley_uploads.upload_galley(
            user=cast.managing_editor, submission_id=submission.pk, upload=pdf_galley(), label="L" * 51
        )
    assert refused.value.message_dict == {"label": ["Label is 51 characters; the limit is 50. Shorten it."]}
    assert Galley.objects.filter(article=article).count() == 1


def test_declining_with_a_long_suggestion_is_refused_not_cut(cast, review_cast):
    from django.core.exceptions import ValidationError

    from tests.support.review_fixtures import invite

    assignment = invite(cast, review_cast.submission, review_cast.reviewer)
    with pytest.raises(ValidationError) as refused:
        reviews.decline_invitation(
            user=review_cast.reviewer, assignment_id=assignment.pk, reason="No time", suggested_alternative="x" * 301
        )
    assert "is 301 characters; the limit is 300" in refused.value.message_dict["suggested_alternative"][0]
    assignment.refresh_from_db()
    assert assignment.state == "invited"
