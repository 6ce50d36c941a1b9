"""The words a reference check says about one reference.

They are part of the public surface (API, ``check_references --json``), so they never change meaning.
"""

from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    DOI_NOT_FOUND = "doi_not_found"
    DOI_MISMATCH = "doi_mismatch"
    DOI_MALFORMED = "doi_malformed"
    RETRACTED = "retracted"
    CORRECTED = "corrected"
    CONCERN = "concern"
    DOI_SUGGESTED = "doi_suggested"
    NO_MATCH = "no_match"
    DUPLICATE = "duplicate"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Status.OK: "Agrees with Crossref",
    Status.DOI_NOT_FOUND: "DOI not registered",
    Status.DOI_MISMATCH: "DOI points to another work",
    Status.DOI_MALFORMED: "Not a well-formed DOI",
    Status.RETRACTED: "Retracted",
    Status.CORRECTED: "Corrected",
    Status.CONCERN: "Expression of concern",
    Status.DOI_SUGGESTED: "DOI found for it",
    Status.NO_MATCH: "Not found in Crossref",
    Status.DUPLICATE: "Cited twice",
    Status.UNVERIFIED: "Could not be checked",
}

# The order a report lists them in: what needs an editor's attention first.
REPORT_ORDER = (
    Status.RETRACTED,
    Status.DOI_MISMATCH,
    Status.DOI_NOT_FOUND,
    Status.DOI_MALFORMED,
    Status.CONCERN,
    Status.CORRECTED,
    Status.DOI_SUGGESTED,
    Status.DUPLICATE,
    Status.UNVERIFIED,
    Status.NO_MATCH,
    Status.OK,
)
