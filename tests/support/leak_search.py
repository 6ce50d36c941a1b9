"""Where a document still spells a name, in any way a reader or a tool could recover it.

Every piece of a file is searched: the bytes themselves, every unzipped part of a package
(recursively), and every stream of a PDF inflated twice over (zlib over every ``stream ...
endstream`` in the raw bytes, which reaches objects of earlier revisions too, and pikepdf's
decoding of every stream it can reach). Each piece is read in every encoding a writer uses:
UTF-8/Latin-1, UTF-16 in both byte orders, PDF literal strings with octal and backslash escapes
undone, hex strings decoded, and XML with character references (decimal and hex) and entities
undone. Matching ignores case.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib

import pikepdf

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_HEX_RUN = re.compile(rb"(?:[0-9A-Fa-f]{2}\s*){3,}")
_PDF_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_PDF_SIMPLE_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def leaks(content: bytes, secrets: list[str]) -> dict[str, list[str]]:
    """{secret: [where it was found]} for every secret found anywhere; empty when clean."""
    found: dict[str, list[str]] = {}
    for where, piece in pieces(content):
        for view in _views(piece):
            for secret in secrets:
                if secret.lower() in view.lower() and where not in found.get(secret, []):
                    found.setdefault(secret, []).append(where)
    return found


def pieces(content: bytes, where: str = "file") -> list[tuple[str, bytes]]:
    """The file and everything inside it that can be unpacked or inflated."""
    found = [(where, content)]
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as package:
                for name in package.namelist():
                    found += pieces(package.read(name), f"{where}:{name}")
        except zipfile.BadZipFile:
            pass
    for number, match in enumerate(_STREAM.finditer(content)):
        body = match.group(1)
        for start in range(0, min(len(body), 4)):
            try:
                found.append((f"{where}:raw stream {number}", zlib.decompressobj().decompress(body[start:])))
                break
            except zlib.error:
                continue
    if b"%PDF-" in content[:1024]:
        found += _pikepdf_streams(content, where)
    return found


def _pikepdf_streams(content: bytes, where: str) -> list[tuple[str, bytes]]:
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PdfError:
        return []
    found = []
    with pdf:
        for index, obj in enumerate(pdf.objects):
            if isinstance(obj, pikepdf.Stream):
                try:
                    found.append((f"{where}:object {index}", obj.read_bytes()))
                except pikepdf.PdfError:
                    found.append((f"{where}:object {index}", obj.read_raw_bytes()))
            if isinstance(obj, pikepdf.Object):
                found.append((f"{where}:object {index}", _unparse(obj)))
    return found


def _unparse(obj) -> bytes:
    try:
        return obj.unparse(resolved=True)
    except (AttributeError, pikepdf.PdfError):
        return b""


def _views(piece: bytes) -> list[str]:
    views = [piece.decode("latin-1"), piece.decode("utf-8", "ignore")]
    views += [piece.decode(codec, "ignore") for codec in ("utf-16-le", "utf-16-be")]
    views += [piece[1:].decode(codec, "ignore") for codec in ("utf-16-le", "utf-16-be")]
    unescaped = _PDF_ESCAPE.sub(_pdf_unescape, piece)
    views += [
        unescaped.decode("latin-1"),
        unescaped.decode("utf-16-be", "ignore"),
        unescaped[1:].decode("utf-16-be", "ignore"),
    ]
    for match in _HEX_RUN.finditer(piece):  # hex strings <FEFF...> and hex digits anywhere else
        digits = re.sub(rb"\s", b"", match.group(0)).decode()
        for start in (0, 1):
            raw = bytes.fromhex(digits[start : start + (len(digits) - start) // 2 * 2])
            views += [raw.decode("latin-1"), raw.decode("utf-16-be", "ignore"), raw[1:].decode("utf-16-be", "ignore")]
    views.append(html.unescape(piece.decode("utf-8", "ignore")))
    return views


def _pdf_unescape(match: re.Match) -> bytes:
    code = match.group(1)
    if code[:1].isdigit() and all(48 <= c <= 55 for c in code):
        return bytes([int(code, 8) & 0xFF])
    return _PDF_SIMPLE_ESCAPES.get(code, code)
