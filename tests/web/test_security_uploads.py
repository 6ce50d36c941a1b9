"""Uploads that are not what they claim, too big, zip bombs dressed as DOCX or ODT, and names
crafted to mislead: each refused with a message in the author's terms and nothing stored; what
is accepted is stored under a random name that never comes from the user."""

import io
import os
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from editorial.documents.types import PDF, PackageLimits, UnsafePackage, detect_document_type
from editorial.models import ManuscriptFile
from editorial.submissions.services import files as file_services
from tests.support.workflow_fixtures import make_pdf, ready_draft, upload

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^submissions/\d+/[0-9a-f]{32}\.(pdf|docx|odt)$")


def stored_files(media_root) -> list:
    return sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def refused(cast, draft, content: bytes, name: str) -> str:
    """The message add_file gives for this upload; asserts that nothing was stored."""
    count = draft.files.count()
    with pytest.raises(ValidationError) as excinfo:
        file_services.add_file(
            user=cast.author, submission_id=draft.pk, kind="supplement", upload=upload(content, name)
        )
    assert draft.files.count() == count
    return " ".join(excinfo.value.message_dict["file"])


def package(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with(**extra: bytes) -> bytes:
    return package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **extra})


def odt_with(**extra: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def draft(cast):
    return ready_draft(cast)


# --- Wrong type under a .pdf name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode",
        b"<!doctype html><script>alert(1)</script>",
        b"%PDF- but then just text, never ending like a PDF",
        package({"%PDF-1.4 readme.txt": b"a zip that mentions a PDF header"}),
    ],
    ids=["png", "windows-exe", "html", "pdf-header-no-end", "zip-with-pdf-header-inside"],
)
def test_a_file_of_another_type_renamed_pdf_is_refused_by_its_content(cast, draft, media_root, content):
    before = stored_files(media_root)

    message = refused(cast, draft, content, "manuscript.pdf")

    assert "is not a PDF, Word (DOCX), OpenDocument text (ODT) document (judged by its content" in message
    assert stored_files(media_root) == before


def test_a_pdf_with_junk_before_the_header_and_after_the_end_is_still_a_pdf():
    content = b"\x00junk from a mail gateway\n" + make_pdf() + b"\n\n"
    assert detect_document_type(upload(content)) == PDF


def test_an_oversize_file_is_refused_with_both_sizes(cast, draft, settings):
    settings.MANUSCRIPT_MAX_BYTES = 10_000

    message = refused(cast, draft, make_pdf() + b"%" * 20_000 + b"\n%%EOF\n", "big.pdf")

    assert "the largest file accepted is 9.8\xa0KB" in message
    assert "The file is 20.1\xa0KB" in message


# --- Zip bombs dressed as DOCX and ODT ----------------------------------------------------------------------


def test_a_docx_that_would_unpack_hundreds_of_times_larger_is_refused_as_a_zip_bomb(cast, draft, media_root):
    bomb = docx_with(**{"word/media/image1.bin": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000

    message = refused(cast, draft, bomb, "thesis.docx")

    assert "would unpack to 20.0\xa0MB from" in message
    assert "as a zip bomb does" in message
    assert [path for path in stored_files(media_root) if path.suffix == ".docx"] == []


def test_an_odt_bomb_is_refused_too(cast, draft):
    bomb = odt_with(**{"content.xml": b"<office:document-content>" + b" " * (30 * 1024 * 1024)})

    assert "as a zip bomb does" in refused(cast, draft, bomb, "paper.odt")


def test_a_package_whose_parts_add_up_past_the_limit_is_refused(cast, draft, settings):
    settings.DOCUMENT_PACKAGE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    parts = {f"word/media/photo{n}.jpg": os.urandom(512 * 1024) for n in range(6)}  # incompressible, 3 MB

    message = refused(cast, draft, docx_with(**parts), "photos.docx")

    assert "The document would unpack to 3.0\xa0MB; the most accepted is 2.0\xa0MB" in message


def test_a_package_of_thousands_of_parts_is_refused(cast, draft, settings):
    settings.DOCUMENT_PACKAGE_MAX_PARTS = 100
    parts = {f"word/part{n}.xml": b"<x/>" for n in range(150)}

    assert "a package of 152 parts" in refused(cast, draft, docx_with(**parts), "many.docx")


@pytest.mark.parametrize("name", ["../../../etc/cron.d/evil", "/etc/passwd", "..\\..\\evil.dll", "C:evil"])
def test_a_package_naming_a_part_outside_itself_is_refused(cast, draft, name):
    message = refused(cast, draft, docx_with(**{name: b"x"}), "paper.docx")

    assert "names a part outside itself" in message


def test_the_limits_are_checked_without_unpacking_a_part():
    """The sizes come from the central directory: a bomb of a gigabyte is judged in milliseconds."""
    content = docx_with(**{"word/media/zeros.bin": b"\x00" * (64 * 1024 * 1024)})
    with pytest.raises(UnsafePackage):
        detect_document_type(upload(content), PackageLimits())


def test_an_ordinary_illustrated_docx_is_accepted(cast, draft):
    parts = {f"word/media/figure{n}.png": os.urandom(200 * 1024) for n in range(5)}
    content = docx_with(**{"word/styles.xml": b"<w:styles>" + b"<w:style/>" * 5000 + b"</w:styles>"}, **parts)

    record = file_services.add_file(
        user=cast.author, submission_id=draft.pk, kind="supplement", upload=upload(content, "figures.docx")
    )

    assert record.content_type.endswith("wordprocessingml.document")


# --- Names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fault"),
    [
        ("cod\u202efdp.exe", "U+202E (right-to-left override)"),
        ("paper\u200b.pdf", "U+200B (zero width space)"),
        ("paper\x1b[31m.pdf", "U+001B"),
        ("paper\x07.pdf", "U+0007"),
        ("paper\ue000.pdf", "U+E000"),
    ],
    ids=["rtl-override", "zero-width", "terminal-escape", "bell", "private-use"],
)
def test_a_name_with_hidden_or_control_characters_is_refused_naming_the_character(cast, draft, name, fault):
    message = refused(cast, draft, make_pdf(), name)

    assert f"The file name contains {fault}" in message
    assert "Rename the file" in message


@pytest.mark.parametrize("name", ["..\\..\\windows\\evil.pdf", "..."])
def test_a_name_that_is_a_path_is_refused(cast, draft, name):
    message = refused(cast, draft, make_pdf(), name)

    assert "folder path" in message


def test_a_name_in_another_script_is_kept_in_nfc_and_never_used_for_storage(cast, draft, media_root):
    decomposed = "Cafe\u0301 \u2014 \u0441\u0442\u0430\u0442\u044c\u044f \u2116 1.pdf"

    record = file_services.add_file(
        user=cast.author, submission_id=draft.pk, kind="supplement", upload=upload(make_pdf(), decomposed)
    )

    assert record.original_name == "Caf\u00e9 \u2014 \u0441\u0442\u0430\u0442\u044c\u044f \u2116 1.pdf"
    assert STORED_NAME.match(record.file.name), record.file.name
    assert (media_root / record.file.name).is_file()


# --- Through the pages and the API --------------------------------------------------------------------------


def _multipart_upload(client, url: str, content: bytes, filename: str, **fields):
    """A multipart POST whose file part carries exactly ``filename``, as a crafted client would send."""
    file = SimpleUploadedFile("placeholder", content, content_type="application/pdf")
    file.name = filename  # bypasses the basename Django applies when the object is built
    return client.post(url, {"file": file, **fields})


def test_the_files_page_refuses_a_bomb_with_its_message_and_stores_nothing(client, cast, draft, media_root):
    client.force_login(cast.author)
    before = stored_files(media_root)
    url = reverse("draft-step", args=[draft.pk, "files"])
    bomb = docx_with(**{"word/media/zeros.bin": b"\x00" * (10 * 1024 * 1024)})

    response = _multipart_upload(client, url, bomb, "thesis.pdf", kind="supplement")

    assert response.status_code == 200
    assert "as a zip bomb does" in response.content.decode()
    assert stored_files(media_root) == before
    assert draft.files.count() == 1


def test_the_files_page_stores_a_traversal_name_under_a_random_name(client, cast, draft, media_root):
    client.force_login(cast.author)
    url = reverse("draft-step", args=[draft.pk, "files"])

    response = _multipart_upload(client, url, make_pdf(), "../../../../tmp/owned.pdf", kind="supplement")

    assert response.status_code == 302
    record = ManuscriptFile.objects.get(submission=draft, kind="supplement")
    assert record.original_name == "owned.pdf"
    assert STORED_NAME.match(record.file.name), record.file.name
    assert not (media_root.parent / "tmp").exists()
    assert all(STORED_NAME.match(str(path.relative_to(media_root))) for path in stored_files(media_root))


def test_the_api_refuses_a_renamed_file_with_400_and_the_message(client, cast, draft):
    client.force_login(cast.author)

    response = _multipart_upload(
        client, "/api/files/", b"<html></html>", "paper.pdf", submission=draft.pk, kind="supplement"
    )

    assert response.status_code == 400
    assert "judged by its content" in response.json()["file"][0]
    assert draft.files.count() == 1


def test_over_http_hidden_characters_and_folders_never_reach_the_name(client, cast, draft):
    """Django's upload parser drops path parts and unprintable characters before the service sees the
    name (the service refuses them from any other caller, above); the stored name is random anyway."""
    client.force_login(cast.author)

    response = _multipart_upload(
        client, "/api/files/", make_pdf(), "..\\..\\a\u202etxt.pdf", submission=draft.pk, kind="supplement"
    )

    assert response.status_code == 201
    record = ManuscriptFile.objects.get(pk=response.json()["id"])
    assert record.original_name == "atxt.pdf"
    assert STORED_NAME.match(record.file.name), record.file.name
