"""Peer review in the admin: the journal's review policy and questions are set here; assignments,
reviews and reminders are shown read-only (they change only through the review services)."""

from django.contrib import admin

from editorial.review.models import (
    Review,
    ReviewAssignment,
    ReviewPolicy,
    ReviewQuestion,
    ReviewReminder,
    ReviewRound,
    SubmissionBlindMode,
)


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = ["journal", "blind_mode", "review_days", "remind_days_before"]
    list_filter = ["blind_mode"]
    search_fields = ["journal__title"]


@admin.register(ReviewQuestion)
class ReviewQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "journal", "kind", "position", "required", "is_active"]
    list_filter = ["journal", "kind", "is_active"]
    search_fields = ["text"]


@admin.register(SubmissionBlindMode)
class SubmissionBlindModeAdmin(admin.ModelAdmin):
    list_display = ["submission", "blind_mode"]
    search_fields = ["submission__title", "submission__title_en"]
    raw_id_fields = ["submission"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnly):
    list_display = ["submission", "number", "opened_at"]
    search_fields = ["submission__title", "submission__title_en"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(ReadOnly):
    list_display = ["reviewer", "submission", "state", "due_date", "invited_at", "completed_at"]
    list_filter = ["state"]
    search_fields = ["reviewer__family_name", "reviewer__email", "submission__title_en", "submission__title"]
    list_select_related = ["reviewer", "submission"]


@admin.register(Review)
class ReviewAdmin(ReadOnly):
    list_display = ["assignment", "state", "recommendation", "quality_rating", "submitted_at"]
    list_filter = ["state", "recommendation"]
    search_fields = ["assignment__reviewer__family_name", "comments_to_author"]
    list_select_related = ["assignment__reviewer", "assignment__round"]


@admin.register(ReviewReminder)
class ReviewReminderAdmin(ReadOnly):
    list_display = ["assignment", "threshold", "due_date", "sent_at"]
    list_filter = ["threshold"]
