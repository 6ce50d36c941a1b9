"""Does a Crossref record describe the work a reference cites?

Four fields are compared: the first author's surname, the year, the title and the journal or book.
Titles are compared after folding (case, accents, punctuation, spacing) and, when one side is
Cyrillic, against every transliteration scheme's reading of it; the citation's bracketed English
translation counts as a title too. Similarity is rapidfuzz's normalized Levenshtein ratio, so a
misprint or a dropped space ("o f", "balance ofpower") still agrees while another work does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from editorial.bibliography.parser import ParsedReference, normalize_doi
from editorial.bibliography.status import Status
from editorial.bibliography.transliteration import fold, has_cyrillic, latin_readings, skeleton

TITLE_AGREES = 85.0
CONTAINER_AGREES = 85.0
SAME_TITLE_IN_ONE_LIST = 95.0
MAIN_TITLE_MIN_CHARS = 12

BOOK_TYPES = {"book", "monograph", "edited-book", "reference-book", "book-set", "book-series"}
DATE_FIELDS = ("issued", "published-print", "published-online", "published")
# Only what the checker reads is kept (and cached): a full Crossref record can carry hundreds of references.
KEPT_FIELDS = (
    "DOI", "type", "title", "subtitle", "original-title", "short-title", "author", "editor", *DATE_FIELDS,
    "container-title", "short-container-title", "publisher", "volume", "issue", "page",
    "update-to", "updated-by", "relation", "score",
)  # fmt: skip
_AUTHORS_KEPT = 10

RETRACTION_TYPES = {"retraction", "partial_retraction", "withdrawal", "removal"}
CONCERN_TYPES = {"expression_of_concern"}
CORRECTION_TYPES = {"correction", "erratum", "corrigendum", "addendum", "clarification"}
UPDATE_SOURCES = {"retraction-watch": "Retraction Watch", "publisher": "the publisher"}


def slim_work(message: dict[str, Any]) -> dict[str, Any]:
    """The parts of a Crossref work message the checker uses."""
    slim = {name: message[name] for name in KEPT_FIELDS if name in message}
    for role in ("author", "editor"):
        if role in slim:
            slim[role] = [
                {key: person[key] for key in ("family", "given", "name", "sequence") if key in person}
                for person in slim[role][:_AUTHORS_KEPT]
            ]
    return slim


@dataclass(frozen=True)
class RegisteredWork:
    """A Crossref work message, read."""

    doi: str
    type: str
    titles: list[str]
    year: int | None
    years: frozenset[int]
    surnames: list[str]  # authors in order, or editors when there are no authors
    containers: list[str]
    publisher: str
    volume: str
    issue: str
    page: str
    message: dict[str, Any] = field(repr=False)

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> RegisteredWork:
        return cls(
            doi=message.get("DOI", ""),
            type=message.get("type", ""),
            titles=_registered_titles(message),
            year=_year_of(message.get("issued")) or next(iter(sorted(_years(message))), None),
            years=frozenset(_years(message)),
            surnames=_surnames(message.get("author") or []) or _surnames(message.get("editor") or []),
            containers=[*_strings(message.get("container-title")), *_strings(message.get("short-container-title"))],
            publisher=message.get("publisher", ""),
            volume=str(message.get("volume", "")),
            issue=str(message.get("issue", "")),
            page=str(message.get("page", "")),
            message=message,
        )

    @property
    def title(self) -> str:
        return self.titles[0] if self.titles else ""

    @property
    def container(self) -> str:
        return self.containers[0] if self.containers else ""

    def describe(self) -> str:
        """'"The Stability of a Unipolar World" (1999)', as a report names the work."""
        title = f'"{self.title}"' if self.title else "an untitled work"
        return f"{title} ({self.year})" if self.year else title

    def summary(self) -> dict[str, Any]:
        """What a report stores and shows of the registered record."""
        return {
            "doi": self.doi,
            "type": self.type,
            "title": self.title,
            "authors": self.surnames[:5],
            "year": self.year,
            "container": self.container,
            "publisher": self.publisher,
            "volume": self.volume,
            "issue": self.issue,
            "page": self.page,
            "updates": updates_of(self.message),
        }


@dataclass(frozen=True)
class Comparison:
    field: str  # first_author, year, title, container
    agrees: bool | None  # None: one side is missing, or a translated name cannot be compared
    cited: str
    registered: str
    score: float | None = None


def compare(reference: ParsedReference, work: RegisteredWork) -> dict[str, Comparison]:
    return {
        "first_author": compare_first_author(reference, work),
        "year": compare_year(reference, work),
        "title": compare_title(reference, work),
        "container": compare_container(reference, work),
    }


def compare_first_author(reference: ParsedReference, work: RegisteredWork) -> Comparison:
    registered = work.surnames[0] if work.surnames else ""
    if not reference.first_author or not registered:
        return Comparison("first_author", None, reference.first_author, registered)
    agrees = surnames_agree(reference.first_author, registered)
    return Comparison("first_author", agrees, reference.first_author, registered)


def compare_year(reference: ParsedReference, work: RegisteredWork) -> Comparison:
    """Online-first and print years differ; the cited year may be either (or the issue date)."""
    registered = str(work.year or "")
    if reference.year is None or not work.years:
        return Comparison("year", None, str(reference.year or ""), registered)
    return Comparison("year", reference.year in work.years, str(reference.year), registered)


def compare_title(reference: ParsedReference, work: RegisteredWork) -> Comparison:
    cited = cited_titles(reference)
    if not cited or not work.titles:
        return Comparison("title", None, reference.title, work.title)
    score = title_similarity(cited, work.titles)
    return Comparison("title", score >= TITLE_AGREES, reference.title, work.title, score)


def compare_container(reference: ParsedReference, work: RegisteredWork) -> Comparison:
    if not reference.container or not work.containers or work.type in BOOK_TYPES:
        return Comparison("container", None, reference.container, work.container)
    score = max(_container_score(reference.container, name) for name in work.containers)
    if score >= CONTAINER_AGREES:
        return Comparison("container", True, reference.container, work.container, score)
    if all(has_cyrillic(name) != has_cyrillic(reference.container) for name in work.containers):
        # "Russia in Global Affairs" for "Россия в глобальной политике": a translation, not a mismatch.
        return Comparison("container", None, reference.container, work.container, score)
    return Comparison("container", False, reference.container, work.container, score)


def cited_titles(reference: ParsedReference) -> list[str]:
    return [title for title in (reference.title, reference.translated_title) if title]


def title_similarity(cited: Iterable[str], registered: Iterable[str]) -> float:
    registered = list(registered)
    return max((_title_score(a, b) for a in cited for b in registered), default=0.0)


def surnames_agree(cited: str, registered: str) -> bool:
    """'Puthan Purayil' and 'Purayil', 'Van Evera' and 'Evera', 'Истомин' and 'Istomin', 'Korolev' and
    'Korolyov' agree; 'Walt' and 'Waltz' do not. A misprint of one letter is forgiven in a long name."""
    for a in latin_readings(cited):
        for b in latin_readings(registered):
            sa, sb = skeleton(a), skeleton(b)
            if not sa or not sb:
                continue
            if sa == sb or sa.split()[-1] == sb.split()[-1]:
                return True
            if Levenshtein.distance(sa, sb) <= _typos_forgiven(min(len(sa), len(sb))):
                return True
    return False


def _typos_forgiven(length: int) -> int:
    return 0 if length < 6 else 1 if length < 10 else 2


def same_cited_work(a: ParsedReference, b: ParsedReference) -> bool:
    """Whether two references of one list cite the same work (the later one is a duplicate)."""
    if a.doi and b.doi:
        return normalize_doi(a.doi).lower() == normalize_doi(b.doi).lower()
    if not (a.first_author and b.first_author and a.year and b.year):
        return fold(a.raw_text) == fold(b.raw_text)
    if a.year != b.year or (a.year_suffix and b.year_suffix and a.year_suffix != b.year_suffix):
        return False  # Korolev 2019a and Korolev 2019b are two works
    if not surnames_agree(a.first_author, b.first_author):
        return False
    titles_a, titles_b = cited_titles(a), cited_titles(b)
    if not titles_a or not titles_b:
        return fold(a.raw_text) == fold(b.raw_text)
    return max(_plain_score(x, y) for x in titles_a for y in titles_b) >= SAME_TITLE_IN_ONE_LIST


def updates_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Retractions, corrections and concerns recorded for this work, or that this work is."""
    found = []
    for entry in message.get("updated-by") or []:
        found.append(_update(entry, direction="updated-by"))
    for entry in message.get("update-to") or []:
        found.append(_update(entry, direction="update-to"))
    for relation, targets in (message.get("relation") or {}).items():
        kind = _relation_kind(relation)
        for target in targets if kind else []:
            found.append({"type": kind, "doi": target.get("id", ""), "direction": "relation", "source": relation})
    return [update for update in found if _update_status(update["type"]) is not None]


def classify_updates(message: dict[str, Any]) -> tuple[Status | None, str]:
    """(retracted | concern | corrected | None, a sentence for the report). The gravest update wins."""
    updates = updates_of(message)
    for status in (Status.RETRACTED, Status.CONCERN, Status.CORRECTED):
        matching = [update for update in updates if _update_status(update["type"]) == status]
        if matching:
            return status, _describe_updates(status, matching)
    return None, ""


def _update(entry: dict[str, Any], *, direction: str) -> dict[str, Any]:
    return {
        "type": _update_type(entry.get("type", "")),
        "label": entry.get("label", ""),
        "doi": entry.get("DOI", ""),
        "date": _date_of(entry.get("updated")),
        "source": entry.get("source", ""),
        "record_id": entry.get("record-id", ""),
        "direction": direction,
    }


def _update_type(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _update_status(kind: str) -> Status | None:
    if kind in RETRACTION_TYPES:
        return Status.RETRACTED
    if kind in CONCERN_TYPES:
        return Status.CONCERN
    if kind in CORRECTION_TYPES:
        return Status.CORRECTED
    return None


def _relation_kind(relation: str) -> str:
    name = relation.lower()
    if "retract" in name:
        return "retraction"
    if "concern" in name:
        return "expression_of_concern"
    if "correct" in name or "errat" in name:
        return "correction"
    return ""


def _describe_updates(status: Status, updates: list[dict[str, Any]]) -> str:
    words = {Status.RETRACTED: "retraction", Status.CONCERN: "expression of concern", Status.CORRECTED: "correction"}
    notices = []
    for update in updates:
        if update["direction"] == "update-to":
            notices.append(f"this DOI is itself the {words[status]} notice for {update['doi']}")
            continue
        parts = [f"notice {update['doi']}" if update["doi"] else "a notice"]
        if update.get("date"):
            parts.append(f"of {update['date']}")
        source = UPDATE_SOURCES.get(update.get("source", ""), "")
        if source:
            parts.append(f"recorded by {source}")
        notices.append(" ".join(parts))
    lead = {
        Status.RETRACTED: "The cited work has been retracted",
        Status.CONCERN: "The cited work carries an expression of concern",
        Status.CORRECTED: "The cited work has been corrected",
    }[status]
    return f"{lead}: {'; '.join(dict.fromkeys(notices))}."


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [item.strip() for item in value or [] if isinstance(item, str) and item.strip()]


def _registered_titles(message: dict[str, Any]) -> list[str]:
    titles = _strings(message.get("title"))
    subtitles = _strings(message.get("subtitle"))
    combined = [f"{title}: {subtitle}" for title in titles for subtitle in subtitles if subtitle not in title]
    others = _strings(message.get("original-title")) + _strings(message.get("short-title"))
    return list(dict.fromkeys(titles + combined + others))


def _surnames(people: list[dict[str, Any]]) -> list[str]:
    first = [p for p in people if p.get("sequence") == "first"]
    ordered = first + [p for p in people if p not in first]
    return [name for p in ordered if (name := (p.get("family") or p.get("name") or "").strip())]


def _date_parts(value: Any) -> list[int]:
    try:
        parts = value["date-parts"][0]
        return [int(part) for part in parts if part is not None]
    except (KeyError, IndexError, TypeError, ValueError):
        return []


def _year_of(value: Any) -> int | None:
    parts = _date_parts(value)
    return parts[0] if parts else None


def _date_of(value: Any) -> str:
    parts = _date_parts(value)
    return "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts))


def _years(message: dict[str, Any]) -> set[int]:
    return {year for name in DATE_FIELDS if (year := _year_of(message.get(name)))}


def _main_title(title: str) -> str:
    return title.split(":", 1)[0].strip()


def _plain_score(a: str, b: str) -> float:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    # Dropped or added spaces ("o f", "worldconquest") are common in printed lists.
    return max(fuzz.ratio(fa, fb), fuzz.ratio(fa.replace(" ", ""), fb.replace(" ", "")))


def _title_score(cited: str, registered: str) -> float:
    best = 0.0
    for a in latin_readings(cited):
        for b in latin_readings(registered):
            best = max(best, _plain_score(a, b), _main_title_score(a, b))
    return best


def _main_title_score(a: str, b: str) -> float:
    """A subtitle printed on one side only: 'Constructing international security: Alliances, ...'
    against a record titled 'Constructing International Security' whose subtitle is elsewhere."""
    main_a, main_b = _main_title(a), _main_title(b)
    if (main_a == a) == (main_b == b):
        return 0.0  # both or neither have a subtitle: the full titles were compared already
    if min(len(fold(main_a)), len(fold(main_b))) < MAIN_TITLE_MIN_CHARS:
        return 0.0
    return _plain_score(main_a, main_b) if (main_a == a or main_b == b) else 0.0


def _container_score(cited: str, registered: str) -> float:
    best = 0.0
    for a in latin_readings(cited):
        for b in latin_readings(registered):
            fa, fb = fold(a), fold(b)
            if fa and fb:
                best = max(best, _plain_score(a, b), fuzz.token_set_ratio(fa, fb))
    return best
