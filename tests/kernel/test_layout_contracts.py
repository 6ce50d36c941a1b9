"""The layout's rules are import-linter contracts (pyproject.toml), run by ``make lint``: they hold on
this tree, and they catch a service that imports a view."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_tree_keeps_every_layout_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_a_service_that_imports_a_view_breaks_the_contracts(tmp_path):
    shutil.copytree(ROOT / "editorial", tmp_path / "editorial", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    service = tmp_path / "editorial" / "review" / "services" / "reviews.py"
    service.write_text(service.read_text() + "\nfrom editorial.review.views import reviewer  # noqa: E402, F401\n")

    result = _lint_imports(tmp_path)

    assert result.returncode != 0
    assert "Services and selectors never import views, API, web or tasks BROKEN" in result.stdout
    assert "editorial.review.services.reviews -> editorial.review.views.reviewer" in result.stdout
