"""Reference lists as authors paste them: split into numbered references, then read each one's parts.

The raw text of every reference is kept exactly as written; the parsed fields are a best reading of
it, used to check the reference against Crossref and to prefill the form. The reading is tuned to
the styles journals like ours print (author-year ELPUB/RSCI lists with transliterated Russian titles
and an English translation in brackets, "In: ... (ed.)" chapters), and also reads APA, Vancouver and
GOST ("//") references well enough to check them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from urllib.parse import unquote

# Crossref's recommended pattern: it matches nearly every DOI registered since 2000.
CROSSREF_DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)

# A DOI as printed: "DOI: 10...", "doi:10...", "DOI 10...", "https://doi.org/10...".
_DOI_MARKED = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|\bdoi(?:\s*:\s*|\s+(?=10\.)))(?P<doi>\S*)",
    re.IGNORECASE,
)
_DOI_BARE = re.compile(r"(?<![\w./])10\.\d{4,9}/\S+")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_LEAD = re.compile(r"(?:Available\s+at|URL|Retrieved\s+from|Режим\s+доступа)\s*:?\s*$", re.IGNORECASE)
_ACCESSED = re.compile(r"\s*[(\[]\s*(?:accessed|дата\s+обращения|retrieved)\b[^)\]]*[)\]]", re.IGNORECASE)
_LANGUAGE_NOTE = re.compile(r"[(\[]\s*(?:in|на)\s+(?P<language>[^\W\d_]+)\.?(?:\s+яз\.)?\s*[)\]]", re.IGNORECASE)

_NUMBERED = re.compile(r"^\s*(?:\[(?P<bracketed>\d{1,4})\]|(?P<number>\d{1,4})[.)])\s+(?P<text>\S.*)$")
# A wrapped list may skip a number or two where a line was lost; a bigger jump is a line that
# merely starts with a number (a year, a page), not the next reference.
_MAX_NUMBER_GAP = 3

_UP = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁ"
_LOW = "a-zß-öø-ÿа-яё"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|la|le|del|dos|das|ter|ten|bin|al)"
_NAME_WORD = rf"[{_UP}][{_LOW}{_UP}’'\-]*"
_SURNAME = rf"(?:{_PARTICLE}\s+)*{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD})*?"
_INITIAL = rf"[{_UP}][{_LOW}]?\."
_INITIALS = rf"{_INITIAL}(?:\s?-?\s?{_INITIAL})*"
_BARE_INITIALS = rf"[{_UP}]{{1,3}}(?=[,.;:\s]|$)"
_AUTHOR = re.compile(
    rf"(?P<surname>{_SURNAME})(?:\s+{_INITIALS}|,\s+{_INITIALS}|\s+{_BARE_INITIALS})",
)
_AUTHOR_SEPARATOR = re.compile(r",?\s*(?:and|&|и)\s+|,\s*|;\s*")
_ET_AL = re.compile(r",?\s*(?:et\s+al\.?|и\s+др\.?)")
_EDITORS_MARK = re.compile(r",?\s*\((?:eds?|Eds?|ред|сост)\.?\)")
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)"
_YEAR_AFTER_AUTHORS = re.compile(rf"[.,]?\s*\(?{_YEAR}\)?(?:[.,:]\s*|\s+)")
_ORGANIZATION_AND_YEAR = re.compile(rf"^(?P<authors>[^.()\d]{{2,150}}?)\.?\s*\(?{_YEAR}\)?[.,]\s+")
_ANY_YEAR = re.compile(rf"(?<![\d\-–/.]){_YEAR}(?![\d\-–])")

_SENTENCE_END = re.compile(r"([.?!])([”\"’»]?)(?=\s|$)")
_NOT_SENTENCE_END = {"vs", "e.g", "i.e", "st", "dr", "mr", "mrs", "no", "vol", "cf", "ed", "eds", "etc", "jr", "pp"}

_CHAPTER = re.compile(r"^(?:In|В|В\s+кн\.)\s*:?\s+(?P<body>\S.*)$", re.DOTALL)
# Where a journal's name ends: at its volume, issue or pages ("_SERIAL"), or at the year that
# Vancouver and GOST styles print after it.
_SERIAL_MARK = re.compile(
    r",\s*(?:vol|volume|т|tom|no|nr|issue|iss|pp?|рр?|с)\.?\s*[\dIVXS]"
    r"|,\s*№"
    r"|,\s*\d+\s*\("
    r"|\s\d+\s*\(\d"
    r"|,\s*\d+\s*[,:]\s*\d",
    re.IGNORECASE,
)
_YEAR_MARK = re.compile(r"[.,;]\s*(?:1[5-9]|20)\d\d[a-z]?\s*(?:[;,.]|$)")
_PLACE_PUBLISHER = re.compile(r"^(?P<place>[^,:;.]{2,60})[,:]\s*(?P<publisher>[^;]+?)(?:[;,]\s*(?:1[5-9]|20)\d\d)?\.?$")

_NUMBERISH = r"(?:[A-Z]?\d[\w\-–/]*|[IVXLC]+\b)"
_VOLUME = re.compile(rf"(?<!\w)(?:vol|volume|т|tom)\.?\s*(?P<value>{_NUMBERISH})", re.IGNORECASE)
_ISSUE = re.compile(rf"(?<!\w)(?:no|nr|issue|iss|вып)\.?\s*(?P<value>{_NUMBERISH})|№\s*(?P<value2>{_NUMBERISH})", re.I)
_PAGES = re.compile(r"(?<!\w)(?:pp?|рр?|сс?|с|s)\.\s*(?P<value>\d+\s*[-–—]\s*\d+|[A-Za-z]?\d+)", re.IGNORECASE)
_PAGE_RANGE = r"[A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?"
_COMPACT_CITATION = [
    # Vancouver / ELPUB: 2021;13(3):75-111
    re.compile(rf"(?:1[5-9]|20)\d\d\s*;\s*(?P<volume>\w+)\s*(?:\((?P<issue>[^)]+)\))?\s*:\s*(?P<pages>{_PAGE_RANGE})"),
    # APA: , 18(1), 30-38
    re.compile(rf",\s*(?P<volume>\d+)\s*\((?P<issue>[^)]+)\)\s*,\s*(?P<pages>{_PAGE_RANGE})"),
    # Chicago: 9 (4): 3-43
    re.compile(rf"\s(?P<volume>\d+)\s*\((?P<issue>[^)]+)\)\s*:\s*(?P<pages>{_PAGE_RANGE})"),
]
_PAGES_IN_PARENS = re.compile(rf"\s*\((?:pp?\.|с\.)\s*(?P<pages>{_PAGE_RANGE})\)")
_TRANSLATION = re.compile(r"^(?P<title>.*?)\s*\[(?P<translation>[^\]]+)\]\s*$", re.DOTALL)


@dataclass(frozen=True)
class ParsedReference:
    """One reference: what was printed, and what could be read from it."""

    position: int
    raw_text: str
    doi: str = ""  # a DOI that matches Crossref's pattern, as printed (case kept)
    malformed_doi: str = ""  # what follows a DOI marker when it is not a DOI
    authors: str = ""
    first_author: str = ""  # the surname only
    year: int | None = None
    year_suffix: str = ""  # the "a" of "2019a"
    title: str = ""  # as printed, without the bracketed translation
    translated_title: str = ""  # the English translation printed in brackets
    container: str = ""  # the journal, or the book a chapter is in
    kind: str = "other"  # article, chapter, book or other
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    editors: str = ""
    url: str = ""
    language_note: str = ""  # "Russ." of "(In Russ.)"

    @property
    def printed_title(self) -> str:
        """The title with its bracketed translation, as the list prints it."""
        if self.translated_title:
            return f"{self.title} [{self.translated_title}]".strip()
        return self.title

    @property
    def query_text(self) -> str:
        """What to send to a bibliographic search: the citation without links, notes or a broken DOI."""
        text = _URL.sub(" ", self.raw_text)
        text = _DOI_MARKED.sub(" ", text)
        text = _LANGUAGE_NOTE.sub(" ", text)
        text = _ACCESSED.sub(" ", text)
        return re.sub(r"\s+", " ", text).strip(" .,")

    def model_fields(self) -> dict[str, object]:
        """The fields of editorial's Reference model this reading fills, cut to their column sizes."""
        return {
            "doi": self.doi[:255],
            "first_author": self.first_author[:150],
            "authors": self.authors[:1000],
            "year": self.year,
            "title": self.printed_title,
            "container": self.container[:500],
            "volume": self.volume[:30],
            "issue": self.issue[:30],
            "pages": self.pages[:30],
            "url": self.url[:1000],
        }

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def is_doi(value: str) -> bool:
    return bool(CROSSREF_DOI.match(value))


def normalize_doi(value: str) -> str:
    """The DOI without a resolver prefix or trailing punctuation; compare DOIs lower-cased."""
    value = unquote(value.strip())
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi\s*:\s*)", "", value, flags=re.IGNORECASE)
    return _trim_trailing(value)


def split_translation(title: str) -> tuple[str, str]:
    """'Rossiya kak ... [Russia as ...]' -> ('Rossiya kak ...', 'Russia as ...')."""
    match = _TRANSLATION.match(title)
    if match and match.group("title"):
        return match.group("title").strip(), match.group("translation").strip()
    return title.strip(), ""


def split_references(text: str) -> list[tuple[int, str]]:
    """Pasted text -> [(printed number, raw text)].

    Numbered lists ("1. ...", "[1] ...", "1) ...") keep their printed numbers, and lines that do not
    start the next number continue the reference above (a wrapped line). Text before the first number
    (a "References" heading) is not a reference. Unnumbered lists are numbered from 1: one reference
    per paragraph when paragraphs are separated by blank lines, otherwise one per line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if any(_NUMBERED.match(line) for line in lines):
        return _split_numbered(lines)
    return _split_unnumbered(lines)


def _split_numbered(lines: list[str]) -> list[tuple[int, str]]:
    references: list[list] = []
    for line in lines:
        match = _NUMBERED.match(line)
        number = int(match.group("bracketed") or match.group("number")) if match else None
        last = references[-1][0] if references else 0
        if number is not None and last < number <= last + _MAX_NUMBER_GAP:
            references.append([number, [match.group("text").rstrip()]])
        elif references and line.strip():
            references[-1][1].append(line.strip())
    return [(number, " ".join(parts)) for number, parts in references]


def _split_unnumbered(lines: list[str]) -> list[tuple[int, str]]:
    text = "\n".join(lines).strip()
    if re.search(r"\n\s*\n", text):
        chunks = [" ".join(part.strip() for part in block.split("\n")) for block in re.split(r"\n\s*\n", text)]
    else:
        chunks = [line.strip() for line in lines]
    return [(position, chunk) for position, chunk in enumerate((c for c in chunks if c), start=1)]


def parse_reference_list(text: str) -> list[ParsedReference]:
    return [parse_reference(raw, position=number) for number, raw in split_references(text)]


def parse_reference(raw_text: str, *, position: int = 1) -> ParsedReference:
    """Read one reference; whatever cannot be read is left blank, never guessed."""
    doi, malformed = _find_doi(raw_text)
    url = _find_url(raw_text)
    language = _LANGUAGE_NOTE.search(raw_text)
    body = _strip_identifiers(raw_text)
    authors, surname, after_authors = _read_authors(body)
    year, suffix, rest = _read_year(after_authors)
    parts = _read_title_and_source(rest)
    tail = parts.pop("_tail")
    if year is None:
        year, suffix = _first_year(tail)
    return ParsedReference(
        position=position,
        raw_text=raw_text,
        doi=doi,
        malformed_doi=malformed,
        authors=authors,
        first_author=surname,
        year=year,
        year_suffix=suffix,
        url=url,
        language_note=language.group("language") if language else "",
        **parts,
    )


def _trim_trailing(value: str) -> str:
    value = value.strip().strip("<>\"'“”‘’«»")
    while True:
        trimmed = value.rstrip(".,;:")
        for close, opening in ((")", "("), ("]", "[")):
            if trimmed.endswith(close) and trimmed.count(close) > trimmed.count(opening):
                trimmed = trimmed[:-1]
        if trimmed == value:
            return value
        value = trimmed


def find_doi(text: str) -> str:
    """The first DOI printed in the text, or ''."""
    return _find_doi(text)[0]


def _find_doi(text: str) -> tuple[str, str]:
    """(DOI, "") for the first printed DOI; ("", what was printed) when a DOI marker holds no DOI."""
    malformed = ""
    for match in _DOI_MARKED.finditer(text):
        candidate = normalize_doi(match.group("doi"))
        if is_doi(candidate):
            return candidate, ""
        malformed = malformed or candidate or "(nothing after the DOI label)"
    if malformed:
        return "", malformed
    for match in _DOI_BARE.finditer(text):
        candidate = _trim_trailing(match.group(0))
        if is_doi(candidate):
            return candidate, ""
    return "", ""


def _find_url(text: str) -> str:
    for match in _URL.finditer(text):
        url = _trim_trailing(match.group(0))
        if not re.match(r"https?://(?:dx\.)?doi\.org/", url, re.IGNORECASE):
            return url
    return ""


def _strip_identifiers(text: str) -> str:
    """The citation without DOI, links, access dates and language notes: what is left to read."""
    text = _ACCESSED.sub("", text)
    text = _LANGUAGE_NOTE.sub("", text)
    text = _DOI_MARKED.sub("", text)
    text = _URL.sub("", text)
    text = re.sub(r"(?:Available\s+at|URL|Retrieved\s+from|Режим\s+доступа)\s*:?\s*(?=[.\s]*$)", "", text, flags=re.I)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?:\s*[.,;])+$", "", text)
    return text.strip()


def _read_authors(text: str) -> tuple[str, str, str]:
    """(authors as printed, first author's surname, the text after the author block)."""
    match = _AUTHOR.match(text)
    if match is None:
        return _read_organization(text)
    surname, end = match.group("surname"), match.end()
    while True:
        separator = _AUTHOR_SEPARATOR.match(text, end)
        following = _AUTHOR.match(text, separator.end()) if separator else None
        if following is None:
            break
        end = following.end()
    for marker in (_ET_AL, _EDITORS_MARK):
        extra = marker.match(text, end)
        if extra:
            end = extra.end()
    return text[:end].strip(" ,"), surname.strip(), text[end:]


def _read_organization(text: str) -> tuple[str, str, str]:
    """A corporate author: 'World Bank. 2020. Title...' (only when a year follows the name)."""
    match = _ORGANIZATION_AND_YEAR.match(text)
    if match is None:
        return "", "", text
    authors = match.group("authors").strip(" ,.")
    # Chicago and MLA print the first author inverted with full given names: 'Walt, Stephen M.'
    inverted = re.match(rf"^(?P<surname>{_SURNAME}),\s+[{_UP}][{_LOW}]+", authors)
    return authors, inverted.group("surname") if inverted else authors, text[match.end("authors") :]


def _read_year(text: str) -> tuple[int | None, str, str]:
    match = _YEAR_AFTER_AUTHORS.match(text)
    if match is None:
        return None, "", text.lstrip(" .,:")
    return int(match.group("year")), match.group("suffix"), text[match.end() :]


def _first_year(text: str) -> tuple[int | None, str]:
    match = _ANY_YEAR.search(text)
    return (int(match.group("year")), match.group("suffix")) if match else (None, "")


def _sentence_end(text: str) -> tuple[int, int] | None:
    """(end of the first sentence, start of the next) outside brackets and quotes, initials skipped.

    'U. S. strategy in a unipolar world. In: ...' ends after 'world', not after 'U.'.
    """
    for match in _SENTENCE_END.finditer(text):
        start = match.start()
        if _depth(text[:start]) > 0:
            continue
        word = re.search(r"(\S+)$", text[:start])
        token = word.group(1) if word else ""
        if match.group(1) == "." and (re.fullmatch(rf"[{_UP}]", token) or token.lower() in _NOT_SENTENCE_END):
            continue
        following = text[match.end() :].lstrip()
        if following and following[0].islower():
            continue
        if match.group(1) in "?!":
            if _reads_as_source(following):
                return match.end(), match.end()
            continue  # 'Do alliances deter aggression? The influence of ...': a subtitle follows
        return start, match.end()
    return None


def _reads_as_source(text: str) -> bool:
    """Whether the text after a '?' is where the work was published rather than more of its title."""
    if not text or _CHAPTER.match(text):
        return True
    end = _sentence_end(text)
    sentence = text[: end[0]] if end else text
    return end is None or bool(_SERIAL_MARK.search(sentence) or _PLACE_PUBLISHER.match(sentence))


def _depth(text: str) -> int:
    return text.count("[") - text.count("]") + text.count("(") - text.count(")")


def _first_sentence(text: str) -> tuple[str, str]:
    end = _sentence_end(text)
    if end is None:
        return text.strip(" ."), ""
    return text[: end[0]].strip(), text[end[1] :].strip()


def _read_title_and_source(rest: str) -> dict[str, str]:
    rest = rest.strip(" .,:")
    if " // " in rest and (_sentence_end(rest) is None or rest.index(" // ") < _sentence_end(rest)[0]):
        title, tail = rest.split(" // ", 1)
        title = title.split(" / ")[0]
    else:
        title, tail = _first_sentence(rest)
    title, translation = split_translation(title.strip().strip('“”"«»'))
    fields = {"title": title, "translated_title": translation, "_tail": tail}
    chapter = _CHAPTER.match(tail)
    if chapter:
        fields |= _read_chapter(chapter.group("body"))
    elif _SERIAL_MARK.search(tail) or (_YEAR_MARK.search(tail) and not _PLACE_PUBLISHER.match(tail)):
        fields |= _read_serial(tail)
    elif tail:
        fields |= _read_book(tail)
    return fields


def _read_serial(tail: str) -> dict[str, str]:
    end = min(match.start() for pattern in (_SERIAL_MARK, _YEAR_MARK) if (match := pattern.search(tail)))
    return {"kind": "article", "container": tail[:end].strip(" .,"), **_numbers(tail[end:])}


def _read_chapter(body: str) -> dict[str, str]:
    editors = ""
    mark = _EDITORS_MARK.search(body)
    if mark:
        editors, body = body[: mark.start()].strip(" ,"), body[mark.end() :].lstrip(" .,")
    pages = _PAGES_IN_PARENS.search(body)
    if pages:
        book, tail = body[: pages.start()].strip(" ,."), body[pages.end() :].strip(" .,")
        numbers = {"pages": _dash(pages.group("pages"))}
    else:
        book, tail = _first_sentence(body)
        numbers = _numbers(tail)
    book = split_translation(book.strip('“”"«»'))[0]
    place_publisher = _place_and_publisher(_PAGES.sub("", tail).strip(" ,."))
    return {"kind": "chapter", "container": book, "editors": editors, **place_publisher, **numbers}


def _read_book(tail: str) -> dict[str, str]:
    return {"kind": "book", **_place_and_publisher(_PAGES.sub("", tail).strip(" ,.")), **_numbers(tail)}


def _place_and_publisher(text: str) -> dict[str, str]:
    match = _PLACE_PUBLISHER.match(text)
    if match:
        return {"place": match.group("place").strip(), "publisher": match.group("publisher").strip(" ,.")}
    text = re.sub(r"[;,.]?\s*(?:1[5-9]|20)\d\d$", "", text).strip(" ,.;")
    return {"publisher": text} if text else {}


def _numbers(text: str) -> dict[str, str]:
    """Volume, issue and pages, from 'vol. 18, no. 1, pp. 30-38', '2021;13(3):75-111' or '18(1), 30-38'."""
    for pattern in _COMPACT_CITATION:
        match = pattern.search(text)
        if match:
            return {
                "volume": match.group("volume"),
                "issue": (match.group("issue") or "").strip(),
                "pages": _dash(match.group("pages")),
            }
    found = {}
    if volume := _VOLUME.search(text):
        found["volume"] = volume.group("value")
    if issue := _ISSUE.search(text):
        found["issue"] = issue.group("value") or issue.group("value2")
    if pages := _PAGES.search(text):
        found["pages"] = _dash(pages.group("value"))
    return {name: value.rstrip(".,") for name, value in found.items()}


def _dash(pages: str) -> str:
    return re.sub(r"\s*[-–—]\s*", "-", pages.strip())
