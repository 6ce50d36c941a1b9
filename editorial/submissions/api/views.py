"""API viewsets. Each write calls the same service as the HTML page; each list is scoped to what
the user may see (authors: their own; editors: the submissions they edit), so an object
outside it is a 404 and an action the user may not take on a visible object is a 403."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from editorial import permissions
from editorial.query_params import parse_id
from editorial.submissions.api import serializers as s
from editorial.submissions.downloads import manuscript_file_response
from editorial.submissions.models import (
    Affiliation,
    Contributor,
    Decision,
    Event,
    ManuscriptFile,
    Reference,
    Submission,
)
from editorial.submissions.selectors import AUTHOR_VISIBLE_ACTIONS
from editorial.submissions.services import assignments, decisions, files, submissions
from editorial.submissions.services import contributors as contributor_services


def _submissions_for(user) -> QuerySet[Submission]:
    contributors = Contributor.objects.order_by("position").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.order_by("position"))
    )
    return (
        permissions.submissions_visible_to(user)
        .prefetch_related(
            Prefetch("contributors", queryset=contributors),
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by").order_by("decided_at", "pk")),
        )
        .order_by("-created_at", "-pk")
    )


def _submission_filter(request: Request) -> int | None:
    return parse_id(request.query_params.get("submission"))


SUBMISSION_PARAMETER = OpenApiParameter("submission", int, description="Only the rows of this submission.")


class SubmissionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Submissions: authors see their own, editors the ones they edit. Drafts are edited with PATCH;
    every change of state is an action (``submit``, ``screen``, ``decide`` ...)."""

    # ``decide`` and ``letter-draft`` quote the reviewers, so they live in ``editorial.desk.api``,
    # whose subclass of this viewset is the one the router serves.

    serializer_class = s.SubmissionSerializer

    def get_queryset(self) -> QuerySet[Submission]:
        queryset = _submissions_for(self.request.user)
        state = self.request.query_params.get("state")
        return queryset.filter(state=state) if state else queryset

    def _answer(self, submission_id: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(s.SubmissionSerializer(self.get_queryset().get(pk=submission_id)).data, status=code)

    @extend_schema(request=s.SubmissionCreateSerializer, responses={201: s.SubmissionSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        """Start a draft, with the metadata and declarations given; all or nothing."""
        data = self._valid(s.SubmissionCreateSerializer, request)
        journal_id = data.pop("journal")
        draft = submissions.start_draft(user=request.user, journal_id=journal_id, **_draft_changes(data))
        return self._answer(draft.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.SubmissionUpdateSerializer, responses=s.SubmissionSerializer)
    def partial_update(self, request: Request, pk=None) -> Response:
        draft = self.get_object()
        data = self._valid(s.SubmissionUpdateSerializer, request)
        submissions.update_draft(user=request.user, submission_id=draft.pk, **_draft_changes(data))
        return self._answer(draft.pk)

    def _valid(self, serializer_class, request: Request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=None, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        submissions.submit_submission(user=request.user, submission_id=self.get_object().pk)
        return self._answer(pk)

    @extend_schema(request=s.WithdrawSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        data = self._valid(s.WithdrawSerializer, request)
        submissions.withdraw_submission(user=request.user, submission_id=self.get_object().pk, reason=data["reason"])
        return self._answer(pk)

    @extend_schema(request=s.RevisionSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def revise(self, request: Request, pk=None) -> Response:
        """The revised manuscript, the response to reviewers, and optionally the response as a file."""
        data = self._valid(s.RevisionSerializer, request)
        submissions.submit_revision(user=request.user, submission_id=self.get_object().pk, **data)
        return self._answer(pk)

    @extend_schema(request=s.AssignEditorSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="assign-editor")
    def assign_editor(self, request: Request, pk=None) -> Response:
        data = self._valid(s.AssignEditorSerializer, request)
        assignments.assign_handling_editor(
            user=request.user, submission_id=self.get_object().pk, editor_person_id=data["editor"]
        )
        return self._answer(pk)

    @extend_schema(request=s.ScreenSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def screen(self, request: Request, pk=None) -> Response:
        """Send to review, or reject without review with a letter (drafted from the template if empty)."""
        data = self._valid(s.ScreenSerializer, request)
        submission = self.get_object()
        if data["outcome"] == "send_to_review":
            decisions.send_to_review(user=request.user, submission_id=submission.pk, note=data["note"])
        else:
            letter = (
                data["letter"]
                or decisions.draft_letter(submission=submission, kind="desk_reject", editor=request.user)[1]
            )
            decisions.desk_reject(
                user=request.user, submission_id=submission.pk, letter=letter, subject=data["subject"]
            )
        return self._answer(pk)

    @extend_schema(request=s.DueDateSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="revision-due")
    def revision_due(self, request: Request, pk=None) -> Response:
        data = self._valid(s.DueDateSerializer, request)
        decisions.set_revision_due_date(
            user=request.user, submission_id=self.get_object().pk, revision_due=data["revision_due"]
        )
        return self._answer(pk)

    @extend_schema(request=s.ReopenSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk=None) -> Response:
        data = self._valid(s.ReopenSerializer, request)
        decisions.reopen_submission(user=request.user, submission_id=self.get_object().pk, note=data["note"])
        return self._answer(pk)

    @extend_schema(request=s.NoteSerializer, responses={201: s.EventSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk=None) -> Response:
        """An internal note: editors only, never shown to authors."""
        data = self._valid(s.NoteSerializer, request)
        event = decisions.add_internal_note(user=request.user, submission_id=self.get_object().pk, text=data["text"])
        return Response(s.EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReferencesInputSerializer, responses=s.ReferenceSerializer(many=True))
    @action(detail=True, methods=["put"])
    def references(self, request: Request, pk=None) -> Response:
        """Replace the draft's references: from pasted ``text`` (split and numbered) or from ``items``."""
        data = self._valid(s.ReferencesInputSerializer, request)
        submission_id = self.get_object().pk
        if "text" in data:
            saved = submissions.replace_references_from_text(
                user=request.user, submission_id=submission_id, text=data["text"]
            )
        else:
            saved = submissions.save_references(user=request.user, submission_id=submission_id, items=data["items"])
        return Response(s.ReferenceSerializer(saved, many=True).data)

    @extend_schema(request=s.ReorderSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="reorder-contributors")
    def reorder_contributors(self, request: Request, pk=None) -> Response:
        data = self._valid(s.ReorderSerializer, request)
        contributor_services.reorder_contributors(
            user=request.user, submission_id=self.get_object().pk, order=data["order"]
        )
        return self._answer(pk)


def _draft_changes(data: dict) -> dict:
    """The API's names for a draft's fields, as the service takes them (``section`` is an id)."""
    return {("section_id" if name == "section" else name): value for name, value in data.items()}


@extend_schema(parameters=[SUBMISSION_PARAMETER])
class ContributorViewSet(viewsets.ModelViewSet):
    """The authors of a draft, in order. Setting ``is_corresponding`` moves it from whoever had it."""

    serializer_class = s.ContributorSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Contributor]:
        queryset = Contributor.objects.filter(
            submission__in=permissions.submissions_visible_to(self.request.user)
        ).prefetch_related(Prefetch("affiliations", queryset=Affiliation.objects.order_by("position")))
        submission_id = _submission_filter(self.request)
        if submission_id is not None:
            queryset = queryset.filter(submission_id=submission_id)
        return queryset.order_by("submission_id", "position")

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        submission = data.pop("submission")
        if not permissions.can_view(request.user, submission):
            return Response({"submission": ["There is no such submission."]}, status=status.HTTP_400_BAD_REQUEST)
        contributor = contributor_services.add_contributor(user=request.user, submission_id=submission.pk, **data)
        return Response(self.get_serializer(self._fresh(contributor.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        contributor = self.get_object()
        serializer = self.get_serializer(contributor, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        values = s.ContributorSerializer(contributor).data | {
            name: value for name, value in serializer.validated_data.items() if name != "submission"
        }
        fields = [name for name in s.ContributorSerializer.Meta.fields if name not in {"id", "submission", "position"}]
        contributor_services.update_contributor(
            user=request.user, contributor_id=contributor.pk, **{name: values[name] for name in fields}
        )
        return Response(self.get_serializer(self._fresh(contributor.pk)).data)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        contributor_services.remove_contributor(user=request.user, contributor_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _fresh(self, contributor_id: int) -> Contributor:
        return self.get_queryset().get(pk=contributor_id)


@extend_schema(parameters=[SUBMISSION_PARAMETER])
class FileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Manuscript files by round and version. Upload as multipart; checked by content and size."""

    serializer_class = s.FileSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[ManuscriptFile]:
        queryset = ManuscriptFile.objects.filter(submission__in=permissions.submissions_visible_to(self.request.user))
        submission_id = _submission_filter(self.request)
        if submission_id is not None:
            queryset = queryset.filter(submission_id=submission_id)
        return queryset.order_by("submission_id", "round", "kind", "version")

    @extend_schema(request=s.FileUploadSerializer, responses={201: s.FileSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        upload = s.FileUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        if not permissions.submissions_visible_to(request.user).filter(pk=data["submission"]).exists():
            return Response({"submission": ["There is no such submission."]}, status=status.HTTP_400_BAD_REQUEST)
        record = files.add_file(
            user=request.user, submission_id=data["submission"], kind=data["kind"], upload=data["file"]
        )
        return Response(s.FileSerializer(record).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        files.remove_file(user=request.user, file_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk=None):
        return manuscript_file_response(request.user, self.get_object().pk)


@extend_schema(parameters=[SUBMISSION_PARAMETER])
class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """References in order; written through ``PUT /api/submissions/{id}/references/``."""

    serializer_class = s.ReferenceSerializer

    def get_queryset(self) -> QuerySet[Reference]:
        queryset = Reference.objects.filter(submission__in=permissions.submissions_visible_to(self.request.user))
        submission_id = _submission_filter(self.request)
        if submission_id is not None:
            queryset = queryset.filter(submission_id=submission_id)
        return queryset.order_by("submission_id", "position")


@extend_schema(parameters=[SUBMISSION_PARAMETER])
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The timeline. Editors see everything on the submissions they edit; authors see the moves of
    their own submissions, never the editors' internal notes."""

    serializer_class = s.EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        user = self.request.user
        as_editor = Event.objects.filter(submission__in=permissions.submissions_managed_by(user))
        as_author = Event.objects.filter(submission__submitter_id=user.pk, action__in=AUTHOR_VISIBLE_ACTIONS)
        queryset = (as_editor | as_author).select_related("actor")
        submission_id = _submission_filter(self.request)
        if submission_id is not None:
            queryset = queryset.filter(submission_id=submission_id)
        return queryset.order_by("submission_id", "created_at", "pk")
