"""What a galley file is, judged by its content: a PDF, an HTML page, or a JATS XML article.

The name the typesetter gave the file is never trusted: a PDF renamed ``.xml`` is still a PDF, and
an XML file is JATS only if its root element is ``<article>`` (with or without JATS' namespace).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from editorial.documents.types import PDF, detect_document_type


@dataclass(frozen=True)
class GalleyType:
    label: str
    extension: str
    content_type: str


PDF_GALLEY = GalleyType("PDF", PDF.extension, PDF.content_type)
HTML_GALLEY = GalleyType("HTML", ".html", "text/html")
JATS_GALLEY = GalleyType("JATS XML", ".xml", "application/jats+xml")
GALLEY_TYPES = (PDF_GALLEY, HTML_GALLEY, JATS_GALLEY)

_HEAD_BYTES = 4096
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)
_XML_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def detect_galley_type(stream: BinaryIO) -> GalleyType | None:
    """PDF, HTML, JATS XML or None; the stream is left rewound."""
    if detect_document_type(stream) is PDF:
        return PDF_GALLEY
    stream.seek(0)
    head = stream.read(_HEAD_BYTES).lstrip(b"\xef\xbb\xbf")
    stream.seek(0)
    if _HTML_START.match(head):
        return HTML_GALLEY
    if head.lstrip().startswith(b"<") and _is_jats(stream):
        return JATS_GALLEY
    return None


def _is_jats(stream: BinaryIO) -> bool:
    try:
        tree = etree.parse(stream, etree.XMLParser(**_XML_PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return False
    finally:
        stream.seek(0)
    internal = tree.docinfo.internalDTD
    if internal is not None and list(internal.iterentities()):
        return False  # entities of its own (an XXE or a billion laughs): not a galley we serve
    return etree.QName(tree.getroot()).localname == "article"
