"""``{% production_panel %}``: the production panel of the editor's submission page, with its own
data, so the submission page's view needs no change to show it."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from editorial.permissions import can_edit_production
from editorial.production import forms as f
from editorial.production.selectors import (
    DoiStatus,
    copeditor_queryset,
    issue_choices,
    production_of,
    section_choices,
)
from editorial.production.selectors import doi_status as doi_status_in_words

register = template.Library()


@register.filter
def doi_status(registration) -> DoiStatus:
    """``{{ registration|doi_status }}``: the DOI's state as every panel words it."""
    return doi_status_in_words(registration)


@register.simple_tag(takes_context=True)
def production_panel(context) -> str:
    submission = context.get("submission")
    request = context.get("request")
    if submission is None or request is None or not can_edit_production(request.user, submission):
        return ""
    state = production_of(submission)
    article = state.article
    journal_id = submission.journal_id
    record_initial = {}
    if article is not None:
        record_initial = {
            "issue": article.issue_id,
            "section": article.section_id,
            "first_page": article.first_page,
            "last_page": article.last_page,
            "article_number": article.article_number,
            "position_in_issue": article.position_in_issue,
            "doi": article.doi if article.doi_set_by_hand else "",
        }
    panel_context = {
        "submission": submission,
        "production": state,
        "article": article,
        "copyeditor_form": f.AssignCopyeditorForm(copyeditors=copeditor_queryset(journal_id)),
        "galley_form": f.GalleyForm(),
        "record_form": f.RecordForm(
            initial=record_initial, issues=issue_choices(journal_id), sections=section_choices(journal_id)
        ),
        "publish_form": f.PublishForm(),
        "correction_form": f.CorrectionForm(),
        "retraction_form": f.RetractionForm(),
    }
    return render_to_string("production/_panel.html", panel_context, request=request)
