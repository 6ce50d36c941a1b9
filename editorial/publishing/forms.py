"""The advanced search form: what a reader may ask, checked, turned into SearchCriteria."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from editorial.journals.models import Journal, Section
from editorial.publishing.selectors.search import SearchCriteria
from editorial.validators import normalize_doi, validate_doi


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label="Words in the title, abstract or keywords", required=False, max_length=300)
    author = forms.CharField(label="Author", required=False, max_length=200)
    year_from = forms.IntegerField(label="From year", required=False, min_value=1665, max_value=2999)
    year_to = forms.IntegerField(label="To year", required=False, min_value=1665, max_value=2999)
    section = forms.ModelChoiceField(label="Section", queryset=Section.objects.none(), required=False)
    doi = forms.CharField(label="DOI", required=False, max_length=255)

    def __init__(self, *args, journal: Journal | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.journal = journal
        sections = Section.objects.select_related("journal").order_by("journal__title", "position", "title")
        if journal is not None:
            sections = sections.filter(journal=journal)
            self.fields["section"].label_from_instance = lambda section: section.title
        else:
            self.fields["section"].label_from_instance = lambda section: f"{section.journal.title}: {section.title}"
        self.fields["section"].queryset = sections

    def clean_doi(self) -> str:
        doi = normalize_doi(self.cleaned_data["doi"])
        if doi:
            try:
                validate_doi(doi)
            except ValidationError:
                raise ValidationError(
                    "This is not a DOI: a DOI looks like 10.48015/2076-7404-2021-13-3-75-111."
                ) from None
        return doi

    def clean(self) -> dict:
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            raise ValidationError("The first year is after the last one; swap them.")
        return data

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            words=data.get("q", "").strip(),
            author=data.get("author", "").strip(),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            section=data.get("section"),
            doi=data.get("doi", ""),
            journal=self.journal,
        )
