"""Make the double-blind fixtures once (see README.md); the files are committed, this is the record.

Run from the repository root: ``python tests/documents/files/blind/make_fixtures.py`` (needs python-docx,
pikepdf and LibreOffice's ``soffice`` on the PATH).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

import docx
import pikepdf

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.support.blind_documents import AFFILIATION, BODY, EMAIL, FAMILY, FIXTURES, FULL_NAME, GIVEN, ORCID

IDENTITY = f"{FULL_NAME}, {AFFILIATION}, {EMAIL}, ORCID {ORCID}"


# --- DOCX by python-docx, with the parts Word adds ------------------------------------------------------------


def python_docx() -> bytes:
    document = docx.Document()
    document.core_properties.author = FULL_NAME
    document.core_properties.last_modified_by = EMAIL
    document.core_properties.comments = AFFILIATION
    document.add_heading("Alliances and their founders", 1)
    body = document.add_paragraph(BODY)
    document.add_paragraph("Marker-for-character-references")
    document.add_paragraph("Marker-for-tracked-change")
    document.add_comment(body.runs, text=f"Check this, {AFFILIATION}", author=FULL_NAME, initials="ZQ")
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_word_parts(buffer.getvalue())


def _with_word_parts(content: bytes) -> bytes:
    """Add what python-docx cannot write: text as character references, a tracked change,
    people.xml, custom properties and an embedded object."""
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {name: source.read(name) for name in source.namelist()}
    document = parts["word/document.xml"].decode()
    as_references = "".join(f"&#{ord(c)};" if i % 2 == 0 else f"&#x{ord(c):X};" for i, c in enumerate(GIVEN))
    document = document.replace(
        "Marker-for-character-references",
        f"Written by {as_references} {FAMILY} of {AFFILIATION.replace('&', '&amp;')}",
    )
    document = document.replace(
        "<w:r><w:t>Marker-for-tracked-change</w:t></w:r>",
        f'<w:ins w:id="90" w:author="{FULL_NAME}" w:date="2026-01-01T00:00:00Z"><w:r><w:t>Inserted by the author, '
        f"{EMAIL}</w:t></w:r></w:ins>"
        f'<w:del w:id="91" w:author="{EMAIL}" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>{ORCID}</w:delText>'
        "</w:r></w:del>"
        '<w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" '
        'ProgID="Package" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1" r:id="rIdOle1"/></w:object></w:r>',
    )
    parts["word/document.xml"] = document.encode()
    parts["word/people.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{FULL_NAME}"><w15:presenceInfo w15:providerId="AD" w15:userId="{EMAIL}"/>'
        "</w15:person></w15:people>"
    ).encode()
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Affiliation">'
        f"<vt:lpwstr>{AFFILIATION.replace('&', '&amp;')}</vt:lpwstr></property>"
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ORCID">'
        f"<vt:lpwstr>{ORCID}</vt:lpwstr></property></Properties>"
    ).encode()
    parts["word/embeddings/oleObject1.bin"] = (
        b"\xd0\xcf\x11\xe0" + IDENTITY.encode("utf-16-le") + b"\x00" + IDENTITY.encode("latin-1")
    )
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/relationships/people" '
        'Target="people.xml"/>'
        '<Relationship Id="rIdOle1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'oleObject" Target="embeddings/oleObject1.bin"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    root_rels = (
        parts["_rels/.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
    )
    parts["_rels/.rels"] = root_rels.encode()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/word/people.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>'
            '<Override PartName="/docProps/custom.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
            '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>',
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


# --- PDF 1.4 written by hand, with an incremental update ----------------------------------------------------


def _octal(text: str) -> str:
    return "".join(f"\\{b:03o}" for b in text.encode("latin-1"))


def _hex_utf16(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def handmade_pdf() -> bytes:
    content = zlib.compress(
        f"BT /F1 12 Tf 72 720 Td ({BODY}) Tj 0 -20 Td ({_octal(GIVEN)} {FAMILY}) Tj "
        f"0 -20 Td [({EMAIL}) -250 ({ORCID})] TJ ET".encode("latin-1")
    )
    xmp = zlib.compress(
        (
            '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
            f"<dc:creator><rdf:Seq><rdf:li>{FULL_NAME}</rdf:li></rdf:Seq></dc:creator>"
            f"<pdf:Author>{EMAIL}</pdf:Author><pdf:Keywords>{AFFILIATION.replace('&', '&amp;')} {ORCID}</pdf:Keywords>"
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()
    )
    attachment = IDENTITY.encode()
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R /Outlines 8 0 R /AcroForm << /Fields [10 0 R] >> "
        b"/Names << /EmbeddedFiles << /Names [(cv.txt) 12 0 R] >> >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [9 0 R 10 0 R] >>",
        4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: f"<< /Author {_hex_utf16(FULL_NAME)} /Title ({_octal(AFFILIATION)}) /Subject ({_octal(EMAIL)}) >>".encode(),
        7: b"<< /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length %d >>\nstream\n" % len(xmp)
        + xmp
        + b"\nendstream",
        8: b"<< /Type /Outlines /First 11 0 R /Last 11 0 R /Count 1 >>",
        9: f"<< /Type /Annot /Subtype /Text /Rect [72 600 92 620] /T ({FULL_NAME}) "
        f"/Contents (A note from {GIVEN}) >>".encode(),
        10: f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (orcid) /V ({ORCID}) /Rect [72 500 300 520] "
        f"/P 3 0 R >>".encode(),
        11: f"<< /Title ({AFFILIATION}) /Parent 8 0 R /Dest [3 0 R /XYZ 0 792 0] >>".encode(),
        12: b"<< /Type /Filespec /F (cv.txt) /EF << /F 13 0 R >> >>",
        13: b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(attachment) + attachment + b"\nendstream",
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    first_xref = _write_revision(out, objects, size=14, extra=b"/Info 6 0 R")
    # The revision a writer appends when the author "removes" the name: the old object stays above.
    update = {6: f"<< /Title (Alliances) /Keywords ({FULL_NAME}) >>".encode()}
    _write_revision(out, update, size=14, extra=b"/Info 6 0 R /Prev %d" % first_xref)
    return out.getvalue()


def _write_revision(out: io.BytesIO, objects: dict[int, bytes], *, size: int, extra: bytes) -> int:
    offsets = {}
    for number, body in objects.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n")
    if 1 in objects:
        out.write(b"0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for number in sorted(objects):
            out.write(b"%010d 00000 n \n" % offsets[number])
    else:
        for number in sorted(objects):
            out.write(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, extra, xref))
    return xref


def object_stream_pdf(handmade: bytes) -> bytes:
    """PDF 1.5: the same document saved by qpdf with object streams (the Info dictionary inside one)."""
    with pikepdf.open(io.BytesIO(handmade)) as pdf:
        pdf.docinfo["/Author"] = FULL_NAME
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version="1.5")
    return out.getvalue()


# --- LibreOffice ----------------------------------------------------------------------------------------------


def libreoffice(source: Path, target: str, workdir: Path) -> bytes:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{workdir}/profile",
            "--convert-to",
            target,
            "--outdir",
            str(workdir / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    extension = target.split(":")[0]
    return (workdir / "out" / f"{source.stem}.{extension}").read_bytes()


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    written = {"python-docx.docx": python_docx(), "handmade-1.4-incremental.pdf": handmade_pdf()}
    written["qpdf-1.5-object-streams.pdf"] = object_stream_pdf(written["handmade-1.4-incremental.pdf"])
    workdir = Path(tempfile.mkdtemp())
    try:
        source = workdir / "manuscript.docx"
        source.write_bytes(written["python-docx.docx"])
        written["libreoffice.odt"] = libreoffice(source, "odt", workdir)
        written["libreoffice.pdf"] = libreoffice(source, "pdf", workdir)
        odt = workdir / "from-odt.odt"
        odt.write_bytes(written["libreoffice.odt"])
        written["libreoffice.docx"] = libreoffice(odt, "docx:MS Word 2007 XML", workdir)
    finally:
        shutil.rmtree(workdir)
    for name, data in written.items():
        (FIXTURES / name).write_bytes(data)
        print(name, len(data), "bytes")
    assert re.search(rb"/Author\s*<FEFF", written["libreoffice.pdf"]), "LibreOffice wrote the author as hex"


if __name__ == "__main__":
    main()
