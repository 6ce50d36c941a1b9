"""The outbox in the admin: the side effects recorded for sending, read-only (the dispatcher owns them)."""

from django.contrib import admin

from editorial.outbox.models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["created_at", "task_name", "args", "state", "dispatch_count", "last_dispatched_at"]
    list_filter = ["state", "task_name"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
