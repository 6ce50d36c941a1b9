"""Reference checks in the admin: checks and their results read-only, with actions to check again and
to apply suggested DOIs (both through ``editorial.references.services``); the Crossref lookup cache."""

from django.contrib import admin
from django.contrib import messages as admin_messages

from editorial.errors import DomainError
from editorial.references.models import CrossrefLookup, ReferenceCheck, ReferenceCheckResult
from editorial.references.services import apply_suggested_doi, request_reference_check


class ReferenceCheckResultInline(admin.TabularInline):
    model = ReferenceCheckResult
    extra = 0
    ordering = ["position"]
    fields = ["position", "status", "cited_doi", "suggested_doi", "detail", "applied_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # results are written by the check


@admin.register(ReferenceCheck)
class ReferenceCheckAdmin(admin.ModelAdmin):
    list_display = ["id", "submission", "state", "reason", "reference_count", "flagged", "cache_hits", "finished_at"]
    list_filter = ["state", "reason", "submission__journal"]
    search_fields = ["=id", "submission__title", "submission__title_en"]
    list_select_related = ["submission"]
    readonly_fields = [
        "submission", "requested_by", "reason", "state", "summary", "reference_count", "lookups",
        "cache_hits", "error", "created_at", "started_at", "finished_at",
    ]  # fmt: skip
    inlines = [ReferenceCheckResultInline]
    actions = ["check_again"]

    def has_add_permission(self, request) -> bool:
        return False  # checks are requested through the service (editor page, API, command)

    @admin.display(description="flagged")
    def flagged(self, obj) -> int:
        return obj.flagged_count

    @admin.action(description="Check these submissions' references again")
    def check_again(self, request, queryset) -> None:
        for submission_id in sorted(set(queryset.values_list("submission_id", flat=True))):
            check = request_reference_check(submission_id=submission_id, requested_by=request.user)
            self.message_user(request, f"Submission #{submission_id}: reference check #{check.pk} queued.")


@admin.register(ReferenceCheckResult)
class ReferenceCheckResultAdmin(admin.ModelAdmin):
    list_display = ["check_run", "position", "status", "cited_doi", "suggested_doi", "applied_at"]
    list_filter = ["status"]
    search_fields = ["raw_text", "cited_doi", "suggested_doi", "detail"]
    list_select_related = ["check_run"]
    readonly_fields = [
        "check_run", "reference", "position", "raw_text", "status", "cited_doi", "detail", "disagreements",
        "suggested_doi", "registered", "applied_at", "applied_by",
    ]  # fmt: skip
    actions = ["apply_suggested_dois"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Apply the suggested DOI to each selected reference")
    def apply_suggested_dois(self, request, queryset) -> None:
        for result in queryset.exclude(suggested_doi="").order_by("check_run", "position"):
            try:
                reference = apply_suggested_doi(result_id=result.pk, editor=request.user)
            except DomainError as exc:
                self.message_user(request, str(exc), level=admin_messages.WARNING)
            else:
                self.message_user(request, f"Reference {reference.position}: DOI {reference.doi}.")


@admin.register(CrossrefLookup)
class CrossrefLookupAdmin(admin.ModelAdmin):
    list_display = ["key", "expires_at", "created_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "value", "expires_at", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # written by reference checks when there is no Redis
