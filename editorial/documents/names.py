"""The names of uploaded files: shown to people (and offered back on download), never used to store.

Django keeps only the last path component of an upload's name; what is left may still carry a
Windows path, control characters, or invisible formatting characters that make a name read as
something else (a right-to-left override turns ``cod.exe.pdf`` around). Such a name is refused
with a message saying which character is at fault; ordinary names in any script are kept, in NFC.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

MAX_NAME_LENGTH = 255
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def check_file_name(name: str) -> str:
    """The name in NFC, or a ValidationError naming what is wrong with it."""
    normalized = unicodedata.normalize("NFC", name)
    if not normalized.strip():
        raise ValidationError("The file has no name. Give it a name and upload it again.", code="file_name")
    if "/" in normalized or "\\" in normalized or normalized.strip(". ") == "":
        raise ValidationError(
            "The file name looks like a folder path. Upload the file itself, with a plain name.", code="file_name"
        )
    for character in normalized:
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            code_point = f"U+{ord(character):04X}"
            what = unicodedata.name(character, "an unprintable character").lower()
            raise ValidationError(
                f"The file name contains {code_point} ({what}), a hidden or control character that can disguise "
                "what a file is. Rename the file using ordinary letters, digits and punctuation, and upload it again.",
                code="file_name",
            )
    if len(normalized) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"The file name is {len(normalized)} characters long; at most {MAX_NAME_LENGTH} are accepted. "
            "Shorten it and upload the file again.",
            code="file_name",
        )
    return normalized
