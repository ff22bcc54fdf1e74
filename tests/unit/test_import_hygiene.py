"""The core never imports the UI, and `import workbench` stays cheap.

Checked in a fresh interpreter so other tests' imports cannot hide a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = [
    "workbench",
    "workbench.results",
    "workbench.errors",
    "workbench.cards",
    "workbench.store",
    "workbench.roundtrip",
    "workbench.importer",
    "workbench.export",
    "workbench.texts",
    "workbench.segment",
    "workbench.translators",
    "workbench.translators.base",
    "workbench.metrics",
    "workbench.detectors",
]


def _modules_after_import(names: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(json.loads(out.stdout))


def _top(mods: set[str]) -> set[str]:
    return {m.split(".")[0] for m in mods}


def test_import_workbench_loads_no_torch_or_transformers() -> None:
    tops = _top(_modules_after_import(["workbench"]))
    assert not tops & {"torch", "transformers", "textual", "rich", "sentence_transformers"}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_and_no_torch(module: str) -> None:
    tops = _top(_modules_after_import([module]))
    assert "textual" not in tops and "rich" not in tops and "click" not in tops, module
    assert "torch" not in tops and "transformers" not in tops, module


def test_import_linter_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(lint)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
