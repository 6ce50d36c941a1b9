"""The tests' own layout (issue 16): test modules share helpers through tests/support/ only. A test module
that imports another test module (or a conftest) runs that module's tests' imports and fixtures by
accident, and breaks when the other module moves; no module outside tests/support/ and the conftest
files may do it."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module_or_conftest(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def _imported_modules(node: ast.AST) -> list[str]:
    """The modules (under tests/) an import statement may load, each as written."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "tests"]
    if isinstance(node, ast.ImportFrom):
        module = "." * node.level + (node.module or "")
        if node.level == 0 and module.split(".")[0] != "tests":
            return []
        # ``from tests.x import test_y`` loads the module tests.x.test_y.
        return [module, *(f"{module.rstrip('.')}.{alias.name}" for alias in node.names)]
    return []


def imports_of_test_modules(root: Path) -> list[str]:
    """``path:line: module`` for each import of a test module or a conftest outside support/ and conftests."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] == "support" or path.name == "conftest.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            for module in _imported_modules(node):
                if _is_test_module_or_conftest(module):
                    found.append(f"{relative}:{node.lineno}: {module}")
    return found


def test_no_test_module_imports_another_test_module_or_a_conftest():
    assert imports_of_test_modules(TESTS) == [], "move the shared helper or fixture into tests/support/"


def test_the_check_finds_every_way_of_importing_a_test_module_or_a_conftest(tmp_path):
    (tmp_path / "support").mkdir()
    (tmp_path / "support" / "helpers.py").write_text("from tests.review.test_reviewer_copy import x\n")
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "conftest.py").write_text("from tests.review.test_reviewer_copy import x\n")
    (tmp_path / "review" / "test_fine.py").write_text(
        "import pytest\nfrom django.test import TestCase\nfrom tests.support.api import api_for\n"
        "from tests.support import blind_documents\n"
    )
    (tmp_path / "review" / "test_borrowing.py").write_text(
        "from tests.submissions.test_api_workflow import api_for\n"
        "import tests.interop.test_oai_pmh\n"
        "from tests.interop import test_jats_import\n"
        "from tests.references.conftest import work\n"
        "from .conftest import site\n"
        "from . import test_fine\n"
        "def later():\n"
        "    from tests.outbox.test_outbox_and_email import eventually\n"
    )

    assert imports_of_test_modules(tmp_path) == [
        "review/test_borrowing.py:1: tests.submissions.test_api_workflow",
        "review/test_borrowing.py:2: tests.interop.test_oai_pmh",
        "review/test_borrowing.py:3: tests.interop.test_jats_import",
        "review/test_borrowing.py:4: tests.references.conftest",
        "review/test_borrowing.py:5: .conftest",
        "review/test_borrowing.py:6: .test_fine",
        "review/test_borrowing.py:8: tests.outbox.test_outbox_and_email",
    ]
