"""The production forms of the submission page and the production page. They check types; the
services check the journal's rules."""

from __future__ import annotations

from django import forms

from editorial.submissions.forms import refuse_instead_of_cutting


class Form(forms.Form):
    """Text over a field's limit is refused with its length, never cut by the browser."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        refuse_instead_of_cutting(self)


class AssignCopyeditorForm(Form):
    copyeditor = forms.ModelChoiceField(queryset=None, label="Copyeditor")
    due_on = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, copyeditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copyeditor"].queryset = copyeditors


class FileForm(Form):
    file = forms.FileField(label="File")


# Consequential choices have no default: the answer is what the person chose, never what was pre-selected.
COPYEDIT_OUTCOMES = [("accept", "Accept the copyedit"), ("corrections", "Send corrections")]
PROOF_OUTCOMES = [("approve", "Approve the proofs"), ("corrections", "Send corrections")]


def _no_default_choice(choices, question: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": question, "invalid_choice": question},
    )


class CopyeditReviewForm(Form):
    outcome = _no_default_choice(COPYEDIT_OUTCOMES, "Choose whether you accept the copyedit or send corrections.")
    corrections = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class GalleyForm(Form):
    file = forms.FileField(label="Galley file (PDF, HTML or JATS XML)")
    label = forms.CharField(required=False, max_length=50, label="Label")
    position = forms.IntegerField(required=False, min_value=1, label="Order")


class GalleyApprovalForm(Form):
    galley = forms.IntegerField(widget=forms.HiddenInput)
    primary = forms.BooleanField(required=False, label="Primary (citation_pdf_url)")


class ProofAnswerForm(Form):
    outcome = _no_default_choice(PROOF_OUTCOMES, "Choose whether you approve the proofs or send corrections.")
    corrections = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RecordForm(Form):
    issue = forms.ModelChoiceField(queryset=None, required=False)
    section = forms.ModelChoiceField(queryset=None, required=False)
    first_page = forms.CharField(required=False, max_length=20)
    last_page = forms.CharField(required=False, max_length=20)
    article_number = forms.CharField(required=False, max_length=30)
    position_in_issue = forms.IntegerField(
        min_value=1,
        required=False,
        label="Order in the issue",
        help_text="Unique in the issue. Leave it empty to place the article after the others, by first page.",
    )
    doi = forms.CharField(
        required=False, max_length=255, label="DOI", help_text="Leave empty to mint it from the journal's pattern."
    )

    def __init__(self, *args, issues, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = issues
        self.fields["section"].queryset = sections


class PublishForm(Form):
    publish_at = forms.DateTimeField(
        required=False,
        label="Publish at (empty: now)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    override_reason = forms.CharField(required=False, label="Override the checklist, because", max_length=1000)


class CorrectionForm(Form):
    note = forms.CharField(label="Public correction note", widget=forms.Textarea(attrs={"rows": 3}))
    galley = forms.FileField(required=False, label="Corrected galley (optional)")


class RetractionForm(Form):
    notice = forms.CharField(label="Retraction notice", widget=forms.Textarea(attrs={"rows": 3}))
