"""Production rows in the admin: read-only records of what happened (copyedits, proof rounds and
article versions change only through the production services)."""

from django.contrib import admin

from editorial import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Copyedit)
class CopyeditAdmin(ReadOnlyAdmin):
    list_display = ["submission", "copyeditor", "due_on", "state", "updated_at"]
    list_filter = ["state"]
    search_fields = ["copyeditor__family_name", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "copyeditor"]


@admin.register(models.ProofRound)
class ProofRoundAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "state", "sent_at", "answered_at"]
    list_filter = ["state"]
    search_fields = ["article__doi"]
    list_select_related = ["article"]


@admin.register(models.ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["article__doi", "note"]
    list_select_related = ["article"]
