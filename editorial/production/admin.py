"""Production in the admin: articles with their galleys; copyedits, proof rounds and article
versions are read-only records of what happened (they change only through the production services).

An admin edit of an article is announced (``signals.article_metadata_changed``) so that the domains
above can act on it (a deposited article is deposited again); the deposits domain adds its
"deposit now" action to the article list (``editorial.deposits.admin``).
"""

from django.contrib import admin

from editorial.journals.admin import IssueListFilter
from editorial.production.models import Article, ArticleVersion, Copyedit, Galley, ProofRound
from editorial.production.signals import article_metadata_changed
from editorial.submissions.admin import report_redeposits


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class GalleyInline(admin.TabularInline):
    model = Galley
    extra = 0
    fields = ["position", "label", "file", "content_type", "is_primary", "downloads"]
    readonly_fields = ["downloads"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "issue", "pages", "status", "published_on", "views"]
    list_filter = ["status", "submission__journal", ("issue", IssueListFilter)]
    search_fields = ["doi", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "issue__journal"]
    raw_id_fields = ["submission"]
    readonly_fields = ["views", "downloads", "created_at", "updated_at"]
    inlines = [GalleyInline]

    @admin.display(description="title")
    def title(self, obj) -> str:
        return obj.submission.display_title

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        articles = Article.objects.filter(submission_id=form.instance.submission_id).order_by("pk")
        for article_id in articles.values_list("pk", flat=True):
            answers = article_metadata_changed.send(
                sender=Article, article_id=article_id, user=request.user, always=False
            )
            report_redeposits(self, request, [batch for _receiver, batch in answers if batch is not None])


@admin.register(Galley)
class GalleyAdmin(admin.ModelAdmin):
    list_display = ["label", "article", "content_type", "is_primary", "downloads"]
    list_filter = ["content_type", "is_primary"]
    search_fields = ["label", "article__doi", "article__submission__title_en"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["downloads"]


@admin.register(Copyedit)
class CopyeditAdmin(ReadOnlyAdmin):
    list_display = ["submission", "copyeditor", "due_on", "state", "updated_at"]
    list_filter = ["state"]
    search_fields = ["copyeditor__family_name", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "copyeditor"]


@admin.register(ProofRound)
class ProofRoundAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "state", "sent_at", "answered_at"]
    list_filter = ["state"]
    search_fields = ["article__doi"]
    list_select_related = ["article"]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["article__doi", "note"]
    list_select_related = ["article"]
