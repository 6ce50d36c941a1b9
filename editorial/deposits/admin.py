"""The admin's view of DOI registration: states and histories (read-only), and "deposit now"
actions, on the issue and article lists too. (A redeposit after an admin edit of a published
article's metadata is ``receivers.redeposit_on_metadata_change``.)

Every write goes through ``services.deposits``; nothing here sets a state.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from editorial.deposits import services as deposits
from editorial.deposits.models import DepositAttempt, DepositBatch, DepositRecord, DoiRegistration
from editorial.deposits.selectors import deposits_go_to_standin
from editorial.errors import DomainError
from editorial.journals.admin import IssueAdmin
from editorial.journals.models import Issue
from editorial.production.admin import ArticleAdmin
from editorial.production.models import Article


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the deposit service only: viewable, never edited by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StandInNoteAdmin(ReadOnlyAdmin):
    """Rows with a DOI state: each says where it was sent, and the page says when that was the Crossref
    stand-in on this machine (a demo), whose states are not Crossref's."""

    change_list_template = "deposits/admin/change_list.html"
    change_form_template = "deposits/admin/change_form.html"

    def journal_of(self, obj):
        raise NotImplementedError

    def went_to_standin(self, obj) -> bool:
        return deposits_go_to_standin(self.journal_of(obj))

    @admin.display(description="sent to")
    def sent_to(self, obj) -> str:
        return "Crossref stand-in (demo)" if self.went_to_standin(obj) else "Crossref"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "cl" in context:  # not a redirect after an action
            context["standin_note"] = any(self.went_to_standin(obj) for obj in context["cl"].result_list)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["standin_note"] = obj is not None and self.went_to_standin(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


def run_deposits(modeladmin: admin.ModelAdmin, request, targets: list[dict]) -> None:
    """Ask for each deposit through the service and tell the editor what became of it."""
    for target in targets:
        try:
            batch = deposits.deposit_now(user=request.user, **target)
        except (DomainError, PermissionDenied) as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            continue
        batch.refresh_from_db()
        level = messages.ERROR if batch.state in ("failed", "not_configured") else messages.SUCCESS
        outcome = batch.message or (
            "A worker sends it to Crossref; this page shows its state when you reload it."
            if batch.state == DepositBatch.State.QUEUED
            else ""
        )
        modeladmin.message_user(
            request, f"Deposit {batch.batch_id}: {batch.get_state_display()}. {outcome}".strip(), level
        )


@admin.action(description="Deposit the selected DOIs with Crossref now")
def deposit_registrations(modeladmin, request, queryset) -> None:
    run_deposits(modeladmin, request, [{"article_id": pk} for pk in queryset.values_list("article_id", flat=True)])


@admin.action(description="Deposit the DOIs of the selected articles with Crossref now")
def deposit_articles(modeladmin, request, queryset) -> None:
    run_deposits(modeladmin, request, [{"article_id": pk} for pk in queryset.values_list("pk", flat=True)])


@admin.action(description="Deposit the selected issues with Crossref now (one batch per issue)")
def deposit_issues(modeladmin, request, queryset) -> None:
    run_deposits(modeladmin, request, [{"issue_id": pk} for pk in queryset.values_list("pk", flat=True)])


class DepositingIssueAdmin(IssueAdmin):
    """The issue list, with the action that deposits a whole issue (journals know nothing of deposits)."""

    actions = [*IssueAdmin.actions, deposit_issues]


class DepositingArticleAdmin(ArticleAdmin):
    """The article list, with the action that deposits the selected articles' DOIs."""

    actions = [*ArticleAdmin.actions, deposit_articles]


admin.site.unregister(Issue)
admin.site.register(Issue, DepositingIssueAdmin)
admin.site.unregister(Article)
admin.site.register(Article, DepositingArticleAdmin)


class DepositRecordInline(admin.TabularInline):
    model = DepositRecord
    extra = 0
    fields = ["doi", "timestamp", "state", "message"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DepositAttemptInline(admin.TabularInline):
    model = DepositAttempt
    extra = 0
    fields = ["created_at", "kind", "http_status", "error", "response_body", "diagnostics"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DoiRegistration)
class DoiRegistrationAdmin(StandInNoteAdmin):
    list_display = ["doi", "state", "short_message", "journal", "sent_to", "registered_at", "updated_at"]
    list_filter = ["state", "article__submission__journal"]
    search_fields = [
        "doi",
        "message",
        "article__submission__title_en",
        "article__submission__contributors__family_name",
    ]
    list_select_related = ["article__submission__journal"]
    readonly_fields = ["article", "doi", "state", "message", "registered_at", "last_timestamp", "history"]
    fields = readonly_fields
    actions = [deposit_registrations]

    @admin.display(description="journal")
    def journal(self, obj) -> str:
        return obj.article.submission.journal.abbreviation

    def journal_of(self, obj):
        return obj.article.submission.journal

    @admin.display(description="message")
    def short_message(self, obj) -> str:
        return obj.message[:120]

    @admin.display(description="deposits, newest first")
    def history(self, obj) -> str:
        records = obj.records.select_related("batch").prefetch_related("batch__attempts")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    r.batch.batch_id,
                    r.timestamp,
                    r.batch.system,
                    r.get_state_display(),
                    r.message,
                    "; ".join(
                        f"{a.get_kind_display()} {a.created_at:%Y-%m-%d %H:%M:%S} HTTP {a.http_status or '-'}"
                        for a in r.batch.attempts.all()
                    ),
                )
                for r in records
            ),
        )
        head = (
            "<tr><th>batch</th><th>timestamp</th><th>system</th><th>state</th><th>Crossref</th><th>attempts</th></tr>"
        )
        return format_html("<table>{}{}</table>", mark_safe(head), rows)  # noqa: S308  (a constant)


@admin.register(DepositBatch)
class DepositBatchAdmin(StandInNoteAdmin):
    list_display = [
        "batch_id",
        "journal",
        "reason",
        "state",
        "production",
        "sent_to",
        "send_count",
        "created_at",
        "completed_at",
    ]
    list_filter = ["state", "reason", "production", "journal"]
    search_fields = ["batch_id", "records__doi", "message"]
    list_select_related = ["journal"]
    readonly_fields = [
        "batch_id",
        "journal",
        "issue",
        "reason",
        "state",
        "message",
        "timestamp",
        "production",
        "login_id",
        "requested_by",
        "send_count",
        "check_count",
        "created_at",
        "send_started_at",
        "submitted_at",
        "last_checked_at",
        "completed_at",
        "xml",
    ]
    fields = readonly_fields
    inlines = [DepositRecordInline, DepositAttemptInline]

    def journal_of(self, obj):
        return obj.journal


@admin.register(DepositRecord)
class DepositRecordAdmin(StandInNoteAdmin):
    list_display = ["doi", "batch", "timestamp", "state", "sent_to", "message"]
    list_filter = ["state"]
    search_fields = ["doi", "batch__batch_id", "message"]
    list_select_related = ["batch__journal"]

    def journal_of(self, obj):
        return obj.batch.journal


@admin.register(DepositAttempt)
class DepositAttemptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "batch", "kind", "http_status", "error"]
    list_filter = ["kind", "http_status"]
    search_fields = ["batch__batch_id", "batch__records__doi", "error"]
    list_select_related = ["batch"]
