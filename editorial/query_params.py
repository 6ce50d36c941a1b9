"""Ids read from query strings and form fields.

``str.isdigit`` accepts superscripts and other scripts' digits that ``int`` refuses, and an id of
thirty digits overflows the database's 64-bit integer when compared with a foreign key: both were
server errors. An id is ASCII digits; one too large for any row is 0, an id no row has.
"""

from __future__ import annotations

import re

NO_SUCH_ID = 0
_MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")


def parse_id(value: object) -> int | None:
    """The id in ``value``, NO_SUCH_ID when it is too large for a row, None when it is not an id."""
    if value is None:
        return None
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= _MAX_ID else NO_SUCH_ID
