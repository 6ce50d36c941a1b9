"""BENCHMARKS.md, made from bench/results.json: what was measured, the figures, the target."""

from __future__ import annotations

from pathlib import Path

# (section, figure, how it reads, target test, target text)
TARGETS = [
    ("article_page", "cached_vs_floor", "cached page rps / floor rps", lambda v: v >= 0.8, ">= 0.8"),
    ("article_page", "uncached_vs_floor", "uncached page rps / floor rps", lambda v: v >= 0.4, ">= 0.4"),
    (
        "article_page",
        "queries_30_authors_200_references",
        "SQL queries, 30 authors + 200 refs",
        lambda v: v <= 8,
        "<= 8",
    ),
    ("archive", "issue_archive_p50_ms", "issue archive p50 (ms)", lambda v: v < 100, "< 100"),
    ("archive", "issue_toc_p50_ms", "issue table of contents p50 (ms)", lambda v: v < 100, "< 100"),
    ("archive", "search_p50_ms", "search results p50 (ms)", lambda v: v < 100, "< 100"),
    ("dashboard", "first_page_p50_ms", "editor dashboard first page p50 (ms)", lambda v: v < 100, "< 100"),
    ("reference_check", "speedup", "concurrent vs one at a time", lambda v: v >= 5, ">= 5"),
    ("reference_check", "cached_rerun_seconds", "cached re-run (s)", lambda v: v < 0.2, "< 0.2"),
    ("deposit_xml", "seconds", "build + validate 100 articles x 50 refs (s)", lambda v: v < 2, "< 2"),
    ("views", "lost", "views lost after flush", lambda v: v == 0, "0"),
    ("tasks", "sent_more_than_once", "e-mails sent more than once", lambda v: v == 0, "0"),
    ("broker", "filesystem_web_writes_locked", "no Redis: web writes refused while tasks drain", lambda v: v == 0, "0"),
    ("broker", "filesystem_sent_more_than_once", "no Redis: e-mails sent more than once", lambda v: v == 0, "0"),
    ("slow_crossref", "submit_max_ms", "submit, slowest of 20 (ms), Crossref at 5 s", lambda v: v < 300, "< 300"),
    ("slow_crossref", "publish_max_ms", "publish, slowest of 20 (ms), Crossref at 5 s", lambda v: v < 300, "< 300"),
    (
        "slow_crossref",
        "deposit_now_max_ms",
        "deposit now, slowest of 20 (ms), Crossref at 5 s",
        lambda v: v < 300,
        "< 300",
    ),
    (
        "slow_crossref",
        "check_references_max_ms",
        "check references, slowest of 20 (ms), Crossref at 5 s",
        lambda v: v < 300,
        "< 300",
    ),
]

INTRO = """# Benchmarks

Made by `make bench` (`python bench/run.py`): gunicorn with PostgreSQL and Redis on 127.0.0.1, load
from wrk in a second process on loopback. Speed is judged as ratios within one run, because the
machine is shared and noisy. Every figure below was written by the command; none is typed.
"""


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value)


def write_report(results: dict, path: Path) -> None:
    run = results.get("_run", {})
    last_run = f"Last run: {run.get('finished', '?')} on {run.get('machine', '?')}, Python {run.get('python', '?')}."
    measured = run.get("sections")
    if measured and set(measured) != {name for name in results if not name.startswith("_")}:
        # ``make bench SECTIONS=...``: say which figures are new; the rest are kept from earlier runs.
        last_run += f" It measured {', '.join(measured)}; the other sections' figures are from earlier runs."
    lines = [INTRO, last_run + "\n"]
    lines += ["## Targets\n", "| section | what | figure | target | met |", "|---|---|---|---|---|"]
    for section, key, label, check, target in TARGETS:
        value = results.get(section, {}).get(key)
        met = "-" if value is None else ("yes" if check(value) else "**no**")
        lines.append(
            f"| {section} | {label} | {_fmt(value) if value is not None else 'not measured'} | {target} | {met} |"
        )
    lines.append("\n## All figures\n")
    for section, figures in sorted(results.items()):
        if section.startswith("_"):
            continue
        lines += [f"### {section}\n", "| figure | value |", "|---|---|"]
        lines += [f"| {key} | {_fmt(value)} |" for key, value in sorted(_flatten(figures).items())]
        lines.append("")
    path.write_text("\n".join(lines) + "\n")


def _flatten(figures: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, prefix=f"{name}."))
        else:
            flat[name] = value
    return flat
