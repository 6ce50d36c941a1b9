"""Reference checks in the API: run one, read the latest report, apply a suggested DOI.

Editors of the submission's journal (and staff) may do all three; the submitting author may read.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from editorial import permissions
from editorial.query_params import parse_id
from editorial.references import services as reference_checks
from editorial.references.models import ReferenceCheck, ReferenceCheckResult
from editorial.references.selectors import reference_check_report, visible_reference_checks
from editorial.submissions.models import Submission


class ReferenceCheckResultSerializer(serializers.ModelSerializer):
    doi = serializers.CharField(source="cited_doi", help_text="The DOI as cited (or the malformed text).")
    status_label = serializers.CharField()
    reference = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ReferenceCheckResult
        fields = [
            "id", "position", "status", "status_label", "doi", "detail", "disagreements",
            "suggested_doi", "registered", "applied_at", "reference", "raw_text",
        ]  # fmt: skip
        read_only_fields = fields


class ReferenceCheckSerializer(serializers.ModelSerializer):
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReferenceCheck
        fields = [
            "id", "submission", "state", "reason", "requested_by", "summary", "reference_count",
            "lookups", "cache_hits", "error", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReferenceCheckReportSerializer(ReferenceCheckSerializer):
    results = ReferenceCheckResultSerializer(many=True, read_only=True)

    class Meta(ReferenceCheckSerializer.Meta):
        fields = [*ReferenceCheckSerializer.Meta.fields, "results"]
        read_only_fields = fields


class RunCheckSerializer(serializers.Serializer):
    submission = serializers.PrimaryKeyRelatedField(queryset=Submission.objects.all())


class ApplySuggestionSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, help_text="The reference's printed number.")


SUBMISSION_PARAMETER = OpenApiParameter("submission", int, required=True, description="The submission's id.")


class ReferenceCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reference checks of submissions, newest first; filter with ``?submission=<id>``."""

    queryset = ReferenceCheck.objects.none()  # the schema's model; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReferenceCheck.objects.none()
        checks = visible_reference_checks(self.request.user)
        if self.action == "retrieve":
            checks = checks.prefetch_related("results__reference")
        submission = parse_id(self.request.query_params.get("submission"))
        if submission is not None:
            checks = checks.filter(submission_id=submission)
        return checks.order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ReferenceCheckReportSerializer
        if self.action == "create":
            return RunCheckSerializer
        if self.action == "apply_suggestion":
            return ApplySuggestionSerializer
        return ReferenceCheckSerializer

    @extend_schema(request=RunCheckSerializer, responses={202: ReferenceCheckSerializer})
    def create(self, request: Request) -> Response:
        """Run a check now (queued as a task); a check already waiting is returned instead."""
        form = RunCheckSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        submission = form.validated_data["submission"]
        if not permissions.can_manage_reference_checks(request.user, submission):
            raise PermissionDenied("Only the journal's editors can run a reference check.")
        check = reference_checks.request_reference_check(submission_id=submission.pk, requested_by=request.user)
        check.refresh_from_db()  # as saved; a worker runs the check after the answer
        return Response(ReferenceCheckSerializer(check).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[SUBMISSION_PARAMETER],
        responses=inline_serializer(
            "ReferenceCheckLatest",
            {
                "submission": serializers.IntegerField(),
                "check": ReferenceCheckReportSerializer(allow_null=True),
                "pending": ReferenceCheckSerializer(allow_null=True),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def latest(self, request: Request) -> Response:
        """The latest finished report of a submission, and a newer check still waiting or running."""
        submission_id = parse_id(request.query_params.get("submission"))
        if submission_id is None:
            raise NotFound("Give the submission: ?submission=<id>.")
        submission = get_object_or_404(Submission, pk=submission_id)
        if not permissions.can_view_reference_checks(request.user, submission):
            raise NotFound("No such submission among yours.")
        report = reference_check_report(submission_id=submission.pk)
        check = None
        if report.check is not None:
            check = ReferenceCheckSerializer(report.check).data | {
                "results": ReferenceCheckResultSerializer(report.results, many=True).data
            }
        pending = ReferenceCheckSerializer(report.pending).data if report.pending else None
        return Response({"submission": submission.pk, "check": check, "pending": pending})

    @extend_schema(request=ApplySuggestionSerializer, responses=ReferenceCheckResultSerializer)
    @action(detail=True, methods=["post"], url_path="apply-suggestion")
    def apply_suggestion(self, request: Request, pk: str) -> Response:
        """Set the reference's DOI to the one this check found for it (one click for the editor)."""
        check = self.get_object()
        form = ApplySuggestionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = get_object_or_404(check.results.all(), position=form.validated_data["position"])
        reference_checks.apply_suggested_doi(result_id=result.pk, editor=request.user)
        result.refresh_from_db()
        return Response(ReferenceCheckResultSerializer(result).data)
