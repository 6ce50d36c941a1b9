"""Peer review in the API.

``/api/reviewer/assignments/``: a reviewer's own invitations - accept, decline, read and save the
review, submit it, download the manuscript (anonymised in double-blind). Anyone else's is a 404,
and in double-blind nothing here names the authors.

``/api/review-assignments/``: the editors' side - invite, cancel, extend, reassign, rate, and
read the submitted reviews of the submissions they edit.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from editorial import permissions
from editorial.documents import anonymize
from editorial.review import selectors
from editorial.review.models import BlindMode, Recommendation, Review, ReviewAssignment
from editorial.review.services import reviewer_copy
from editorial.review.services import reviews as services
from editorial.submissions.models import ManuscriptFile, Submission

A = ReviewAssignment.State


# --- Shapes ------------------------------------------------------------------------------------------------


class ReviewerSubmissionSerializer(serializers.ModelSerializer):
    """The manuscript as a reviewer sees it; ``authors`` is empty in double-blind review."""

    journal = serializers.CharField(source="journal.title")
    authors = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "journal", "title", "title_en", "abstract", "abstract_en", "keywords", "keywords_en", "authors"]
        read_only_fields = fields

    def get_authors(self, submission: Submission) -> list[str]:
        if selectors.blind_mode_of(submission) == BlindMode.DOUBLE:
            return []
        return [f"{c.given_names} {c.family_name}" for c in submission.contributors.order_by("position")]


class ReviewSerializer(serializers.ModelSerializer):
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "state", "recommendation", "comments_to_author", "confidential_comments", "no_competing_interests",
            "competing_interests", "answers", "has_attachment", "updated_at", "submitted_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_has_attachment(self, review: Review) -> bool:
        return bool(review.attachment)


class EditorReviewSerializer(ReviewSerializer):
    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "quality_rating", "rated_at"]
        read_only_fields = fields


class ReviewerFileSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = ManuscriptFile
        fields = ["id", "kind", "round", "version", "size", "name"]
        read_only_fields = fields

    def get_name(self, record: ManuscriptFile) -> str:
        return anonymize.reviewer_file_name(record)


class ReviewerAssignmentSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round.number")
    submission = ReviewerSubmissionSerializer()
    review = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = [
            "id", "state", "round", "due_date", "invited_at", "responded_at", "completed_at", "submission", "review",
            "files",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, assignment: ReviewAssignment) -> dict | None:
        review = getattr(assignment, "review", None)
        return ReviewSerializer(review).data if review is not None else None

    @extend_schema_field(ReviewerFileSerializer(many=True))
    def get_files(self, assignment: ReviewAssignment) -> list[dict]:
        if assignment.state in (A.INVITED, A.DECLINED):
            return []
        return ReviewerFileSerializer(selectors.files_for_reviewer(assignment), many=True).data


class ReviewerSubmissionSummarySerializer(serializers.ModelSerializer):
    journal = serializers.CharField(source="journal.title")

    class Meta:
        model = Submission
        fields = ["id", "journal", "title", "title_en"]
        read_only_fields = fields


class ReviewerAssignmentListSerializer(serializers.ModelSerializer):
    """A line of the reviewer's list; the manuscript's details, files and review are on the detail."""

    round = serializers.IntegerField(source="round.number")
    submission = ReviewerSubmissionSummarySerializer()
    review_state = serializers.CharField(source="review.state", default=None, allow_null=True)

    class Meta:
        model = ReviewAssignment
        fields = ["id", "state", "round", "due_date", "invited_at", "completed_at", "submission", "review_state"]
        read_only_fields = fields


class ReviewerPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class EditorAssignmentSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round.number")
    reviewer = ReviewerPersonSerializer()
    review = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAssignment
        fields = [
            "id", "submission", "round", "reviewer", "state", "due_date", "invited_at", "responded_at",
            "completed_at", "cancelled_at", "decline_reason", "suggested_alternative", "review",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(EditorReviewSerializer(allow_null=True))
    def get_review(self, assignment: ReviewAssignment) -> dict | None:
        """Only a submitted review: a draft is the reviewer's own until they send it."""
        review = getattr(assignment, "review", None)
        if review is None or review.state != Review.State.SUBMITTED:
            return None
        return EditorReviewSerializer(review).data


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")
    suggested_alternative = serializers.CharField(allow_blank=True, default="", max_length=300)


class ReviewWriteSerializer(serializers.Serializer):
    """Every field optional: what is sent is saved, the rest kept."""

    recommendation = serializers.ChoiceField(choices=Recommendation.choices, required=False, allow_blank=True)
    comments_to_author = serializers.CharField(required=False, allow_blank=True)
    confidential_comments = serializers.CharField(required=False, allow_blank=True)
    no_competing_interests = serializers.BooleanField(required=False)
    competing_interests = serializers.CharField(required=False, allow_blank=True)
    answers = serializers.DictField(required=False, help_text="Answers to the journal's questions, by question id.")
    attachment = serializers.FileField(required=False, help_text="An annotated manuscript (multipart only).")

    def review_input(self) -> services.ReviewInput:
        return services.ReviewInput(**self.validated_data)


class ReassignSerializer(serializers.Serializer):
    """The new reviewer: someone from the pool (``reviewer``) or a new person by e-mail."""

    reviewer = serializers.IntegerField(required=False, allow_null=True, help_text="A person of the reviewer pool.")
    email = serializers.EmailField(required=False, allow_blank=True, help_text="Or a new person's e-mail.")
    given_names = serializers.CharField(required=False, allow_blank=True, max_length=150)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    due_date = serializers.DateField(required=False, allow_null=True)


class InviteSerializer(ReassignSerializer):
    submission = serializers.IntegerField()


class ReinviteSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    due_date = serializers.DateField(required=False, allow_null=True)


class ExtendSerializer(serializers.Serializer):
    due_date = serializers.DateField()


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


def _valid(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- The reviewer ---------------------------------------------------------------------------------------------


class ReviewerAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your review invitations and reviews."""

    serializer_class = ReviewerAssignmentSerializer
    queryset = ReviewAssignment.objects.none()  # the schema's model; requests use get_queryset

    def get_serializer_class(self):
        return ReviewerAssignmentListSerializer if self.action == "list" else ReviewerAssignmentSerializer

    def get_queryset(self) -> QuerySet[ReviewAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return ReviewAssignment.objects.none()
        return selectors.reviewer_assignments(self.request.user)

    def _answer(self, assignment_id: int) -> Response:
        return Response(ReviewerAssignmentSerializer(self.get_queryset().get(pk=assignment_id)).data)

    @extend_schema(request=None, responses=ReviewerAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        services.accept_invitation(user=request.user, assignment_id=self.get_object().pk)
        return self._answer(pk)

    @extend_schema(request=DeclineSerializer, responses=ReviewerAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        data = _valid(DeclineSerializer, request)
        services.decline_invitation(user=request.user, assignment_id=self.get_object().pk, **data)
        return self._answer(pk)

    @extend_schema(methods=["GET"], request=None, responses=ReviewSerializer)
    @extend_schema(methods=["PATCH"], request=ReviewWriteSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["get", "patch"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def review(self, request: Request, pk=None) -> Response:
        """Read your review, or save a draft of it (PATCH: the fields sent)."""
        assignment = self.get_object()
        if request.method == "GET":
            review = getattr(assignment, "review", None)
            if review is None:
                raise NotFound("Accept the invitation to start your review.")
            return Response(ReviewSerializer(review).data)
        form = ReviewWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review = services.save_review_draft(user=request.user, assignment_id=assignment.pk, data=form.review_input())
        return Response(ReviewSerializer(review).data)

    @extend_schema(request=ReviewWriteSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def submit(self, request: Request, pk=None) -> Response:
        """Save what is sent and submit the review; afterwards it is read-only."""
        form = ReviewWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        review = services.submit_review(user=request.user, assignment_id=self.get_object().pk, data=form.review_input())
        return Response(ReviewSerializer(review).data)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): bytes,
            409: OpenApiResponse(description="Double-blind: the file could not be anonymised yet; withheld."),
        }
    )
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>\d+)")
    def file(self, request: Request, pk=None, file_id=None):
        """A manuscript file with a neutral name; in double-blind, anonymised (409 if it cannot be yet)."""
        assignment = self.get_object()
        try:
            copy = reviewer_copy.reviewer_copy(user=request.user, assignment_id=assignment.pk, file_id=int(file_id))
        except Http404 as exc:
            raise NotFound(str(exc)) from exc
        except reviewer_copy.ReviewerCopyUnavailable as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        response = HttpResponse(copy.content, content_type=copy.content_type)
        response["Content-Disposition"] = f'attachment; filename="{copy.name}"'
        return response


# --- The editor ------------------------------------------------------------------------------------------------


SUBMISSION_PARAMETER = OpenApiParameter("submission", int, description="Only the reviews of this submission.")


@extend_schema(parameters=[SUBMISSION_PARAMETER])
class EditorReviewAssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reviewer invitations of the submissions you edit, with the submitted reviews."""

    serializer_class = EditorAssignmentSerializer
    queryset = ReviewAssignment.objects.none()

    def get_queryset(self) -> QuerySet[ReviewAssignment]:
        if getattr(self, "swagger_fake_view", False):
            return ReviewAssignment.objects.none()
        queryset = ReviewAssignment.objects.filter(
            submission__in=permissions.submissions_managed_by(self.request.user)
        ).select_related("reviewer", "round", "review")
        submission = self.request.query_params.get("submission", "")
        if submission.isdigit():
            queryset = queryset.filter(submission_id=int(submission))
        return queryset.order_by("submission_id", "round__number", "invited_at", "pk")

    def _answer(self, assignment_id: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(EditorAssignmentSerializer(self.get_queryset().get(pk=assignment_id)).data, status=code)

    def _visible_submission(self, submission_id: int) -> Submission:
        return get_object_or_404(permissions.submissions_visible_to(self.request.user), pk=submission_id)

    @extend_schema(request=InviteSerializer, responses={201: EditorAssignmentSerializer})
    def create(self, request: Request) -> Response:
        """Invite a reviewer: someone from the pool (``reviewer``) or a new person by e-mail."""
        data = _valid(InviteSerializer, request)
        submission = self._visible_submission(data["submission"])
        assignment = services.invite_reviewer(
            user=request.user,
            submission_id=submission.pk,
            person_id=data.get("reviewer"),
            email=data.get("email", ""),
            given_names=data.get("given_names", ""),
            family_name=data.get("family_name", ""),
            due_date=data.get("due_date"),
        )
        return self._answer(assignment.pk, status.HTTP_201_CREATED)

    @extend_schema(request=ReinviteSerializer, responses={201: EditorAssignmentSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def reinvite(self, request: Request) -> Response:
        """Invite the previous round's reviewers again (after a revision)."""
        data = _valid(ReinviteSerializer, request)
        submission = self._visible_submission(data["submission"])
        invited = services.reinvite_previous_reviewers(
            user=request.user, submission_id=submission.pk, due_date=data.get("due_date")
        )
        rows = self.get_queryset().filter(pk__in=[a.pk for a in invited])
        return Response(EditorAssignmentSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancelSerializer, responses=EditorAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        data = _valid(CancelSerializer, request)
        services.cancel_assignment(user=request.user, assignment_id=self.get_object().pk, reason=data["reason"])
        return self._answer(pk)

    @extend_schema(request=ExtendSerializer, responses=EditorAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk=None) -> Response:
        data = _valid(ExtendSerializer, request)
        services.extend_due_date(user=request.user, assignment_id=self.get_object().pk, due_date=data["due_date"])
        return self._answer(pk)

    @extend_schema(request=ReassignSerializer, responses={201: EditorAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk=None) -> Response:
        """Cancel this reviewer and invite another, for the same submission."""
        values = _valid(ReassignSerializer, request)
        new = services.reassign(
            user=request.user,
            assignment_id=self.get_object().pk,
            person_id=values.get("reviewer"),
            email=values.get("email", ""),
            given_names=values.get("given_names", ""),
            family_name=values.get("family_name", ""),
            due_date=values.get("due_date"),
        )
        return self._answer(new.pk, status.HTTP_201_CREATED)

    @extend_schema(request=RateSerializer, responses=EditorAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk=None) -> Response:
        data = _valid(RateSerializer, request)
        services.rate_review(user=request.user, assignment_id=self.get_object().pk, rating=data["rating"])
        return self._answer(pk)
