"""Peer review addresses: the reviewer's pages under ``review/`` (a slug journals may not take) and
the editor's review actions under the submission's ``editorial/manage/`` address."""

from django.urls import path

from editorial.review.views import editor as review_editor
from editorial.review.views import reviewer

urlpatterns = [
    path("review/", reviewer.dashboard, name="reviewer-dashboard"),
    path("review/assignments/<int:assignment_id>/", reviewer.assignment_page, name="reviewer-assignment"),
    path("review/assignments/<int:assignment_id>/respond/", reviewer.respond, name="reviewer-respond"),
    path(
        "review/assignments/<int:assignment_id>/files/<int:file_id>/",
        reviewer.manuscript_file,
        name="reviewer-file",
    ),
    path("review/assignments/<int:assignment_id>/attachment/", reviewer.review_attachment, name="review-attachment"),
    path("review/invitations/<str:token>/accept/", reviewer.invitation_accept, name="review-invitation-accept"),
    path("review/invitations/<str:token>/decline/", reviewer.invitation_decline, name="review-invitation-decline"),
    # The editor
    path("editorial/manage/<int:submission_id>/reviews/invite/", review_editor.invite, name="editor-review-invite"),
    path(
        "editorial/manage/<int:submission_id>/reviews/reinvite/", review_editor.reinvite, name="editor-review-reinvite"
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/blind-mode/",
        review_editor.blind_mode,
        name="editor-review-blind-mode",
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/<int:assignment_id>/cancel/",
        review_editor.cancel,
        name="editor-review-cancel",
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/<int:assignment_id>/extend/",
        review_editor.extend,
        name="editor-review-extend",
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/<int:assignment_id>/reassign/",
        review_editor.reassign,
        name="editor-review-reassign",
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/files/<int:file_id>/reviewer-copy/",
        review_editor.upload_reviewer_copy,
        name="editor-review-reviewer-copy",
    ),
    path(
        "editorial/manage/<int:submission_id>/reviews/<int:assignment_id>/rate/",
        review_editor.rate,
        name="editor-review-rate",
    ),
]
