"""The production panel's context for the editor's submission page: copyedit, galleys, proofs, the
publication record with its forms. None when the user may not edit production."""

from __future__ import annotations

from editorial.permissions import can_edit_production
from editorial.production import forms as f
from editorial.production.selectors import copeditor_queryset, issue_choices, production_of, section_choices
from editorial.submissions.models import Submission


def production_panel(user, submission: Submission) -> dict | None:
    if not can_edit_production(user, submission):
        return None
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
    return {
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
