"""The DOI registration panel's context for the editor's submission page: each registration with
its history, the wording of "nothing deposited yet" as every panel states a DOI's state, and whether
those states come from the Crossref stand-in rather than Crossref."""

from __future__ import annotations

from editorial.deposits.selectors import deposits_go_to_standin, doi_registrations_for_submission
from editorial.production.selectors import doi_status
from editorial.submissions.models import Submission


def doi_registration_panel(user, submission: Submission) -> dict:
    """The registrations of the submission's articles (the page's view has checked the user may
    manage it)."""
    return {
        "doi_registrations": doi_registrations_for_submission(submission.pk),
        "not_requested": doi_status(None),
        "standin": deposits_go_to_standin(submission.journal),
    }
