"""Validators for identifiers, with messages written for the person filling in the form.

Check digits come from python-stdnum: ISSN (ISO 3297) and ORCID (an ISNI range, ISO 7064 11,2).
"""

import re

from django.core.exceptions import ValidationError
from stdnum import isni, issn

# Crossref's recommended pattern matches nearly all modern DOIs; older ones may carry other
# printable characters, so the model accepts any non-space suffix after a valid prefix.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def normalize_issn(value: str) -> str:
    """Return the ISSN as NNNN-NNNC (upper-case X), or the input unchanged if it is not one."""
    try:
        return issn.format(value)
    except Exception:
        return value.strip()


def validate_issn(value: str) -> None:
    if not issn.is_valid(value):
        raise ValidationError(
            "%(value)s is not a valid ISSN: it must be eight characters, NNNN-NNNN, and the last "
            "one is a check digit (0-9 or X). Check it against the ISSN on the journal's cover.",
            code="invalid_issn",
            params={"value": value},
        )


def normalize_orcid(value: str) -> str:
    """Accept 'https://orcid.org/0000-...' or bare digits; return the 0000-0000-0000-0000 form."""
    value = value.strip().upper()
    value = re.sub(r"^(HTTPS?://)?(WWW\.)?ORCID\.ORG/", "", value)
    digits = value.replace("-", "")
    if len(digits) == 16:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return value


def validate_orcid(value: str) -> None:
    if not ORCID_PATTERN.match(value):
        raise ValidationError(
            "%(value)s is not an ORCID iD: it looks like 0000-0002-1825-0097 (16 characters in groups of four).",
            code="invalid_orcid_format",
            params={"value": value},
        )
    if not isni.is_valid(value.replace("-", "")):
        raise ValidationError(
            "%(value)s is not a valid ORCID iD: its last character (the check digit) does not match. "
            "Copy the iD from the author's ORCID record.",
            code="invalid_orcid_checksum",
            params={"value": value},
        )


def normalize_doi(value: str) -> str:
    """Strip 'https://doi.org/', 'doi:' and surrounding punctuation; DOIs compare case-insensitively."""
    value = value.strip()
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    return value.rstrip(".,;")


def validate_doi(value: str) -> None:
    if not DOI_PATTERN.match(value):
        raise ValidationError(
            "%(value)s is not a DOI: a DOI starts with '10.', a registrant number of 4 to 9 digits, "
            "a slash and a suffix without spaces, e.g. 10.48015/2076-7404-2021-13-3-75-111.",
            code="invalid_doi",
            params={"value": value},
        )


def validate_doi_prefix(value: str) -> None:
    if not re.match(r"^10\.\d{4,9}$", value):
        raise ValidationError(
            "%(value)s is not a DOI prefix: it looks like 10.48015 ('10.' and 4 to 9 digits).",
            code="invalid_doi_prefix",
            params={"value": value},
        )
