"""Usage in the admin: each article's daily views and downloads, and the flushes that wrote them."""

from django.contrib import admin

from editorial.publishing.models import DailyArticleMetric, UsageFlush


@admin.register(DailyArticleMetric)
class DailyArticleMetricAdmin(admin.ModelAdmin):
    list_display = ["article", "day", "views", "downloads"]
    date_hierarchy = "day"
    raw_id_fields = ["article"]


@admin.register(UsageFlush)
class UsageFlushAdmin(admin.ModelAdmin):
    """Read-only: each row is one batch of buffered views and downloads written by the flush task."""

    list_display = ["batch_id", "flushed_at", "views", "downloads"]
    date_hierarchy = "flushed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
