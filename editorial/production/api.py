"""The production API: one resource per accepted submission (``/api/production/<submission id>/``)
with an action per step. Each action calls the same service as the HTML pages and answers with
the whole production state, so a client never has to guess what changed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from editorial import permissions
from editorial.production.models import Article, ArticleVersion, Copyedit, Galley, ProofRound
from editorial.production.selectors import production_of
from editorial.production.services import (
    copyediting,
    proofs,
    publication,
)
from editorial.production.services import (
    galleys as galley_uploads,
)
from editorial.production.services import (
    versions as article_versions,
)
from editorial.submissions.models import Submission

# --- Shapes -------------------------------------------------------------------------------------------


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()


class CopyeditSerializer(serializers.ModelSerializer):
    copyeditor = serializers.CharField(source="copyeditor.full_name")
    edited_file = serializers.IntegerField(source="edited_file_id", allow_null=True)

    class Meta:
        model = Copyedit
        fields = ["id", "copyeditor", "due_on", "state", "edited_file", "author_corrections", "created_at"]


class GalleySerializer(serializers.ModelSerializer):
    class Meta:
        model = Galley
        fields = ["id", "label", "content_type", "position", "is_primary", "is_approved", "retired_in_version"]


class ProofRoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProofRound
        fields = ["number", "state", "corrections", "sent_at", "answered_at"]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArticleVersion
        fields = ["number", "kind", "note", "created_at"]


class RecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "status",
            "issue",
            "section",
            "first_page",
            "last_page",
            "article_number",
            "position_in_issue",
            "doi",
            "doi_set_by_hand",
            "version",
            "published_on",
            "scheduled_for",
            "notice",
            "corrected_on",
            "retracted_on",
            "checklist_override_reason",
        ]


class DoiStatusSerializer(serializers.Serializer):
    state = serializers.CharField(
        help_text="not_requested, queued, submitted, registered, warning, failed or not_configured"
    )
    label = serializers.CharField(help_text="The state in words, as the editor's panels show it.")


class ProductionSerializer(serializers.Serializer):
    submission = serializers.IntegerField(source="submission.pk")
    state = serializers.CharField(source="submission.state")
    record = RecordSerializer(source="article", allow_null=True)
    status = serializers.CharField(help_text="The record's status in words: Scheduled only while a time is set.")
    doi_frozen = serializers.BooleanField()
    doi_status = DoiStatusSerializer(help_text="The DOI's registration with Crossref, as every panel states it.")
    checklist = ChecklistItemSerializer(many=True)
    copyedits = CopyeditSerializer(many=True)
    galleys = GalleySerializer(many=True)
    proof_rounds = ProofRoundSerializer(many=True)
    versions = VersionSerializer(many=True)


class AssignCopyeditorSerializer(serializers.Serializer):
    copyeditor = serializers.IntegerField(help_text="The Person id of one of the journal's copyeditors.")
    due_on = serializers.DateField()


class CopyeditUploadSerializer(serializers.Serializer):
    copyedit = serializers.IntegerField()
    file = serializers.FileField()


class CopyeditReviewSerializer(serializers.Serializer):
    copyedit = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=["accept", "corrections"])
    corrections = serializers.CharField(required=False, allow_blank=True, default="")


class GalleyUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    label = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)
    position = serializers.IntegerField(required=False, allow_null=True, default=None)


class GalleyApprovalSerializer(serializers.Serializer):
    galley = serializers.IntegerField()
    primary = serializers.BooleanField(required=False, default=False)


class ProofAnswerSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["approve", "corrections"])
    corrections = serializers.CharField(required=False, allow_blank=True, default="")


class RecordInputSerializer(serializers.Serializer):
    issue = serializers.IntegerField(required=False, allow_null=True, default=None)
    section = serializers.IntegerField(required=False, allow_null=True, default=None)
    first_page = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    last_page = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    article_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
    position_in_issue = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Unique in the issue; null places the article after the others, by first page; absent keeps it.",
    )
    doi = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text='Set by hand; "" mints it from the pattern.'
    )


class PublishSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectionSerializer(serializers.Serializer):
    note = serializers.CharField()
    galley = serializers.FileField(required=False, allow_null=True, default=None)
    label = serializers.CharField(required=False, allow_blank=True, default="")


class RetractionSerializer(serializers.Serializer):
    notice = serializers.CharField()


# --- Views --------------------------------------------------------------------------------------------


class ProductionViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Production of an accepted submission: copyedit, galleys, proofs, the publication record,
    publishing (now or scheduled), corrections and retraction. Editors act on all of it; the
    copyeditor uploads the copyedit, typesetters upload galleys, the author reviews and approves."""

    serializer_class = ProductionSerializer
    queryset = Submission.objects.none()

    def get_queryset(self):
        return permissions.production_submissions_for(self.request.user).select_related("journal", "section")

    def retrieve(self, request: Request, pk=None) -> Response:
        return self._answer(self.get_object())

    def _answer(self, submission: Submission) -> Response:
        submission = self.get_queryset().get(pk=submission.pk)
        return Response(ProductionSerializer(production_of(submission)).data)

    def _valid(self, serializer_class, request: Request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=AssignCopyeditorSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def copyeditor(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(AssignCopyeditorSerializer, request)
        copyediting.assign_copyeditor(
            user=request.user,
            submission_id=submission.pk,
            copyeditor_person_id=data["copyeditor"],
            due_on=data["due_on"],
        )
        return self._answer(submission)

    @extend_schema(request=CopyeditUploadSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], url_path="copyedit-upload", parser_classes=[MultiPartParser, FormParser])
    def copyedit_upload(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(CopyeditUploadSerializer, request)
        copyediting.upload_copyedit(
            user=request.user, copyedit_id=_copyedit_of(submission, data["copyedit"]), upload=data["file"]
        )
        return self._answer(submission)

    @extend_schema(request=CopyeditReviewSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], url_path="copyedit-review")
    def copyedit_review(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(CopyeditReviewSerializer, request)
        copyediting.review_copyedit(
            user=request.user,
            copyedit_id=_copyedit_of(submission, data["copyedit"]),
            accept=data["outcome"] == "accept",
            corrections=data["corrections"],
        )
        return self._answer(submission)

    @extend_schema(request=GalleyUploadSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def galleys(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(GalleyUploadSerializer, request)
        galley_uploads.upload_galley(
            user=request.user,
            submission_id=submission.pk,
            upload=data["file"],
            label=data["label"],
            position=data["position"],
        )
        return self._answer(submission)

    @extend_schema(request=GalleyApprovalSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], url_path="galley-approval")
    def galley_approval(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(GalleyApprovalSerializer, request)
        if not Galley.objects.filter(pk=data["galley"], article__submission=submission).exists():
            raise ValidationError({"galley": "This submission has no such galley."})
        galley_uploads.approve_galley(user=request.user, galley_id=data["galley"], primary=data["primary"])
        return self._answer(submission)

    @extend_schema(request=None, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def proofs(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        proofs.send_proofs(user=request.user, submission_id=submission.pk)
        return self._answer(submission)

    @extend_schema(request=ProofAnswerSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], url_path="proofs-answer")
    def proofs_answer(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(ProofAnswerSerializer, request)
        proofs.answer_proofs(
            user=request.user,
            submission_id=submission.pk,
            approve=data["outcome"] == "approve",
            corrections=data["corrections"],
        )
        return self._answer(submission)

    @extend_schema(request=RecordInputSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["put"], parser_classes=[JSONParser, FormParser])
    def record(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = dict(self._valid(RecordInputSerializer, request))
        publication.set_publication_record(
            user=request.user,
            submission_id=submission.pk,
            issue_id=data.pop("issue"),
            section_id=data.pop("section"),
            **data,
        )
        return self._answer(submission)

    @extend_schema(request=PublishSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        """Publish now, or schedule with ``publish_at``; a failing checklist needs ``override_reason``."""
        submission = self.get_object()
        data = self._valid(PublishSerializer, request)
        publication.publish(user=request.user, submission_id=submission.pk, **data)
        return self._answer(submission)

    @extend_schema(request=None, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def unschedule(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        publication.unschedule(user=request.user, submission_id=submission.pk)
        return self._answer(submission)

    @extend_schema(request=CorrectionSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def correct(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(CorrectionSerializer, request)
        article_versions.correct_article(user=request.user, submission_id=submission.pk, **data)
        return self._answer(submission)

    @extend_schema(request=RetractionSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def retract(self, request: Request, pk=None) -> Response:
        submission = self.get_object()
        data = self._valid(RetractionSerializer, request)
        article_versions.retract_article(user=request.user, submission_id=submission.pk, notice=data["notice"])
        return self._answer(submission)


def _copyedit_of(submission: Submission, copyedit_id: int) -> int:
    if not Copyedit.objects.filter(pk=copyedit_id, submission=submission).exists():
        raise ValidationError({"copyedit": "This submission has no such copyedit."})
    return copyedit_id
