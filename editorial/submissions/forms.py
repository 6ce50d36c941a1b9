"""HTML forms for the workflow pages. They parse and present; the services validate and save.

A service's ``ValidationError`` is keyed by field; ``editorial.web.outcomes.show_errors`` puts
each message next to its field, and anything the form has no field for at the top of the form.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django_countries import countries

from editorial.journals.models import Journal, Person, Section
from editorial.journals.models.journals import LANGUAGE_CHOICES
from editorial.submissions.models import DecisionKind, ManuscriptFile, Submission
from editorial.submissions.services.files import ACCEPTED_LABELS


def length_message(label: str, length: int, limit: int) -> str:
    """What a too-long text says: how long it is and how long it may be."""
    return f"{label} is {length} characters; the limit is {limit}. Shorten it."


class LengthLimitValidator(MaxLengthValidator):
    """A length limit that says the field's name, the length and the limit."""

    def __init__(self, limit: int, label: str = "This text") -> None:
        super().__init__(limit)
        self.label = label

    def __call__(self, value) -> None:
        if value is not None and len(value) > self.limit_value:
            raise ValidationError(
                length_message(self.label, len(value), self.limit_value),
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": len(value)},
            )


def refuse_instead_of_cutting(form: forms.Form) -> None:
    """Text fields keep everything typed and refuse it when it is too long.

    A ``maxlength`` attribute makes the browser drop what is typed or pasted past the limit,
    silently; the limit is checked on the server instead, with a message saying the length.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.CharField) or field.max_length is None:
            continue
        field.widget.attrs.pop("maxlength", None)
        label = str(field.label or "This text")
        field.validators = [
            LengthLimitValidator(field.max_length, label) if isinstance(v, MaxLengthValidator) else v
            for v in field.validators
        ]


class Form(forms.Form):
    """Labels without a trailing colon: screen readers read them, and "Title" matches "Title".

    Text fields with a limit refuse longer text with a message; they never cut it."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        refuse_instead_of_cutting(self)


def split_keywords(text: str) -> list[str]:
    """Keywords as typed: separated by semicolons, or by commas when there is no semicolon."""
    separator = ";" if ";" in text else ","
    return [word.strip() for word in text.split(separator) if word.strip()]


class StartSubmissionForm(Form):
    journal = forms.ModelChoiceField(queryset=Journal.objects.order_by("title"), empty_label=None)


class MetadataForm(Form):
    section = forms.ModelChoiceField(queryset=Section.objects.none(), required=False)
    language = forms.ChoiceField(label="Language of the manuscript", choices=LANGUAGE_CHOICES)
    title = forms.CharField(label="Title", max_length=500, required=False)
    abstract = forms.CharField(label="Abstract", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    keywords = forms.CharField(label="Keywords", required=False, help_text="Separated by semicolons.")
    title_en = forms.CharField(
        label="Title in English", max_length=500, required=False, help_text="When the manuscript is not in English."
    )
    abstract_en = forms.CharField(label="Abstract in English", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    keywords_en = forms.CharField(label="Keywords in English", required=False, help_text="Separated by semicolons.")

    def __init__(self, *args, submission: Submission, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = submission.journal.sections.filter(is_active=True)
        self.fields["section"].empty_label = "Choose a section"

    @staticmethod
    def initial_for(submission: Submission) -> dict[str, object]:
        # Older English records keep the title only in the English fields.
        english_only = submission.is_english and not submission.title
        return {
            "section": submission.section_id,
            "language": submission.language,
            "title": submission.title_en if english_only else submission.title,
            "abstract": submission.abstract_en if english_only and not submission.abstract else submission.abstract,
            "keywords": "; ".join(submission.keywords or (submission.keywords_en if english_only else [])),
            "title_en": "" if english_only else submission.title_en,
            "abstract_en": "" if english_only else submission.abstract_en,
            "keywords_en": "" if english_only else "; ".join(submission.keywords_en),
        }

    def service_arguments(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "language": data["language"],
            "title": data["title"],
            "abstract": data["abstract"],
            "keywords": split_keywords(data["keywords"]),
            "title_en": data["title_en"],
            "abstract_en": data["abstract_en"],
            "keywords_en": split_keywords(data["keywords_en"]),
            "section_id": data["section"].pk if data["section"] else None,
        }


class ContributorForm(Form):
    given_names = forms.CharField(label="Given names", max_length=150, required=False)
    family_name = forms.CharField(label="Family name", max_length=150, required=False)
    email = forms.CharField(label="E-mail", max_length=254, required=False)
    orcid = forms.CharField(
        label="ORCID iD", max_length=40, required=False, help_text="e.g. 0000-0002-1825-0097 or https://orcid.org/..."
    )
    affiliation = forms.CharField(label="Affiliation (institution)", max_length=300, required=False)
    country = forms.ChoiceField(label="Country", choices=[("", "-")], required=False)
    bio = forms.CharField(
        label="Short biography", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Position, degree."
    )
    is_corresponding = forms.BooleanField(label="Corresponding author", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "-"), *countries]

    @staticmethod
    def initial_for(contributor) -> dict[str, object]:
        affiliation = next(iter(contributor.affiliations.all()), None)
        return {
            "given_names": contributor.given_names,
            "family_name": contributor.family_name,
            "email": contributor.email,
            "orcid": contributor.orcid,
            "affiliation": affiliation.institution if affiliation else "",
            "country": affiliation.country.code if affiliation and affiliation.country else "",
            "bio": contributor.bio,
            "is_corresponding": contributor.is_corresponding,
        }


class FileUploadForm(Form):
    kind = forms.ChoiceField(
        label="What the file is",
        choices=[(k.value, k.label) for k in ManuscriptFile.Kind if k != ManuscriptFile.Kind.RESPONSE],
    )
    file = forms.FileField(label="File", required=False, help_text=f"{ACCEPTED_LABELS}.")


class ReferencesPasteForm(Form):
    text = forms.CharField(
        label="Paste the reference list",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Numbered (1. 2. 3. or [1] [2]) or one reference per line.",
    )


class DeclarationsForm(Form):
    originality_declared = forms.BooleanField(
        label="The work is original, has not been published and is not under consideration elsewhere.",
        required=False,
    )
    no_competing_interests = forms.BooleanField(label="The authors have no competing interests.", required=False)
    competing_interests = forms.CharField(
        label="Competing interests statement",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="If there are competing interests, describe them here.",
    )


class RevisionForm(Form):
    manuscript = forms.FileField(label="Revised manuscript", required=False, help_text=f"{ACCEPTED_LABELS}.")
    response_to_reviewers = forms.CharField(
        label="Response to the reviewers", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    response_file = forms.FileField(
        label="Response as a file (optional)", required=False, help_text=f"{ACCEPTED_LABELS}."
    )


class WithdrawForm(Form):
    reason = forms.CharField(label="Reason (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AssignEditorForm(Form):
    editor = forms.ModelChoiceField(label="Handling editor", queryset=Person.objects.none())

    def __init__(self, *args, editors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["editor"].queryset = editors


class DecisionForm(Form):
    # No decision is pre-selected: the editor chooses one, and sending without a choice is refused.
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("", "Choose a decision"),
            *((k.value, k.label) for k in DecisionKind if k != DecisionKind.DESK_REJECT),
        ],
        error_messages={"required": "Choose the decision: accept, minor revision, major revision or reject."},
    )
    revision_due = forms.DateField(
        label="Revision due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For a revision only.",
    )
    subject = forms.CharField(label="Subject", max_length=300)
    letter = forms.CharField(label="Letter to the author", widget=forms.Textarea(attrs={"rows": 18}), required=False)


class DeskRejectForm(Form):
    subject = forms.CharField(label="Subject", max_length=300)
    letter = forms.CharField(label="Letter to the author", widget=forms.Textarea(attrs={"rows": 14}), required=False)


class DueDateForm(Form):
    revision_due = forms.DateField(label="Revision due", widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(Form):
    text = forms.CharField(label="Internal note (editors only)", widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(Form):
    note = forms.CharField(label="Why reopen", required=False)


class SendToReviewForm(Form):
    note = forms.CharField(label="Note (optional)", required=False)
