"""Serializers: the shapes of the API. They check types; the services check the journal's rules."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.urls import reverse
from rest_framework import serializers

from editorial.journals.models.journals import LANGUAGE_CHOICES
from editorial.submissions.forms import LengthLimitValidator
from editorial.submissions.models import (
    Contributor,
    Decision,
    DecisionKind,
    Event,
    ManuscriptFile,
    Reference,
    Submission,
)
from editorial.submissions.services import contributors as contributor_services


class LimitedText(serializers.CharField):
    """Text with a limit: longer text is refused with its length and the limit, never cut."""

    def __init__(self, *, label: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [
            LengthLimitValidator(self.max_length, label) if isinstance(v, MaxLengthValidator) else v
            for v in self.validators
        ]


class ContributorSerializer(serializers.ModelSerializer):
    affiliation = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    country = serializers.CharField(required=False, allow_blank=True, max_length=2, default="")
    submission = serializers.PrimaryKeyRelatedField(queryset=Submission.objects.all())

    class Meta:
        model = Contributor
        fields = [
            "id",
            "submission",
            "position",
            "given_names",
            "family_name",
            "given_names_en",
            "family_name_en",
            "email",
            "orcid",
            "affiliation",
            "country",
            "bio",
            "is_corresponding",
        ]
        read_only_fields = ["position"]
        # The services validate names, e-mail and ORCID with messages in the author's terms; the
        # names they cannot do without are required here, so that leaving one out is a 400 naming it.
        extra_kwargs = (
            {
                name: {"validators": [], "required": False, "allow_blank": True}
                for name in ("given_names_en", "family_name_en", "email", "bio")
            }
            | {
                name: {"validators": [], "required": True, "allow_blank": True}
                for name in contributor_services.REQUIRED_FIELDS
            }
            | {"orcid": {"validators": [], "required": False, "allow_blank": True, "max_length": 60}}
        )

    def to_representation(self, instance: Contributor) -> dict:
        data = super().to_representation(instance)
        affiliation = next(iter(instance.affiliations.all()), None)
        data["affiliation"] = affiliation.institution if affiliation else ""
        data["country"] = affiliation.country.code if affiliation and affiliation.country else ""
        return data


class NestedContributorSerializer(ContributorSerializer):
    class Meta(ContributorSerializer.Meta):
        fields = [name for name in ContributorSerializer.Meta.fields if name != "submission"]

    submission = None


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "round", "kind", "subject", "letter", "revision_due", "decided_by", "decided_at"]


class SubmissionSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    contributors = NestedContributorSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    keywords_en = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = Submission
        fields = [
            "id",
            "journal",
            "section",
            "state",
            "state_label",
            "language",
            "title",
            "abstract",
            "keywords",
            "title_en",
            "abstract_en",
            "keywords_en",
            "originality_declared",
            "no_competing_interests",
            "competing_interests",
            "submitter",
            "handling_editor",
            "current_round",
            "revision_due",
            "submitted_at",
            "state_changed_at",
            "contributors",
            "decisions",
        ]
        read_only_fields = [
            "state",
            "submitter",
            "handling_editor",
            "current_round",
            "revision_due",
            "submitted_at",
            "state_changed_at",
        ]
        extra_kwargs = {
            "journal": {"required": True},
            "title": {"required": False},
            "abstract": {"required": False},
        }


class SubmissionUpdateSerializer(serializers.Serializer):
    """What the author may change in a draft; omitted fields keep their values."""

    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)
    title = LimitedText(label="Title", max_length=500, allow_blank=True, required=False)
    abstract = serializers.CharField(allow_blank=True, required=False)
    keywords = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    title_en = LimitedText(label="Title in English", max_length=500, allow_blank=True, required=False)
    abstract_en = serializers.CharField(allow_blank=True, required=False)
    keywords_en = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    section = serializers.IntegerField(allow_null=True, required=False)
    originality_declared = serializers.BooleanField(required=False)
    no_competing_interests = serializers.BooleanField(required=False)
    competing_interests = serializers.CharField(allow_blank=True, required=False)


class SubmissionCreateSerializer(SubmissionUpdateSerializer):
    journal = serializers.IntegerField()


class FileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ManuscriptFile
        fields = [
            "id",
            "submission",
            "round",
            "kind",
            "version",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, instance: ManuscriptFile) -> str:
        return reverse("file-download", args=[instance.pk])


class FileUploadSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ManuscriptFile.Kind.choices, default=ManuscriptFile.Kind.MANUSCRIPT)
    file = serializers.FileField()


class ReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = [
            "id",
            "submission",
            "position",
            "raw_text",
            "doi",
            "first_author",
            "authors",
            "year",
            "title",
            "container",
            "volume",
            "issue",
            "pages",
            "url",
        ]
        read_only_fields = fields


class ReferencesInputSerializer(serializers.Serializer):
    """Either the pasted list (``text``) or the corrected references in order (``items``)."""

    text = serializers.CharField(required=False, allow_blank=True)
    items = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)

    def validate(self, attrs: dict) -> dict:
        if ("text" in attrs) == ("items" in attrs):
            raise serializers.ValidationError("Send either text (the pasted list) or items (the corrected list).")
        return attrs


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    action = serializers.ChoiceField(choices=Event.Action.choices, read_only=True)

    class Meta:
        model = Event
        fields = ["id", "submission", "action", "from_state", "to_state", "note", "actor", "created_at"]
        read_only_fields = fields


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssignEditorSerializer(serializers.Serializer):
    editor = serializers.IntegerField(help_text="The id of the Person who will handle the submission.")


class ScreenSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("send_to_review", "Send to review"), ("desk_reject", "Desk reject")])
    letter = serializers.CharField(required=False, allow_blank=True, default="")
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[k for k in DecisionKind.choices if k[0] != DecisionKind.DESK_REJECT])
    letter = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None, help_text="Omit to send the drafted letter."
    )
    subject = serializers.CharField(required=False, allow_blank=True, default="")
    revision_due = serializers.DateField(required=False, allow_null=True, default=None)


class DueDateSerializer(serializers.Serializer):
    revision_due = serializers.DateField()


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)


class ReopenSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class RevisionSerializer(serializers.Serializer):
    manuscript = serializers.FileField(required=False, allow_null=True, default=None)
    response_to_reviewers = serializers.CharField(allow_blank=True, required=False, default="")
    response_file = serializers.FileField(required=False, allow_null=True, default=None)


class LetterDraftSerializer(serializers.Serializer):
    subject = serializers.CharField()
    letter = serializers.CharField()
