"""What people agreed to at sign-up: a record to read, never to edit."""

from django.contrib import admin

from editorial.accounts.models import PrivacyConsent


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(admin.ModelAdmin):
    list_display = ["user", "journal", "given_at"]
    list_filter = ["journal"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "journal"]
    readonly_fields = ["user", "journal", "statement", "given_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
