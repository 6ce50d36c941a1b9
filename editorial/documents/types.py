"""What kind of document a file is, judged by its content, never by its name.

A PDF starts with ``%PDF-`` and a version (readers accept the header anywhere in the first
kilobyte) and ends with ``%%EOF``; DOCX and ODT are zip packages, told apart by the parts inside
(``word/document.xml`` for Word, the ``mimetype`` entry for OpenDocument). A file renamed to
``.pdf`` is still what its bytes say it is.

A zip package is read from its central directory only, never unpacked here; but whatever opens
it later (a converter, a reader's office suite) would unpack it, so a package that would unpack to
far more than a manuscript holds (a zip bomb), has an absurd number of parts, or names parts
outside itself is refused (:class:`UnsafePackage`, with the reason in the user's terms).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class DocumentType:
    label: str
    extension: str
    content_type: str


PDF = DocumentType("PDF", ".pdf", "application/pdf")
DOCX = DocumentType("Word (DOCX)", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = DocumentType("OpenDocument text (ODT)", ".odt", "application/vnd.oasis.opendocument.text")
MANUSCRIPT_TYPES = (PDF, DOCX, ODT)

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_END = b"%%EOF"
_ZIP_MAGIC = b"PK\x03\x04"
# PDF readers accept a header anywhere in the first kilobyte (some tools prepend junk), and
# trailing bytes after the last %%EOF (some tools append a newline or padding).
_PDF_HEADER_WINDOW = 1024
_PDF_TRAILER_WINDOW = 2048


@dataclass(frozen=True)
class PackageLimits:
    """What a DOCX or ODT package may unpack to. A long illustrated manuscript is a few hundred
    parts and a few hundred megabytes at most; text compresses about 10:1, rarely past 100:1."""

    max_members: int = 2000
    max_uncompressed_bytes: int = 500 * 1024 * 1024
    max_ratio: int = 200
    # Below this size a part's compression ratio is not worth judging (a run of spaces in XML).
    ratio_floor_bytes: int = 1024 * 1024


class UnsafePackage(ValueError):
    """A zip package refused before anything unpacks it; the message says why, for the author."""


def detect_document_type(stream: BinaryIO, limits: PackageLimits | None = None) -> DocumentType | None:
    """PDF, DOCX, ODT or None; the stream is read from the start and left rewound.

    Raises :class:`UnsafePackage` for a zip package that is unsafe to unpack."""
    stream.seek(0)
    head = stream.read(_PDF_HEADER_WINDOW)
    try:
        if head.startswith(_ZIP_MAGIC):
            return _zip_document_type(stream, limits or PackageLimits())
        if _PDF_HEADER.search(head) and _PDF_END in _tail(stream, _PDF_TRAILER_WINDOW):
            return PDF
        return None
    finally:
        stream.seek(0)


def _tail(stream: BinaryIO, size: int) -> bytes:
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(max(0, end - size))
    return stream.read(size)


def _zip_document_type(stream: BinaryIO, limits: PackageLimits) -> DocumentType | None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as package:
            members = package.infolist()
            _check_package(members, limits)
            names = {member.filename for member in members}
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            # The mimetype entry is a few dozen bytes; a large one is not an ODT (and not read).
            small = "mimetype" in names and package.getinfo("mimetype").file_size <= 100
            if small and package.read("mimetype").strip() == ODT.content_type.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError, NotImplementedError):
        return None
    return None


def _check_package(members: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if len(members) > limits.max_members:
        raise UnsafePackage(
            f"The document is a package of {len(members)} parts; a Word or OpenDocument manuscript has at most "
            f"{limits.max_members}. It may be damaged or not a manuscript: save it again from your editor."
        )
    total = 0
    for member in members:
        name = member.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise UnsafePackage(
                "The document's package names a part outside itself, which no word processor writes. "
                "Save it again from your editor and upload that file."
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise UnsafePackage(
                f"A part of the document would unpack to {filesizeformat(member.file_size)} from "
                f"{filesizeformat(member.compress_size)} ({ratio:.0f} times larger), as a zip bomb does. "
                "Save the manuscript again from your editor and upload that file."
            )
    if total > limits.max_uncompressed_bytes:
        raise UnsafePackage(
            f"The document would unpack to {filesizeformat(total)}; the most accepted is "
            f"{filesizeformat(limits.max_uncompressed_bytes)}. Save the manuscript without embedded media, "
            "or as a PDF, and upload it again."
        )
