"""The DOI registration panel's context for the editor's submission page: each registration with
its history, and the wording of "nothing deposited yet" as every panel states a DOI's state."""

from __future__ import annotations

from editorial.deposits.selectors import doi_registrations_for_submission
from editorial.production.selectors import doi_status
from editorial.submissions.models import Submission


def doi_registration_panel(user, submission: Submission) -> dict:
    """The registrations of the submission's articles (the page's view has checked the user may
    manage it)."""
    return {"doi_registrations": doi_registrations_for_submission(submission.pk), "not_requested": doi_status(None)}
