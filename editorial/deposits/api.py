"""DOI registrations over the API: each DOI's state and history, and "deposit now".

Staff and managing editors of a journal see its registrations; "deposit now" goes through
``services.deposits.deposit_now``, which checks the same permission.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from editorial.deposits import services as deposits
from editorial.deposits.models import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration
from editorial.deposits.selectors import deposits_go_to_standin, visible_registrations
from editorial.query_params import NO_SUCH_ID, parse_id


class DepositAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepositAttempt
        fields = ["kind", "created_at", "http_status", "response_body", "diagnostics", "error"]


class DepositRecordSerializer(serializers.ModelSerializer):
    """One deposit of the DOI: its batch, Crossref's verdict, and every exchange about the batch."""

    batch_id = serializers.CharField(source="batch.batch_id")
    batch_state = serializers.CharField(source="batch.state")
    reason = serializers.CharField(source="batch.reason")
    system = serializers.CharField(source="batch.system")
    requested_at = serializers.DateTimeField(source="batch.created_at")
    submitted_at = serializers.DateTimeField(source="batch.submitted_at")
    completed_at = serializers.DateTimeField(source="batch.completed_at")
    attempts = DepositAttemptSerializer(source="batch.attempts", many=True)

    class Meta:
        model = DepositRecord
        fields = [
            "batch_id",
            "timestamp",
            "state",
            "message",
            "batch_state",
            "reason",
            "system",
            "requested_at",
            "submitted_at",
            "completed_at",
            "attempts",
        ]


class DoiRegistrationSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display")
    journal = serializers.SlugRelatedField(source="article.submission.journal", slug_field="slug", read_only=True)
    history = DepositRecordSerializer(source="records", many=True)
    standin = serializers.SerializerMethodField(
        help_text="True when the journal's deposits go to the Crossref stand-in on this machine (a demo): "
        "the state is the stand-in's, and nothing was registered with Crossref."
    )

    class Meta:
        model = DoiRegistration
        fields = [
            "id",
            "article",
            "doi",
            "journal",
            "state",
            "state_label",
            "message",
            "registered_at",
            "updated_at",
            "history",
            "standin",
        ]
        read_only_fields = fields

    def get_standin(self, registration) -> bool:
        return deposits_go_to_standin(registration.article.submission.journal)


class DepositRequestSerializer(serializers.Serializer):
    """Deposit one article, or a whole issue as one batch."""

    article = serializers.IntegerField(required=False)
    issue = serializers.IntegerField(required=False)

    def validate(self, attrs):
        if ("article" in attrs) == ("issue" in attrs):
            raise serializers.ValidationError("Give either an article or an issue.")
        return attrs


class DepositBatchSerializer(serializers.ModelSerializer):
    registrations = serializers.SerializerMethodField()
    standin = serializers.SerializerMethodField(
        help_text="True when the batch's journal deposits to the Crossref stand-in on this machine (a demo)."
    )

    class Meta:
        model = DepositBatch
        fields = [
            "batch_id",
            "state",
            "message",
            "reason",
            "system",
            "timestamp",
            "created_at",
            "registrations",
            "standin",
        ]

    def get_standin(self, batch) -> bool:
        return deposits_go_to_standin(batch.journal)

    def get_registrations(self, batch) -> list[dict]:
        records = batch.records.select_related("registration")
        return [
            {"id": r.registration_id, "doi": r.doi, "state": r.registration.state, "message": r.registration.message}
            for r in records
        ]


class DoiRegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """Every DOI's registration with Crossref, with the history of its deposits."""

    serializer_class = DoiRegistrationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema is drawn without a user
            return DoiRegistration.objects.none()
        registrations = visible_registrations(self.request.user)
        for name, lookup in (("state", "state"), ("doi", "doi__iexact")):
            if value := self.request.query_params.get(name):
                registrations = registrations.filter(**{lookup: value})
        if article := self.request.query_params.get("article"):
            # Not a number, or too large for one: no article has it.
            registrations = registrations.filter(article_id=parse_id(article) or NO_SUCH_ID)
        return registrations.order_by("-updated_at", "-pk")

    @extend_schema(request=DepositRequestSerializer, responses={202: DepositBatchSerializer})
    @action(detail=False, methods=["post"], url_path="deposit")
    def deposit(self, request: Request) -> Response:
        """Deposit now: one article (``{"article": id}``) or a whole issue as one batch (``{"issue": id}``)."""
        given = DepositRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        batch = deposits.deposit_now(
            user=request.user,
            article_id=given.validated_data.get("article"),
            issue_id=given.validated_data.get("issue"),
        )
        batch.refresh_from_db()
        return Response(DepositBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="doi_registrations_deposit_again", request=None, responses={202: DepositBatchSerializer}
    )
    @action(detail=True, methods=["post"], url_path="deposit", url_name="deposit-again")
    def deposit_again(self, request: Request, pk=None) -> Response:
        """Deposit this DOI again now, with a newer timestamp."""
        registration = self.get_object()
        batch = deposits.deposit_now(user=request.user, article_id=registration.article_id)
        batch.refresh_from_db()
        return Response(DepositBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)
