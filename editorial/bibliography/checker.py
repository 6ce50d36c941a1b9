"""Check a parsed reference list against Crossref: one lookup per reference, judged by its metadata.

The lookups run concurrently in a bounded thread pool that shares the client's rate limiter; the
cache is read before and written after, on the calling thread only, so a database-backed cache never
sees a worker thread. Each reference needs exactly one lookup (its DOI, or a bibliographic search),
so what to fetch is known up front and a re-check of an unchanged list makes no HTTP request at all.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from editorial.bibliography.matching import RegisteredWork, classify_updates, compare, same_cited_work, slim_work
from editorial.bibliography.parser import ParsedReference
from editorial.bibliography.status import REPORT_ORDER, Status

log = logging.getLogger(__name__)

SEARCH_ROWS = 5
MIN_QUERY_CHARS = 20
CACHE_VERSION = "v1"  # bump when what is cached changes shape


class CrossrefClient(Protocol):
    def get_work(self, doi: str) -> dict[str, Any] | None: ...

    def search_bibliographic(self, text: str, *, rows: int) -> list[dict[str, Any]]: ...


class LookupCache(Protocol):
    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]: ...

    def set_many(self, values: dict[str, dict[str, Any]]) -> None: ...


class InMemoryLookupCache:
    """A dict behind the LookupCache protocol, for scripts and tests."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, Any]] = {}

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        return {key: self.values[key] for key in keys if key in self.values}

    def set_many(self, values: dict[str, dict[str, Any]]) -> None:
        self.values.update(values)


@dataclass(frozen=True)
class Lookup:
    kind: str  # "work" or "search"
    value: str  # the DOI, or the search text

    @property
    def key(self) -> str:
        value = self.value.lower() if self.kind == "work" else f"{SEARCH_ROWS}:{self.value}"
        return f"crossref:{CACHE_VERSION}:{self.kind}:{hashlib.sha256(value.encode()).hexdigest()}"


@dataclass
class ReferenceResult:
    position: int
    status: Status
    doi: str  # the DOI as cited (or the malformed text after the DOI label)
    detail: str
    suggested_doi: str = ""
    registered: dict[str, Any] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"status": str(self.status)}


@dataclass
class CheckOutcome:
    results: list[ReferenceResult]
    lookups: int = 0
    cache_hits: int = 0
    failures: int = 0

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(result.status for result in self.results)
        return {str(status): counts[status] for status in REPORT_ORDER if counts[status]} | {"total": len(self.results)}


def check_references(
    references: Sequence[ParsedReference],
    client: CrossrefClient,
    *,
    cache: LookupCache | None = None,
    concurrency: int = 8,
    deadline_seconds: float | None = None,
) -> CheckOutcome:
    """``deadline_seconds`` bounds the whole check: a lookup not started by then is "unverified", so a
    check against a Crossref that is timing out still ends (and is stored) within a task's time limit."""
    deadline = time.monotonic() + deadline_seconds if deadline_seconds is not None else None
    duplicates = find_duplicates(references)
    plan = {ref.position: lookup_for(ref) for ref in references if ref.position not in duplicates}
    lookups = list(dict.fromkeys(lookup for lookup in plan.values() if lookup is not None))
    cached = cache.get_many([lookup.key for lookup in lookups]) if cache and lookups else {}
    missing = [lookup for lookup in lookups if lookup.key not in cached]
    fetched, failures = _fetch_all(missing, client, concurrency=concurrency, deadline=deadline)
    if cache and fetched:
        cache.set_many(fetched)
    answers = cached | fetched
    results = []
    for ref in references:
        if ref.position in duplicates:
            results.append(_duplicate(ref, duplicates[ref.position]))
            continue
        lookup = plan[ref.position]
        key = lookup.key if lookup else ""
        results.append(judge(ref, answers.get(key), failures.get(key)))
    return CheckOutcome(results, lookups=len(lookups), cache_hits=len(cached), failures=len(failures))


def lookup_for(reference: ParsedReference) -> Lookup | None:
    if reference.doi:
        return Lookup("work", reference.doi)
    query = reference.query_text
    if len(query) < MIN_QUERY_CHARS or not (reference.title or reference.first_author):
        return None
    return Lookup("search", query)


def find_duplicates(references: Sequence[ParsedReference]) -> dict[int, int]:
    """{position of a repeat: position of the first citation of the same work}."""
    repeats: dict[int, int] = {}
    for index, ref in enumerate(references):
        for earlier in references[:index]:
            if earlier.position not in repeats and same_cited_work(earlier, ref):
                repeats[ref.position] = earlier.position
                break
    return repeats


def _fetch_all(
    lookups: list[Lookup], client: CrossrefClient, *, concurrency: int, deadline: float | None
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    if not lookups:
        return {}, {}
    fetched, failures = {}, {}
    workers = max(1, min(concurrency, len(lookups)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crossref") as pool:
        answers = pool.map(lambda item: _fetch(item, client, deadline), lookups)
        for lookup, (answer, error) in zip(lookups, answers, strict=True):
            if error:
                failures[lookup.key] = error
            else:
                fetched[lookup.key] = answer
    return fetched, failures


def _fetch(lookup: Lookup, client: CrossrefClient, deadline: float | None) -> tuple[dict[str, Any] | None, str]:
    """(answer, "") or (None, why it failed): a failure must never look like an answer."""
    if deadline is not None and time.monotonic() > deadline:
        return None, "the check ran out of time before this reference's turn"
    try:
        if lookup.kind == "work":
            message = client.get_work(lookup.value)
            return ({"found": True, "message": slim_work(message)} if message else {"found": False}), ""
        items = client.search_bibliographic(lookup.value, rows=SEARCH_ROWS)
        return {"items": [slim_work(item) for item in items]}, ""
    except Exception as exc:  # the client raises CrossrefUnavailable; anything else is reported too
        log.warning("Crossref lookup %s %r failed: %s", lookup.kind, lookup.value[:80], exc)
        return None, str(exc) or type(exc).__name__


def judge(reference: ParsedReference, answer: dict[str, Any] | None, failure: str | None) -> ReferenceResult:
    if reference.doi:
        return _judge_doi(reference, answer, failure)
    if reference.malformed_doi:
        return _judge_malformed(reference, answer, failure)
    return _judge_search(reference, answer, failure)


def _judge_doi(reference: ParsedReference, answer: dict[str, Any] | None, failure: str | None) -> ReferenceResult:
    doi = reference.doi
    if failure or answer is None:
        reason = failure or "no answer"
        return ReferenceResult(reference.position, Status.UNVERIFIED, doi, f"Crossref could not be asked ({reason}).")
    if not answer.get("found"):
        detail = f"Crossref has no record of DOI {doi}: it is misprinted, or was never registered."
        return ReferenceResult(reference.position, Status.DOI_NOT_FOUND, doi, detail)
    work = RegisteredWork.from_message(answer["message"])
    comparisons = compare(reference, work)
    disagree = [name for name, comparison in comparisons.items() if comparison.agrees is False]
    update_status, update_detail = classify_updates(work.message)
    same_work = comparisons["title"].agrees or (
        comparisons["title"].agrees is None and "first_author" not in disagree and "year" not in disagree
    )
    result = ReferenceResult(reference.position, Status.OK, doi, "", registered=work.summary(), disagreements=disagree)
    if update_status and (same_work or not disagree):
        result.status, result.detail = update_status, update_detail
        if disagree:
            result.detail += f" The citation also differs from the record in {_fields(disagree)}."
    elif disagree:
        result.status = Status.DOI_MISMATCH
        result.detail = _mismatch_detail(reference, work, comparisons, disagree)
        if update_status:
            result.detail += f" (That other work: {update_detail})"
    else:
        result.detail = f"The DOI points to {work.describe()}, as cited."
    return result


def _judge_malformed(reference: ParsedReference, answer: dict[str, Any] | None, failure: str | None) -> ReferenceResult:
    detail = (
        f'"{reference.malformed_doi}" is not a DOI: a DOI is "10.", 4 to 9 digits, a slash and a suffix, '
        "e.g. 10.1177/0022002709339046."
    )
    result = ReferenceResult(reference.position, Status.DOI_MALFORMED, reference.malformed_doi, detail)
    candidate = _agreeing_candidate(reference, answer)
    if candidate is not None:
        result.suggested_doi, result.registered = candidate.doi, candidate.summary()
        result.detail += f" Crossref has the cited work as {candidate.doi}."
    elif failure:
        result.detail += f" No replacement was looked up: Crossref could not be asked ({failure})."
    return result


def _judge_search(reference: ParsedReference, answer: dict[str, Any] | None, failure: str | None) -> ReferenceResult:
    position = reference.position
    if answer is None and failure is None:
        return ReferenceResult(position, Status.NO_MATCH, "", "Too little could be read from it to search Crossref.")
    if failure or answer is None:
        return ReferenceResult(position, Status.UNVERIFIED, "", f"Crossref could not be searched ({failure}).")
    candidate = _agreeing_candidate(reference, answer)
    if candidate is None:
        return ReferenceResult(position, Status.NO_MATCH, "", _no_match_detail(reference, answer))
    update_status, update_detail = classify_updates(candidate.message)
    detail = f"Crossref has {candidate.describe()} by {_first(candidate.surnames)} as DOI {candidate.doi}."
    if update_status:
        detail += f" {update_detail}"
    status = Status.RETRACTED if update_status == Status.RETRACTED else Status.DOI_SUGGESTED
    return ReferenceResult(position, status, "", detail, suggested_doi=candidate.doi, registered=candidate.summary())


def _agreeing_candidate(reference: ParsedReference, answer: dict[str, Any] | None) -> RegisteredWork | None:
    """The first search result whose author, year and title all agree with the citation; never the score."""
    for item in (answer or {}).get("items", []):
        work = RegisteredWork.from_message(item)
        comparisons = compare(reference, work)
        agree = all(comparisons[name].agrees for name in ("first_author", "year", "title"))
        if agree and work.doi and comparisons["container"].agrees is not False:
            return work
    return None


def _no_match_detail(reference: ParsedReference, answer: dict[str, Any]) -> str:
    items = answer.get("items", [])
    if not items:
        return "Crossref found nothing for this citation."
    closest = RegisteredWork.from_message(items[0])
    comparisons = compare(reference, closest)
    differs = [name for name, comparison in comparisons.items() if comparison.agrees is False]
    unknown = [name for name in ("first_author", "year", "title") if comparisons[name].agrees is None]
    lead = f"No Crossref record agrees with the citation. The closest is {closest.describe()} ({closest.doi})"
    if differs:
        return f"{lead}, which differs in {_fields(differs)}."
    return f"{lead}, but its {_fields(unknown)} cannot be compared with the citation."


def _mismatch_detail(reference: ParsedReference, work: RegisteredWork, comparisons: dict, disagree: list[str]) -> str:
    """'The DOI points to "The Stability of a Unipolar World" (1999); the citation is "U. S. strategy in a
    unipolar world" (2002). They differ in ...', then the authors and journals where those differ."""
    cited_title = f'"{reference.title}"' if reference.title else "an untitled work"
    cited = f"{cited_title} ({reference.year})" if reference.year else cited_title
    text = f"The DOI points to {work.describe()}; the citation is {cited}. They differ in {_fields(disagree)}."
    if "first_author" in disagree:
        author = comparisons["first_author"]
        text += f" Crossref's first author is {author.registered}; the citation's, {author.cited}."
    if "container" in disagree:
        container = comparisons["container"]
        text += f" Crossref has it in {container.registered}; the citation, in {container.cited}."
    return text


def _duplicate(reference: ParsedReference, first: int) -> ReferenceResult:
    detail = f"The same work as reference {first}; cite it once."
    return ReferenceResult(reference.position, Status.DUPLICATE, reference.doi, detail)


FIELD_NAMES = {"first_author": "first author", "year": "year", "title": "title", "container": "journal or book"}


def _fields(names: list[str]) -> str:
    words = [FIELD_NAMES[name] for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _first(surnames: list[str]) -> str:
    return surnames[0] if surnames else "an unnamed author"
