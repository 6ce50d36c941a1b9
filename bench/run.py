"""Run every benchmark section, then write bench/results.json and BENCHMARKS.md from the figures.

Each section is a script in this folder that prints one JSON object as its last line. Nothing in
BENCHMARKS.md is typed by hand: the tables are made from what the sections printed.

    python bench/run.py                 # every section
    python bench/run.py tasks views     # some of them
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Each script prints one JSON object as its last line; archive.py gives both archive and dashboard.
SECTIONS = ["article_page", "archive", "reference_check", "deposit_xml", "views", "tasks", "broker", "slow_crossref"]


def run_section(name: str) -> dict:
    script = HERE / f"{name}.py"
    if not script.exists():
        return {name: {"error": f"bench/{name}.py is not written yet"}}
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(script)], cwd=HERE, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        tail = (result.stderr or result.stdout).strip().splitlines()[-15:]
        return {name: {"error": f"exit {result.returncode}: " + " | ".join(tail)}}
    figures = json.loads(lines[-1])
    figures.setdefault(name, {})["wall_seconds"] = round(time.monotonic() - started, 1)
    return figures


def main(argv: list[str]) -> int:
    wanted = argv or SECTIONS
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2
    results_path = HERE / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() and argv else {}
    measured = []  # the sections' names as they report them (archive.py reports archive and dashboard)
    for name in wanted:
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        figures = run_section(name)
        print(json.dumps(figures), file=sys.stderr)
        results.update(figures)
        measured += figures
    results["_run"] = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {_cores()} cores",
        "python": platform.python_version(),
        "command": f"make bench SECTIONS='{' '.join(argv)}'" if argv else "make bench",
        "sections": measured,
    }
    results_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    from report import write_report

    write_report(results, ROOT / "BENCHMARKS.md")
    failed = [name for name in wanted if "error" in results.get(name, {})]
    for name in failed:
        print(f"bench: {name} failed: {results[name]['error']}", file=sys.stderr)
    return 1 if failed else 0


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
