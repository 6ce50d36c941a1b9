"""Files as a double-blind reviewer receives them: a neutral name, and no author inside.

Documents are rewritten by libraries that understand them, never by matching bytes: a byte
search misses a name written as a PDF hex string, an octal escape, a compressed stream or an
XML character reference.

- PDF (pikepdf, i.e. qpdf): the Info dictionary and every XMP metadata stream, embedded files,
  file attachments, annotation authors, page-piece data and JavaScript are dropped; every string
  left in the object graph (annotation contents, outline titles, form field values) loses the
  identifying strings; the text operators of the pages and their form XObjects lose them where
  the text is written in a simple (byte-per-character) font encoding, also across the pieces of
  a kerned TJ array. The file is written anew, so only reachable objects of the current revision
  survive: nothing of an earlier incremental revision.

  What a page can still carry: text drawn in a CID font (glyph numbers mapped to letters only by
  the font's ToUnicode table - what LibreOffice and Word export), a name split over several text
  operators, text drawn as outlines or inside images (a scanned page, a logo). That is the body
  of the manuscript, which the author anonymises as the journal asks; an editor who finds a name
  there uploads an anonymised copy for reviewers (services/reviewer_copy.py).
- DOCX and ODT (lxml over every XML part): author properties are emptied, custom properties
  removed, comment, tracked-change and people.xml authors neutralised, embedded objects (OLE,
  ActiveX, OpenDocument sub-documents) and thumbnails removed with their relationships and
  manifest entries, other non-XML parts kept only if they are pictures, and the identifying
  strings removed from every text node and attribute value after parsing (so ``&#90;ebulon``
  and ``&amp;`` are seen as what they mean), in Word across the runs of a paragraph.

What cannot be rewritten is refused (:class:`CannotAnonymise`, with the reason for the editor):
an encrypted or broken PDF, a broken zip, an unknown package, a part that is not well-formed
XML. The caller must then not give the original to the reviewer.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import pikepdf
from lxml import etree

NEUTRAL_AUTHOR = "Author"


class CannotAnonymise(ValueError):
    """The file could not be rewritten without the authors; the message says why, for the editor."""


def reviewer_file_name(record) -> str:
    """The neutral name of a manuscript file (``submission_id``, ``round``, ``kind``, ``version``, ``file``)."""
    suffix = PurePath(record.file.name).suffix.lower()
    return f"submission-{record.submission_id}-round-{record.round}-{record.kind}-v{record.version}{suffix}"


@dataclass(frozen=True)
class _Secrets:
    """The identifying strings as one case-insensitive pattern (longest first)."""

    pattern: re.Pattern | None

    @classmethod
    def of(cls, secrets: Iterable[str]) -> _Secrets:
        values = sorted({s.strip() for s in secrets if s and s.strip()}, key=len, reverse=True)
        if not values:
            return cls(None)
        return cls(re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE))

    def remove(self, text: str) -> str:
        return self.pattern.sub("", text) if self.pattern and text else text

    def found_in(self, text: str) -> bool:
        return bool(self.pattern and text and self.pattern.search(text))

    def remove_across(self, pieces: list[str]) -> list[str]:
        """The pieces of one run of text (Word runs, a PDF TJ array) with every match removed,
        also a match that spans pieces; each piece keeps what is left of its own characters."""
        whole = "".join(pieces)
        if not self.found_in(whole):
            return pieces
        hidden = {i for match in self.pattern.finditer(whole) for i in range(match.start(), match.end())}
        cleaned, offset = [], 0
        for piece in pieces:
            cleaned.append("".join(c for i, c in enumerate(piece, start=offset) if i not in hidden))
            offset += len(piece)
        return cleaned


def scrub(content: bytes, secrets: Iterable[str]) -> bytes:
    """The document rewritten without its authors; raises CannotAnonymise if it cannot be."""
    found = _Secrets.of(secrets)
    if content[:1024].find(b"%PDF-") != -1:
        return _scrub_pdf(content, found)
    if content.startswith(b"PK\x03\x04"):
        return _scrub_package(content, found)
    raise CannotAnonymise("The file is neither a PDF nor a DOCX or ODT package.")


# --- PDF ----------------------------------------------------------------------------------------------------

# Keys whose values identify people or carry hidden payloads; dropped wherever they occur.
_PDF_DROPPED_KEYS = ("/Metadata", "/PieceInfo", "/AF", "/EmbeddedFiles", "/JavaScript", "/JS", "/LastModified")
_TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


def _scrub_pdf(content: bytes, secrets: _Secrets) -> bytes:
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError as exc:
        raise CannotAnonymise("The PDF is password-protected.") from exc
    except pikepdf.PdfError as exc:
        raise CannotAnonymise(f"The PDF cannot be read ({exc}).") from exc
    with pdf:
        if pdf.is_encrypted:
            raise CannotAnonymise("The PDF is encrypted.")
        try:
            _clean_pdf(pdf, secrets)
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        except (pikepdf.PdfError, ValueError) as exc:
            raise CannotAnonymise(f"The PDF cannot be rewritten ({exc}).") from exc
    return out.getvalue()


def _clean_pdf(pdf: pikepdf.Pdf, secrets: _Secrets) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/EmbeddedFiles", "/JavaScript"):
            if key in names:
                del names[key]
    for page in pdf.pages:
        _clean_annotations(page.obj)
        _clean_content(pdf, page, secrets)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _clean_dictionary(obj, secrets)
        elif isinstance(obj, pikepdf.Array):
            _clean_array(obj, secrets)


def _clean_annotations(page: pikepdf.Dictionary) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if annotation.get("/Subtype") == pikepdf.Name.FileAttachment:
            continue
        for key in ("/T", "/RC"):
            if key in annotation and annotation.get("/Subtype") != pikepdf.Name.Widget:
                del annotation[key]
        kept.append(annotation)
    page.Annots = kept


def _clean_dictionary(obj, secrets: _Secrets) -> None:
    for key in _PDF_DROPPED_KEYS:
        if key in obj:
            del obj[key]
    for key in list(obj.keys()):
        if key != "/Length":  # a stream's length is qpdf's to write
            obj[key] = _clean_value(obj[key], secrets)


def _clean_array(array: pikepdf.Array, secrets: _Secrets) -> None:
    for index, value in enumerate(list(array)):
        array[index] = _clean_value(value, secrets)


def _clean_value(value, secrets: _Secrets):
    if isinstance(value, pikepdf.String):
        text = str(value)
        return pikepdf.String(secrets.remove(text)) if secrets.found_in(text) else value
    if isinstance(value, pikepdf.Array) and not value.is_indirect:
        _clean_array(value, secrets)
    elif isinstance(value, pikepdf.Dictionary) and not value.is_indirect:
        _clean_dictionary(value, secrets)
    return value


def _clean_content(pdf: pikepdf.Pdf, page: pikepdf.Page, secrets: _Secrets) -> None:
    """Text shown in a byte-per-character font loses the identifying strings, in the page and in
    its form XObjects. Text in a CID font (glyph numbers, as LibreOffice and Word export it) is
    not matched here: see the module notes."""
    if secrets.pattern is None:
        return
    instructions = _cleaned_instructions(page, secrets)
    if instructions is not None:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    for form in _form_xobjects(page.obj):
        instructions = _cleaned_instructions(form, secrets)
        if instructions is not None:
            form.write(pikepdf.unparse_content_stream(instructions))


def _form_xobjects(owner, seen: set | None = None) -> list:
    seen = set() if seen is None else seen
    xobjects = owner.get("/Resources", {}).get("/XObject", {})
    forms = []
    for xobject in xobjects.values() if isinstance(xobjects, pikepdf.Dictionary) else []:
        if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            forms += [xobject, *_form_xobjects(xobject, seen)]
    return forms


def _cleaned_instructions(content, secrets: _Secrets) -> list | None:
    """The instructions with identifying strings removed from the text shown, or None if none was."""
    changed = False
    instructions = []
    for operands, operator in pikepdf.parse_content_stream(content):
        if str(operator) in _TEXT_OPERATORS:
            new = [_clean_shown(operand, secrets) for operand in operands]
            changed |= any(a is not b for a, b in zip(new, operands, strict=True))
            operands = new
        instructions.append(pikepdf.ContentStreamInstruction(operands, operator))
    return instructions if changed else None


def _clean_shown(operand, secrets: _Secrets):
    """A shown string, or a TJ array whose strings are matched as one text (a name may be split by
    kerning: ``[(Zeb) -20 (ulon)]``)."""
    if isinstance(operand, pikepdf.String):
        text = bytes(operand).decode("latin-1")
        return pikepdf.String(secrets.remove(text).encode("latin-1")) if secrets.found_in(text) else operand
    if isinstance(operand, pikepdf.Array):
        items = list(operand)
        strings = [i for i, item in enumerate(items) if isinstance(item, pikepdf.String)]
        pieces = [bytes(items[i]).decode("latin-1") for i in strings]
        cleaned = secrets.remove_across(pieces)
        if cleaned == pieces:
            return operand
        for i, text in zip(strings, cleaned, strict=True):
            items[i] = pikepdf.String(text.encode("latin-1"))
        return pikepdf.Array(items)
    return operand


# --- DOCX and ODT ---------------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_EMPTIED_ELEMENTS = {
    "{http://purl.org/dc/elements/1.1/}creator",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
    "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}initial-creator",
    "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}printed-by",
    "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creator-initials",
    "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company",
    "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Manager",
    "{http://purl.org/dc/elements/1.1/}contributor",
    "{http://purl.org/dc/elements/1.1/}publisher",
}
_REMOVED_ELEMENTS = {
    "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property",
    "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}user-defined",
    "{http://schemas.microsoft.com/office/word/2012/wordml}presenceInfo",
}
# Attributes naming a person: authors of comments and tracked changes, people.xml entries.
_PERSON_ATTRIBUTES = {"author", "initials", "userId", "providerId"}
# Embedded objects (OLE, ActiveX, OpenDocument sub-documents) go whatever they are; of the other
# parts that are not XML only pictures are kept (a thumbnail is a picture of the first page).
_EMBEDDED_PARTS = re.compile(
    r"^(word/embeddings/|word/activeX/|Obj|ObjectReplacements/|Thumbnails/|docProps/thumbnail)"
)
_KEPT_BINARY_PARTS = re.compile(r"^(mimetype$|word/media/|Pictures/)")
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)


def _scrub_package(content: bytes, secrets: _Secrets) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(content))
        names = source.namelist()
        if "word/document.xml" not in names and not (
            "mimetype" in names and source.read("mimetype").strip() == _ODT_MIMETYPE
        ):
            raise CannotAnonymise("The package is neither a Word (DOCX) nor an OpenDocument text (ODT) file.")
        dropped = {name for name in names if _drops(name, source, secrets)}
        removed_ids = _removed_relationships(source, dropped)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                if item.filename in dropped or item.is_dir():
                    continue
                data = source.read(item.filename)
                if _is_xml_part(item.filename):
                    data = _scrub_xml_part(item.filename, data, secrets, dropped, removed_ids.get(item.filename, set()))
                target.writestr(item, data)
    except zipfile.BadZipFile as exc:
        raise CannotAnonymise(f"The package is a damaged zip file ({exc}).") from exc
    return out.getvalue()


def _drops(name: str, source: zipfile.ZipFile, secrets: _Secrets) -> bool:
    if _EMBEDDED_PARTS.match(name):
        return True
    if _is_xml_part(name) or name.endswith("/"):
        return False
    return not _KEPT_BINARY_PARTS.match(name) or _binary_names_someone(source.read(name), secrets)


def _is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".rdf"))


def _binary_names_someone(data: bytes, secrets: _Secrets) -> bool:
    """A non-XML part (an image, a thumbnail) is kept unless it spells a name in plain bytes."""
    if secrets.pattern is None:
        return False
    return any(secrets.found_in(data.decode(codec, "ignore")) for codec in ("latin-1", "utf-16-le", "utf-16-be"))


def _parse(name: str, data: bytes):
    try:
        return etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise CannotAnonymise(f"The part {name} of the package is not well-formed XML ({exc}).") from exc


def _removed_relationships(source: zipfile.ZipFile, dropped: set[str]) -> dict[str, set[str]]:
    """For each part, the ids of its relationships to dropped parts (read before any part is written)."""
    removed: dict[str, set[str]] = {}
    for name in source.namelist():
        if name.endswith(".rels") and dropped:
            owner = _resolve(PurePath(name).parent.parent, PurePath(name).name[: -len(".rels")])
            removed[owner] = _drop_references(name, _parse(name, source.read(name)), dropped)
    return removed


def _scrub_xml_part(name: str, data: bytes, secrets: _Secrets, dropped: set[str], removed_ids: set[str]) -> bytes:
    root = _parse(name, data)
    tree = root.getroottree()
    _drop_references(name, root, dropped)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            _clean_text_of(element, secrets)
            continue
        if element.tag in _REMOVED_ELEMENTS or _references_removed(element, removed_ids):
            _remove_keeping_tail(element)
            continue
        if element.tag in _EMPTIED_ELEMENTS:
            for child in list(element):
                element.remove(child)
            element.text = ""
        for attribute, value in list(element.attrib.items()):
            if etree.QName(attribute).localname in _PERSON_ATTRIBUTES:
                element.set(attribute, NEUTRAL_AUTHOR if value else value)
            elif secrets.found_in(value):
                element.set(attribute, secrets.remove(value))
        _clean_text_of(element, secrets)
    for paragraph in root.iter(f"{{{_W}}}p"):
        _clean_runs(paragraph, secrets)
    docinfo = tree.docinfo
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=docinfo.standalone)


def _clean_runs(paragraph, secrets: _Secrets) -> None:
    """A Word paragraph's text nodes matched as one text: Word splits a word into runs freely."""
    nodes = [node for node in paragraph.iter(f"{{{_W}}}t", f"{{{_W}}}delText") if node.text]
    cleaned = secrets.remove_across([node.text for node in nodes])
    for node, text in zip(nodes, cleaned, strict=True):
        node.text = text


def _clean_text_of(element, secrets: _Secrets) -> None:
    if element.text and secrets.found_in(element.text):
        element.text = secrets.remove(element.text)
    if element.tail and secrets.found_in(element.tail):
        element.tail = secrets.remove(element.tail)


def _remove_keeping_tail(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _drop_references(name: str, root, dropped: set[str]) -> set[str]:
    """Remove the relationships, content-type overrides and manifest entries of dropped parts;
    the relationship ids removed, so the elements that use them can go too."""
    removed: set[str] = set()
    if name.endswith(".rels"):
        base = PurePath(name).parent.parent
        for relationship in root.findall(f"{{{_RELS}}}Relationship"):
            if relationship.get("TargetMode") == "External":
                continue
            target = _resolve(base, relationship.get("Target", ""))
            if target in dropped:
                removed.add(relationship.get("Id"))
                root.remove(relationship)
    elif name == "[Content_Types].xml":
        for override in root.findall("{*}Override"):
            if override.get("PartName", "").lstrip("/") in dropped:
                root.remove(override)
    elif name == "META-INF/manifest.xml":
        for entry in root.findall(f"{{{_MANIFEST}}}file-entry"):
            path = entry.get(f"{{{_MANIFEST}}}full-path", "")
            if path in dropped or any(d.startswith(path) for d in dropped if path.endswith("/")):
                root.remove(entry)
    return removed


def _resolve(base: PurePath, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in base.parts if p not in ("", ".")]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


_OBJECT_TAGS = {
    f"{{{_W}}}object",
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}object",
    "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}object-ole",
}


def _references_removed(element, removed_ids: set[str]) -> bool:
    """An embedded object (w:object) whose parts were dropped, or an element pointing at them."""
    if element.tag in _OBJECT_TAGS:
        return True
    if element.tag == "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}image":
        href = element.get("{http://www.w3.org/1999/xlink}href", "")
        return href.startswith("./ObjectReplacements/")
    return bool(removed_ids) and any(
        value in removed_ids for key, value in element.attrib.items() if key.startswith(f"{{{_R}}}")
    )
