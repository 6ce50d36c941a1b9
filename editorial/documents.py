"""What kind of document a file is, judged by its content, never by its name.

A PDF starts with ``%PDF-``; DOCX and ODT are zip packages, told apart by the parts inside
(``word/document.xml`` for Word, the ``mimetype`` entry for OpenDocument). A file renamed to
``.pdf`` is still what its bytes say it is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class DocumentType:
    label: str
    extension: str
    content_type: str


PDF = DocumentType("PDF", ".pdf", "application/pdf")
DOCX = DocumentType("Word (DOCX)", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = DocumentType("OpenDocument text (ODT)", ".odt", "application/vnd.oasis.opendocument.text")
MANUSCRIPT_TYPES = (PDF, DOCX, ODT)

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
# PDF readers accept a header anywhere in the first kilobyte (some tools prepend junk).
_PDF_HEADER_WINDOW = 1024


def detect_document_type(stream: BinaryIO) -> DocumentType | None:
    """PDF, DOCX, ODT or None; the stream is read from the start and left rewound."""
    stream.seek(0)
    head = stream.read(_PDF_HEADER_WINDOW)
    stream.seek(0)
    try:
        if _PDF_MAGIC in head:
            return PDF
        if head.startswith(_ZIP_MAGIC):
            return _zip_document_type(stream)
        return None
    finally:
        stream.seek(0)


def _zip_document_type(stream: BinaryIO) -> DocumentType | None:
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            # The mimetype entry is a few dozen bytes; a large one is not an ODT (and not read).
            small = "mimetype" in names and package.getinfo("mimetype").file_size <= 100
            if small and package.read("mimetype").strip() == ODT.content_type.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None
