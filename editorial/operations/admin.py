"""What the background work reported, in the admin: read-only (Celery's signals write it)."""

from django.contrib import admin

from editorial.operations.models import PeriodicRun, WorkerHeartbeat


class ReportedByCelery(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReportedByCelery):
    list_display = ["hostname", "started_at", "last_seen"]
    search_fields = ["hostname"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReportedByCelery):
    list_display = ["task_name", "last_started", "last_finished", "last_outcome"]
    list_filter = ["last_outcome"]
