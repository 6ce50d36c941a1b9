"""E-mail in the admin: every message with its delivery status (status and attempts are the sender's)."""

from django.contrib import admin

from editorial.mail.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = ["status", "attempts", "error", "sent_at"]
