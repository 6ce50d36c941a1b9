"""Files as a double-blind reviewer receives them: a neutral name, and no author in the metadata.

The download name is made from the submission number, round, kind and version, never from the
author's file name. The content is scrubbed of the authors' names, e-mails, ORCIDs and
affiliations: in a PDF each occurrence is overwritten in place with spaces of the same length
(so the cross-reference offsets stay right) and the Info dictionary's Author and the XMP creator
are blanked; in a DOCX or ODT package every XML part is rewritten the same way, with the
creator and last-modified-by properties emptied. Text inside compressed PDF streams is not
reachable this way; the manuscript itself is the author's to anonymise, as journals ask.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from .models import Contributor, ManuscriptFile, Submission

_PDF_FIELDS = re.compile(rb"(/(?:Author|Creator)\s*)\(((?:\\.|[^\\)])*)\)")
_XML_CREATORS = re.compile(
    rb"(<(dc:creator|cp:lastModifiedBy|meta:initial-creator|pdf:Author|xmp:CreatorTool)\b[^>]*>)(.*?)(</\2>)", re.S
)
_ZIP_SIGNATURE = b"PK\x03\x04"
_STREAM = re.compile(rb"(stream\r?\n)(.*?)(\r?\nendstream)", re.S)


def identifying_strings(submission: Submission) -> list[str]:
    """Every string that would tell a reviewer who the authors are, longest first."""
    values: set[str] = set()
    contributors = Contributor.objects.filter(submission=submission).select_related("person")
    for contributor in contributors.prefetch_related("affiliations"):
        values.update(
            [
                contributor.given_names,
                contributor.family_name,
                contributor.given_names_en,
                contributor.family_name_en,
                f"{contributor.given_names} {contributor.family_name}",
                contributor.email,
                contributor.orcid,
                contributor.bio,
            ]
        )
        for affiliation in contributor.affiliations.all():
            values.update([affiliation.institution, affiliation.department])
        if contributor.person is not None:
            person = contributor.person
            values.update([person.email, person.orcid, person.affiliation, person.bio, person.full_name])
    if submission.submitter_id:
        submitter = submission.submitter
        values.update([submitter.first_name, submitter.last_name, submitter.email, submitter.get_full_name()])
    return sorted((v.strip() for v in values if v and len(v.strip()) >= 3), key=len, reverse=True)


def reviewer_file_name(record: ManuscriptFile) -> str:
    suffix = PurePath(record.file.name).suffix.lower()
    return f"submission-{record.submission_id}-round-{record.round}-{record.kind}-v{record.version}{suffix}"


def scrub(content: bytes, secrets: Iterable[str]) -> bytes:
    secrets = [s for s in secrets if s]
    if content.startswith(_ZIP_SIGNATURE):
        try:
            return _scrub_package(content, secrets)
        except zipfile.BadZipFile:
            pass
    return _scrub_in_place(content, secrets)


def _blank(match_text: bytes) -> bytes:
    return b" " * len(match_text)


def _scrub_in_place(content: bytes, secrets: list[str]) -> bytes:
    """Same-length overwrites only, so a PDF's byte offsets stay valid. Binary (compressed) PDF
    streams are left alone: overwriting bytes there would corrupt them; XMP metadata is text."""
    if not content.startswith(b"%PDF"):
        return _scrub_text(content, secrets)
    parts, last = [], 0
    for stream in _STREAM.finditer(content):
        parts.append(_scrub_text(content[last : stream.start(2)], secrets))
        body = stream.group(2)
        if body.lstrip().startswith((b"<?xpacket", b"<x:xmpmeta")):
            body = _scrub_text(body, secrets)
        parts.append(body)
        last = stream.end(2)
    parts.append(_scrub_text(content[last:], secrets))
    return b"".join(parts)


def _scrub_text(content: bytes, secrets: list[str]) -> bytes:
    content = _PDF_FIELDS.sub(lambda m: m.group(1) + b"(" + _blank(m.group(2)) + b")", content)
    content = _XML_CREATORS.sub(lambda m: m.group(1) + _blank(m.group(3)) + m.group(4), content)
    for secret in secrets:
        for encoded in _encodings(secret):
            content = re.sub(re.escape(encoded), lambda m: _blank(m.group(0)), content, flags=re.IGNORECASE)
    return content


def _encodings(secret: str) -> list[bytes]:
    found = [secret.encode("utf-8")]
    for codec in ("latin-1", "utf-16-be"):
        try:
            encoded = secret.encode(codec)
        except UnicodeEncodeError:
            continue
        if encoded not in found:
            found.append(encoded)
    return found


def _scrub_package(content: bytes, secrets: list[str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                data = _XML_CREATORS.sub(lambda m: m.group(1) + m.group(4), data)
                for secret in secrets:
                    data = re.sub(re.escape(secret.encode("utf-8")), b"", data, flags=re.IGNORECASE)
            target.writestr(item, data)
    return out.getvalue()
