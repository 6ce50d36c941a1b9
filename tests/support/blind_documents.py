"""The made-up author whose name the fixtures under tests/documents/files/blind/ carry everywhere a writer
can put it, and the files themselves."""

from __future__ import annotations

from pathlib import Path

GIVEN = "Zebulon"
FAMILY = "Quartermaine"
FULL_NAME = f"{GIVEN} {FAMILY}"
EMAIL = "zebulon.q@quartermaine.example"
ORCID = "0000-0002-9079-593X"
AFFILIATION = "Smith & Wesson Institute"

# What the reviewer must not find; each is searched on its own.
SECRETS = [GIVEN, FAMILY, EMAIL, ORCID, AFFILIATION]

BODY = "The body of the manuscript argues that alliances outlast their founders."

FIXTURES = Path(__file__).resolve().parents[1] / "documents" / "files" / "blind"
# Every fixture, as each writer made it (tests/documents/files/blind/README.md)
FIXTURE_NAMES = [
    "handmade-1.4-incremental.pdf",
    "qpdf-1.5-object-streams.pdf",
    "libreoffice.pdf",
    "python-docx.docx",
    "libreoffice.docx",
    "libreoffice.odt",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
