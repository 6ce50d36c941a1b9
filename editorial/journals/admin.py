"""Journals in the admin: each journal with its sections, issues, and the people with their roles."""

from django.contrib import admin
from django.db.models import Count

from editorial.journals.models import Issue, Journal, Person, Role, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["position", "title", "abbreviation", "is_active"]


@admin.register(Journal)
class JournalAdmin(admin.ModelAdmin):
    list_display = ["title", "abbreviation", "issn_print", "issn_online", "doi_prefix", "publisher"]
    search_fields = ["title", "title_en", "abbreviation", "issn_print", "issn_online", "doi_prefix"]
    list_filter = ["primary_language", "citation_style", "deposit_to_production", "signup_open"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["title", "title_en", "abbreviation", "slug", "publisher", "primary_language"]}),
        ("Identifiers", {"fields": ["issn_print", "issn_online", "doi_prefix", "doi_suffix_pattern"]}),
        ("Publishing", {"fields": ["citation_style", "license_url", "deposit_to_production"]}),
        ("About", {"fields": ["description", "contact_email"]}),
        ("Accounts", {"fields": ["signup_open", "privacy_statement"]}),
    ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "journal", "position", "is_active"]
    list_filter = ["journal", "is_active"]
    search_fields = ["title", "abbreviation"]
    list_select_related = ["journal"]


class IssueListFilter(admin.RelatedFieldListFilter):
    """Filter a list by issue. An issue's label names its journal, so the choices are read with their
    journals in one query; Django's own filter reads the journal of each issue on its own."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or Issue._meta.ordering
        return [(issue.pk, str(issue)) for issue in Issue.objects.select_related("journal").order_by(*ordering)]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    """The deposits domain adds its "deposit now" action to this list (``editorial.deposits.admin``)."""

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
    model = Role
    extra = 0
    autocomplete_fields = ["journal"]
    filter_horizontal = ["sections"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["family_name", "given_names", "email", "orcid", "affiliation", "country"]
    search_fields = ["family_name", "given_names", "email", "orcid", "affiliation", "expertise"]
    list_filter = ["roles__kind", "roles__journal", "country"]
    raw_id_fields = ["user"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "journal"]
    list_filter = ["kind", "journal"]
    search_fields = ["person__family_name", "person__email"]
    autocomplete_fields = ["person", "journal"]
    list_select_related = ["person", "journal"]
