"""The anonymiser on documents as real writers make them (tests/documents/files/blind/, see its README): after
scrubbing, no encoding of the author's name, e-mail, ORCID or affiliation is left anywhere, the
file still opens and its body text remains; what cannot be rewritten is refused."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
import pikepdf
import pytest

from editorial.documents import anonymize
from tests.support.blind_documents import (
    AFFILIATION,
    BODY,
    EMAIL,
    FAMILY,
    FIXTURE_NAMES,
    FULL_NAME,
    GIVEN,
    ORCID,
    SECRETS,
    fixture,
)
from tests.support.leak_search import leaks

FIXTURES = FIXTURE_NAMES
# LibreOffice's PDF spells the name only in its Info dictionary; its page text is in glyph numbers.
FOUND_BEFORE = {name: set(SECRETS) for name in FIXTURES} | {"libreoffice.pdf": {GIVEN, FAMILY}}


@pytest.mark.parametrize("name", FIXTURES)
def test_the_leak_search_finds_the_author_in_every_unscrubbed_fixture(name):
    assert set(leaks(fixture(name), SECRETS)) == FOUND_BEFORE[name]


@pytest.mark.parametrize(
    "piece",
    [
        b"/Author <FEFF" + FULL_NAME.encode("utf-16-be").hex().upper().encode() + b">",
        b"/Title (" + "".join(f"\\{b:03o}" for b in FULL_NAME.encode()).encode() + b")",
        b"<< /Length 9 >>\nstream\n" + zlib.compress(FULL_NAME.encode()) + b"\nendstream",
        b"<w:t>&#90;ebulon &#x51;uartermaine of Smith &amp; Wesson Institute</w:t>",
        FULL_NAME.encode("utf-16-le"),
        FULL_NAME.encode("utf-16-be"),
        FULL_NAME.upper().encode(),
    ],
    ids=["pdf-hex", "pdf-octal", "flate", "xml-references", "utf-16-le", "utf-16-be", "upper-case"],
)
def test_the_leak_search_reads_every_encoding(piece):
    assert GIVEN in leaks(piece, SECRETS)


def test_the_leak_search_looks_inside_zipped_parts():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/embeddings/oleObject1.bin", EMAIL.encode("utf-16-le"))
    assert EMAIL in leaks(buffer.getvalue(), SECRETS)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_scrubbed_fixture_has_no_trace_of_the_author(name):
    assert leaks(anonymize.scrub(fixture(name), SECRETS), SECRETS) == {}


@pytest.mark.parametrize("name", ["handmade-1.4-incremental.pdf", "qpdf-1.5-object-streams.pdf"])
def test_a_scrubbed_pdf_opens_and_keeps_its_body_and_structure_but_no_metadata(name):
    with pikepdf.open(io.BytesIO(anonymize.scrub(fixture(name), SECRETS))) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert "/EmbeddedFiles" not in pdf.Root.Names
        assert BODY.encode() in pdf.pages[0].Contents.read_bytes()
        note, field = pdf.pages[0].Annots
        assert "/T" not in note
        assert str(note.Contents) == "A note from "
        assert str(field.T) == "orcid"
        assert str(field.V) == ""
        assert str(pdf.Root.Outlines.First.Title) == ""


def test_a_scrubbed_pdf_keeps_no_earlier_revision():
    original = fixture("handmade-1.4-incremental.pdf")
    assert original.count(b"startxref") == 2
    assert b"/Prev" in original
    scrubbed = anonymize.scrub(original, SECRETS)
    assert scrubbed.count(b"startxref") == 1
    assert b"/Prev" not in scrubbed


def test_a_libreoffice_pdf_loses_its_hex_author_and_still_opens():
    scrubbed = anonymize.scrub(fixture("libreoffice.pdf"), SECRETS)
    with pikepdf.open(io.BytesIO(scrubbed)) as pdf:
        assert len(pdf.pages) == 1
        assert "/Info" not in pdf.trailer


@pytest.mark.parametrize("name", ["python-docx.docx", "libreoffice.docx"])
def test_a_scrubbed_docx_opens_with_python_docx_and_keeps_its_body(name):
    document = docx.Document(io.BytesIO(anonymize.scrub(fixture(name), SECRETS)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert BODY in texts
    assert any(text.startswith("Written by") for text in texts)
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""
    assert [comment.author for comment in document.comments] == [anonymize.NEUTRAL_AUTHOR]
    assert [comment.text for comment in document.comments] == ["Check this, "]


def test_a_scrubbed_docx_loses_its_embedded_object_and_every_reference_to_it():
    scrubbed = anonymize.scrub(fixture("python-docx.docx"), SECRETS)
    with zipfile.ZipFile(io.BytesIO(scrubbed)) as package:
        names = package.namelist()
        rels = package.read("word/_rels/document.xml.rels").decode()
        document = package.read("word/document.xml").decode()
        people = package.read("word/people.xml").decode()
        custom = package.read("docProps/custom.xml").decode()
    assert not [n for n in names if n.startswith("word/embeddings/")]
    assert "oleObject" not in rels
    assert "rIdOle1" not in document
    assert 'w:author="Author"' in document
    assert "Inserted by the author, " in document
    assert 'w15:author="Author"' in people
    assert "<property" not in custom


def test_a_scrubbed_odt_keeps_its_body_and_a_valid_package():
    scrubbed = anonymize.scrub(fixture("libreoffice.odt"), SECRETS)
    with zipfile.ZipFile(io.BytesIO(scrubbed)) as package:
        first = package.infolist()[0]
        manifest = package.read("META-INF/manifest.xml").decode()
        content = package.read("content.xml").decode()
        names = package.namelist()
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert BODY in content
    assert "Thumbnails/thumbnail.png" not in names
    assert "Thumbnails/thumbnail.png" not in manifest
    for entry in ("Obj", "Thumbnails"):
        assert not [n for n in names if n.startswith(entry)]


def _encrypted_pdf() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(fixture("qpdf-1.5-object-streams.pdf"))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out.getvalue()


def _docx_with_broken_part() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(fixture("python-docx.docx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            data = source.read(item.filename)
            package.writestr(item, b"<w:document><unclosed>" if item.filename == "word/document.xml" else data)
    return out.getvalue()


def _unknown_package() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("notes.txt", FULL_NAME)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (_encrypted_pdf(), "password-protected"),
        (b"%PDF-1.4\nnot a pdf at all " + FULL_NAME.encode() + b"\n%%EOF", "cannot be"),
        (fixture("python-docx.docx")[:4000], "damaged zip"),
        (_unknown_package(), "neither a Word"),
        (_docx_with_broken_part(), "word/document.xml"),
        (f"{FULL_NAME}, {AFFILIATION}, {ORCID}".encode(), "neither a PDF"),
    ],
    ids=["encrypted-pdf", "broken-pdf", "broken-zip", "unknown-package", "malformed-xml", "not-a-document"],
)
def test_a_file_that_cannot_be_rewritten_is_refused_with_the_reason(content, reason):
    with pytest.raises(anonymize.CannotAnonymise, match=reason):
        anonymize.scrub(content, SECRETS)


def _pdf_showing(page_text: bytes, form_text: bytes) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    form = pdf.make_stream(form_text, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 612, 792])
    form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Fm1=form))
    page.obj.Contents = pdf.make_stream(page_text + b" /Fm1 Do")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _shown_text(content) -> str:
    shown = []
    for operands, _operator in pikepdf.parse_content_stream(content):
        for operand in operands:
            items = operand if isinstance(operand, pikepdf.Array) else [operand]
            shown += [bytes(item).decode("latin-1") for item in items if isinstance(item, pikepdf.String)]
    return "".join(shown)


def test_page_text_in_a_simple_font_loses_the_name_even_split_by_kerning_or_in_a_form():
    original = _pdf_showing(
        b"BT /F1 12 Tf 72 720 Td [(Body by Zeb) -20 (ulon Quarter) 15 (maine.)] TJ ET",
        b"BT /F1 12 Tf 72 700 Td (Footer: Smith & Wesson Institute) Tj ET",
    )
    with pikepdf.open(io.BytesIO(anonymize.scrub(original, SECRETS))) as pdf:
        page = pdf.pages[0]
        assert _shown_text(page) == "Body by  ."
        assert _shown_text(page.Resources.XObject.Fm1) == "Footer: "


def test_a_name_split_across_word_runs_is_removed_and_the_rest_of_the_runs_stays():
    document = docx.Document()
    paragraph = document.add_paragraph("Written by Zeb")
    paragraph.add_run("ulon Quarter").bold = True
    paragraph.add_run("maine in 2026.")
    buffer = io.BytesIO()
    document.save(buffer)
    scrubbed = docx.Document(io.BytesIO(anonymize.scrub(buffer.getvalue(), SECRETS)))
    assert [run.text for run in scrubbed.paragraphs[0].runs] == ["Written by ", " ", " in 2026."]
