"""Submissions in the admin: searchable and filterable, with contributors and references in order.

The workflow state is read-only here: state changes go through the services (DESIGN rule 1). An
edit of what a submission says of itself is announced (``signals.submission_metadata_changed``),
so that the domains above can act on it (a deposited article is deposited again) and the admin
tells the editor what they did.
"""

from django.contrib import admin

from editorial.submissions.models import (
    Affiliation,
    Contributor,
    Decision,
    Event,
    LetterTemplate,
    ManuscriptFile,
    Reference,
    Revision,
    Submission,
)
from editorial.submissions.signals import submission_metadata_changed


def report_redeposits(modeladmin: admin.ModelAdmin, request, batches) -> None:
    """Tell the editor which deposit a metadata edit queued (the batches the receivers answered with)."""
    for batch in batches:
        modeladmin.message_user(request, f"The metadata changed: deposit {batch.batch_id} sends it to Crossref.")


class AnnounceMetadataChange:
    """After an admin edit, tell the domains above that the submission's metadata may have changed."""

    def submission_of(self, obj) -> Submission:
        return obj.submission

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        submission = self.submission_of(form.instance)
        answers = submission_metadata_changed.send(sender=Submission, submission=submission, user=request.user)
        for _receiver, batches in answers:
            report_redeposits(self, request, batches or [])


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    fields = ["position", "institution", "department", "address", "country", "ror_id"]


@admin.register(Contributor)
class ContributorAdmin(AnnounceMetadataChange, admin.ModelAdmin):
    list_display = ["printed_name", "submission", "position", "orcid", "is_corresponding"]
    search_fields = ["family_name", "given_names", "family_name_en", "email", "orcid"]
    list_select_related = ["submission"]
    raw_id_fields = ["submission", "person"]
    inlines = [AffiliationInline]


@admin.register(Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    list_display = ["institution", "department", "country", "contributor"]
    list_filter = ["country"]
    search_fields = ["institution", "department", "contributor__family_name"]
    list_select_related = ["contributor"]
    raw_id_fields = ["contributor"]


class ContributorInline(admin.StackedInline):
    model = Contributor
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
    model = Reference
    extra = 0
    ordering = ["position"]
    fields = ["position", "raw_text", "doi", "year", "first_author"]


class ManuscriptFileInline(admin.TabularInline):
    model = ManuscriptFile
    extra = 0
    fields = ["round", "kind", "version", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # files are uploaded through the submission form, where they are checked


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["created_at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is written by the services only


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    fields = ["round", "kind", "decided_by", "decided_at", "revision_due", "subject", "letter"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # decisions are recorded by the editor's decision page, which moves the state and writes


@admin.register(Submission)
class SubmissionAdmin(AnnounceMetadataChange, admin.ModelAdmin):
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

    def submission_of(self, obj) -> Submission:
        return obj


@admin.register(Reference)
class ReferenceAdmin(AnnounceMetadataChange, admin.ModelAdmin):
    list_display = ["submission", "position", "short_text", "doi", "year"]
    search_fields = ["raw_text", "doi", "first_author"]
    list_filter = ["year"]
    raw_id_fields = ["submission"]

    @admin.display(description="reference")
    def short_text(self, obj) -> str:
        return obj.raw_text[:100]


@admin.register(ManuscriptFile)
class ManuscriptFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "submission", "kind", "round", "version", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["submission", "uploaded_by"]
    readonly_fields = ["sha256", "size", "content_type", "original_name"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "submission", "actor", "action", "from_state", "to_state"]
    list_filter = ["action", "to_state"]
    search_fields = ["note", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
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


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Each journal's wording of its decision letters; the placeholders are listed under the body."""

    list_display = ["journal", "kind", "subject"]
    list_filter = ["journal", "kind"]
    search_fields = ["subject", "body"]
    list_select_related = ["journal"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["submission", "round", "submitted_by", "submitted_at"]
    search_fields = ["response_to_reviewers", "submission__title", "submission__title_en"]
    list_select_related = ["submission", "submitted_by"]

    def has_add_permission(self, request) -> bool:
        return False
