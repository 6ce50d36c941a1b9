"""The admin: every model, searchable and filterable, with contributors and references in order.

The workflow state is read-only here: state changes go through the services (DESIGN rule 1).
"""

from django.contrib import admin
from django.db.models import Count

from editorial import models
from editorial.deposits.admin import RedepositOnSave, deposit_articles, deposit_issues
from editorial.production.admin import ArticleVersionAdmin, CopyeditAdmin, ProofRoundAdmin  # noqa: F401  (registers them)
from editorial.review.admin import ReviewPolicyAdmin  # noqa: F401  (registers the peer review models)


class SectionInline(admin.TabularInline):
    model = models.Section
    extra = 0
    fields = ["position", "title", "abbreviation", "is_active"]


@admin.register(models.Journal)
class JournalAdmin(admin.ModelAdmin):
    list_display = ["title", "abbreviation", "issn_print", "issn_online", "doi_prefix", "publisher"]
    search_fields = ["title", "title_en", "abbreviation", "issn_print", "issn_online", "doi_prefix"]
    list_filter = ["primary_language", "citation_style", "deposit_to_production"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "abbreviation", "slug", "publisher", "primary_language"]}),
        ("Identifiers", {"fields": ["issn_print", "issn_online", "doi_prefix", "doi_suffix_pattern"]}),
        ("Publishing", {"fields": ["citation_style", "license_url", "deposit_to_production"]}),
        ("About", {"fields": ["description", "contact_email"]}),
    ]


@admin.register(models.Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "journal", "position", "is_active"]
    list_filter = ["journal", "is_active"]
    search_fields = ["title", "abbreviation"]
    list_select_related = ["journal"]


@admin.register(models.Issue)
class IssueAdmin(admin.ModelAdmin):
    actions = [deposit_issues]
    list_display = ["__str__", "journal", "year", "volume", "number", "publication_date", "is_published", "n_articles"]
    list_filter = ["journal", "year", "is_published"]
    search_fields = ["title", "number", "journal__title"]
    list_select_related = ["journal"]
    date_hierarchy = "publication_date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n_articles=Count("articles"))

    @admin.display(description="articles", ordering="_n_articles")
    def n_articles(self, obj) -> int:
        return obj._n_articles


class RoleInline(admin.TabularInline):
    model = models.Role
    extra = 0
    autocomplete_fields = ["journal"]
    filter_horizontal = ["sections"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "email", "orcid", "affiliation", "country"]
    search_fields = ["family_name", "given_names", "email", "orcid", "affiliation", "expertise"]
    list_filter = ["roles__kind", "roles__journal", "country"]
    raw_id_fields = ["user"]
    inlines = [RoleInline]


@admin.register(models.Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "journal"]
    list_filter = ["kind", "journal"]
    search_fields = ["person__family_name", "person__email"]
    autocomplete_fields = ["person", "journal"]
    list_select_related = ["person", "journal"]


class AffiliationInline(admin.TabularInline):
    model = models.Affiliation
    extra = 0
    fields = ["position", "institution", "department", "address", "country", "ror_id"]


@admin.register(models.Contributor)
class ContributorAdmin(RedepositOnSave, admin.ModelAdmin):
    list_display = ["printed_name", "submission", "position", "orcid", "is_corresponding"]
    search_fields = ["family_name", "given_names", "family_name_en", "email", "orcid"]
    list_select_related = ["submission"]
    raw_id_fields = ["submission", "person"]
    inlines = [AffiliationInline]


@admin.register(models.Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["institution", "department", "country", "contributor"]
    list_filter = ["country"]
    search_fields = ["institution", "department", "contributor__family_name"]
    list_select_related = ["contributor"]
    raw_id_fields = ["contributor"]


class ContributorInline(admin.StackedInline):
    model = models.Contributor
    extra = 0
    ordering = ["position"]
    raw_id_fields = ["person"]
    show_change_link = True  # affiliations are edited on the contributor's own page
    fields = [
        ("position", "role", "is_corresponding"),
        ("given_names", "family_name"),
        ("given_names_en", "family_name_en"),
        ("email", "orcid"),
        "bio",
    ]


class ReferenceInline(admin.TabularInline):
    model = models.Reference
    extra = 0
    ordering = ["position"]
    fields = ["position", "raw_text", "doi", "year", "first_author"]


class ManuscriptFileInline(admin.TabularInline):
    model = models.ManuscriptFile
    extra = 0
    fields = ["round", "kind", "version", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # files are uploaded through the submission form, where they are checked


class EventInline(admin.TabularInline):
    model = models.Event
    extra = 0
    fields = ["created_at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is written by the services only


class DecisionInline(admin.StackedInline):
    model = models.Decision
    extra = 0
    fields = ["round", "kind", "decided_by", "decided_at", "revision_due", "subject", "letter"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # decisions are recorded by the editor's decision page, which moves the state and writes


@admin.register(models.Submission)
class SubmissionAdmin(RedepositOnSave, admin.ModelAdmin):
    list_display = ["id", "display_title", "journal", "section", "state", "language", "submitted_at"]
    list_display_links = ["id", "display_title"]
    list_filter = ["state", "journal", "section", "language"]
    search_fields = ["=id", "title", "title_en", "contributors__family_name", "contributors__family_name_en"]
    list_select_related = ["journal", "section"]
    readonly_fields = [
        "state",
        "current_round",
        "revision_due",
        "submitted_at",
        "state_changed_at",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["submitter", "handling_editor"]
    date_hierarchy = "created_at"
    inlines = [ContributorInline, ReferenceInline, ManuscriptFileInline, DecisionInline, EventInline]
    fieldsets = [
        (None, {"fields": ["journal", "section", "language", "submitter", "handling_editor"]}),
        ("Original language", {"fields": ["title", "abstract", "keywords"]}),
        ("English", {"fields": ["title_en", "abstract_en", "keywords_en"]}),
        ("Declarations", {"fields": ["originality_declared", "no_competing_interests", "competing_interests"]}),
        ("Workflow", {"fields": readonly_fields}),
    ]


@admin.register(models.Reference)
class ReferenceAdmin(RedepositOnSave, admin.ModelAdmin):
    list_display = ["submission", "position", "short_text", "doi", "year"]
    search_fields = ["raw_text", "doi", "first_author"]
    list_filter = ["year"]
    raw_id_fields = ["submission"]

    @admin.display(description="reference")
    def short_text(self, obj) -> str:
        return obj.raw_text[:100]


class GalleyInline(admin.TabularInline):
    model = models.Galley
    extra = 0
    fields = ["position", "label", "file", "content_type", "is_primary", "downloads"]
    readonly_fields = ["downloads"]


@admin.register(models.Article)
class ArticleAdmin(RedepositOnSave, admin.ModelAdmin):
    actions = [deposit_articles]
    list_display = ["__str__", "title", "issue", "pages", "status", "published_on", "views"]
    list_filter = ["status", "submission__journal", "issue"]
    search_fields = ["doi", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "issue__journal"]
    raw_id_fields = ["submission"]
    readonly_fields = ["views", "downloads", "created_at", "updated_at"]
    inlines = [GalleyInline]

    @admin.display(description="title")
    def title(self, obj) -> str:
        return obj.submission.display_title


@admin.register(models.ManuscriptFile)
class ManuscriptFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "kind", "round", "version", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["submission", "uploaded_by"]
    readonly_fields = ["sha256", "size", "content_type", "original_name"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "submission", "actor", "action", "from_state", "to_state"]
    list_filter = ["action", "to_state"]
    search_fields = ["note", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "kind", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = ["status", "attempts", "error", "sent_at"]


@admin.register(models.OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["created_at", "task_name", "args", "state", "dispatch_count", "last_dispatched_at"]
    list_filter = ["state", "task_name"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.DailyArticleMetric)
class DailyArticleMetricAdmin(admin.ModelAdmin):
    list_display = ["article", "day", "views", "downloads"]
    date_hierarchy = "day"
    raw_id_fields = ["article"]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    """Read-only: a decision is recorded with the state change and the letter it sent."""

    list_display = ["decided_at", "submission", "kind", "round", "decided_by", "revision_due"]
    list_filter = ["kind", "submission__journal"]
    search_fields = ["subject", "letter", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "decided_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Each journal's wording of its decision letters; the placeholders are listed under the body."""

    list_display = ["journal", "kind", "subject"]
    list_filter = ["journal", "kind"]
    search_fields = ["subject", "body"]
    list_select_related = ["journal"]


@admin.register(models.Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "round", "submitted_by", "submitted_at"]
    search_fields = ["response_to_reviewers", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "submitted_by"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(models.Galley)
class GalleyAdmin(admin.ModelAdmin):
    list_display = ["label", "article", "content_type", "is_primary", "downloads"]
    list_filter = ["content_type", "is_primary"]
    search_fields = ["label", "article__doi", "article__submission__title_en"]
    list_select_related = ["article"]
    raw_id_fields = ["article"]
    readonly_fields = ["downloads"]


@admin.register(models.UsageFlush)
class UsageFlushAdmin(admin.ModelAdmin):
    """Read-only: each row is one batch of buffered views and downloads written by the flush task."""

    list_display = ["batch_id", "flushed_at", "views", "downloads"]
    date_hierarchy = "flushed_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReferenceCheckResultInline(admin.TabularInline):
    model = models.ReferenceCheckResult
    extra = 0
    ordering = ["position"]
    fields = ["position", "status", "cited_doi", "suggested_doi", "detail", "applied_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # results are written by the check


@admin.register(models.ReferenceCheck)
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
        from editorial.references.services import request_reference_check

        for submission_id in sorted(set(queryset.values_list("submission_id", flat=True))):
            check = request_reference_check(submission_id=submission_id, requested_by=request.user)
            self.message_user(request, f"Submission #{submission_id}: reference check #{check.pk} queued.")


@admin.register(models.ReferenceCheckResult)
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
        from django.contrib import messages as admin_messages

        from editorial.errors import DomainError
        from editorial.references.services import apply_suggested_doi

        for result in queryset.exclude(suggested_doi="").order_by("check_run", "position"):
            try:
                reference = apply_suggested_doi(result_id=result.pk, editor=request.user)
            except DomainError as exc:
                self.message_user(request, str(exc), level=admin_messages.WARNING)
            else:
                self.message_user(request, f"Reference {reference.position}: DOI {reference.doi}.")


@admin.register(models.CrossrefLookup)
class CrossrefLookupAdmin(admin.ModelAdmin):
    list_display = ["key", "expires_at", "created_at"]
    search_fields = ["key"]
    readonly_fields = ["key", "value", "expires_at", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False  # written by reference checks when there is no Redis
