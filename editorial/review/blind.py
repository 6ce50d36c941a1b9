"""Double-blind review: what would tell a reviewer who the authors are.

``editorial.documents.anonymize`` rewrites files (bytes in, bytes out) given the strings to remove;
this module finds those strings for a submission (its authors' names, e-mails, ORCID iDs,
affiliations and the submitter's account).
"""

from __future__ import annotations

from editorial.submissions.models import Contributor, Submission


def identifying_strings(submission: Submission) -> list[str]:
    """Every string that would tell a reviewer who the authors are, longest first."""
    values: set[str] = set()
    contributors = Contributor.objects.filter(submission=submission).select_related("person")
    for contributor in contributors.prefetch_related("affiliations"):
        values.update(
            [
                contributor.given_names,
                contributor.family_name,
                contributor.given_names_en,
                contributor.family_name_en,
                f"{contributor.given_names} {contributor.family_name}",
                contributor.email,
                contributor.orcid,
                contributor.bio,
            ]
        )
        for affiliation in contributor.affiliations.all():
            values.update([affiliation.institution, affiliation.department])
        if contributor.person is not None:
            person = contributor.person
            values.update([person.email, person.orcid, person.affiliation, person.bio, person.full_name])
    if submission.submitter_id:
        submitter = submission.submitter
        values.update([submitter.first_name, submitter.last_name, submitter.email, submitter.get_full_name()])
    return sorted((v.strip() for v in values if v and len(v.strip()) >= 3), key=len, reverse=True)
