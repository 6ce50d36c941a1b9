"""The submissions API with the actions that quote the reviewers: a decision and its letter draft.

The router serves this subclass under ``submissions/`` (the same routes, names and schema
operations); the submissions domain keeps every other action, and knows nothing of review.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from editorial import permissions
from editorial.review.selectors import reviewer_comments_for_author
from editorial.submissions.api import serializers as s
from editorial.submissions.api import views
from editorial.submissions.models import DecisionKind
from editorial.submissions.services import decisions


class SubmissionViewSet(views.SubmissionViewSet):
    __doc__ = views.SubmissionViewSet.__doc__

    @extend_schema(request=s.DecideSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk=None) -> Response:
        """Accept, minor or major revision, reject. Without a letter, the drafted one is sent."""
        data = self._valid(s.DecideSerializer, request)
        submission = self.get_object()
        decisions.record_decision(
            user=request.user,
            submission_id=submission.pk,
            kind=data["decision"],
            letter=data["letter"],
            subject=data["subject"],
            revision_due=data["revision_due"],
            reviewer_comments=reviewer_comments_for_author(submission),
        )
        return self._answer(pk)

    @extend_schema(
        parameters=[OpenApiParameter("decision", str, enum=list(DecisionKind.values))],
        responses=s.LetterDraftSerializer,
    )
    @action(detail=True, methods=["get"], url_path="letter-draft")
    def letter_draft(self, request: Request, pk=None) -> Response:
        """The decision letter as the journal's template drafts it, for the editor to edit."""
        submission = self.get_object()
        permissions.ensure_can_manage(request.user, submission)
        kind = request.query_params.get("decision", "accept")
        if kind not in DecisionKind.values:
            return Response({"decision": [f"Choose one of {', '.join(DecisionKind.values)}."]}, status=400)
        subject, letter = decisions.draft_letter(
            submission=submission,
            kind=kind,
            editor=request.user,
            reviewer_comments=reviewer_comments_for_author(submission),
        )
        return Response({"subject": subject, "letter": letter})
