"""HTML forms of peer review. They parse and present; ``services.reviews`` validates and saves."""

from __future__ import annotations

from django import forms

from editorial.review.models import BlindMode, Recommendation, Review, ReviewQuestion
from editorial.review.services.reviews import ReviewInput
from editorial.submissions.forms import Form
from editorial.submissions.services.files import ACCEPTED_LABELS


class DeclineForm(Form):
    reason = forms.CharField(
        label="Why you decline", widget=forms.Textarea(attrs={"rows": 3}), help_text="E.g. no time, outside my field."
    )
    suggested_alternative = forms.CharField(
        label="Someone we could ask instead (optional)", required=False, max_length=300, help_text="Name and e-mail."
    )


class ReviewForm(Form):
    """The reviewer's form: built for a phone, one column, questions of the journal appended."""

    recommendation = forms.ChoiceField(
        label="Recommendation", choices=[("", "Choose..."), *Recommendation.choices], required=False
    )
    comments_to_author = forms.CharField(
        label="Comments to the author",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="The author reads these once the editor has decided.",
    )
    confidential_comments = forms.CharField(
        label="Confidential comments to the editor",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Only the editors read these; the author never does.",
    )
    attachment = forms.FileField(
        label="Annotated manuscript (optional)", required=False, help_text=f"{ACCEPTED_LABELS}."
    )
    no_competing_interests = forms.BooleanField(label="I have no competing interests with this work.", required=False)
    competing_interests = forms.CharField(
        label="Competing interests",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="If you have any, describe them.",
    )

    def __init__(self, *args, questions: list[ReviewQuestion], review: Review | None = None, **kwargs) -> None:
        if review is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = self.initial_for(review)
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)
        if review is not None and review.state == Review.State.SUBMITTED:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def initial_for(review: Review) -> dict:
        initial = {
            "recommendation": review.recommendation,
            "comments_to_author": review.comments_to_author,
            "confidential_comments": review.confidential_comments,
            "no_competing_interests": review.no_competing_interests,
            "competing_interests": review.competing_interests,
        }
        return initial | {f"question_{key}": value for key, value in review.answers.items()}

    def review_input(self) -> ReviewInput:
        data = self.cleaned_data
        return ReviewInput(
            recommendation=data["recommendation"],
            comments_to_author=data["comments_to_author"],
            confidential_comments=data["confidential_comments"],
            no_competing_interests=data["no_competing_interests"],
            competing_interests=data["competing_interests"],
            answers={str(q.pk): data.get(f"question_{q.pk}", "") for q in self.questions},
            attachment=data.get("attachment"),
        )


def _question_field(question: ReviewQuestion) -> forms.Field:
    label = question.text + ("" if question.required else " (optional)")
    if question.kind == ReviewQuestion.Kind.SCALE:
        choices = [("", "Choose...")] + [(str(n), str(n)) for n in range(1, question.scale_max + 1)]
        return forms.ChoiceField(
            label=label, choices=choices, required=False, help_text=f"1 (low) to {question.scale_max} (high)."
        )
    if question.kind == ReviewQuestion.Kind.YES_NO:
        return forms.ChoiceField(label=label, choices=[("", "Choose..."), ("yes", "Yes"), ("no", "No")], required=False)
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=False)


class InviteForm(Form):
    reviewer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    email = forms.EmailField(label="E-mail of a new reviewer", required=False)
    given_names = forms.CharField(label="Given names", required=False, max_length=150)
    family_name = forms.CharField(label="Family name", required=False, max_length=150)
    due_date = forms.DateField(
        label="Review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: the journal's usual time.",
    )


class DueDateForm(Form):
    due_date = forms.DateField(label="New due date", widget=forms.DateInput(attrs={"type": "date"}))


class RateForm(Form):
    rating = forms.TypedChoiceField(
        label="Quality of the review",
        coerce=int,
        choices=[(n, f"{n}") for n in range(1, 6)],
        help_text="1 poor, 5 excellent.",
    )


class BlindModeForm(Form):
    blind_mode = forms.ChoiceField(
        label="Blind mode for this submission", choices=[("", "As the journal"), *BlindMode.choices], required=False
    )
