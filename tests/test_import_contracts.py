"""The layers hold (import-linter, the contracts in pyproject.toml), and each contract really catches the
violation it is there for: a copy of the package with one deliberate breach must fail ``lint-imports``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.core
ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    return subprocess.run([str(LINT), "--no-cache"], cwd=project, env=env, capture_output=True, text=True, check=False,
                          timeout=120)


def test_the_contracts_hold_on_the_real_tree():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("layers")
    shutil.copytree(ROOT / "src" / "junheng", project / "src" / "junheng",
                    ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.js", "*.css", "*.ttf", "*.docx"))
    (project / "tests").mkdir()
    (project / "tests" / "__init__.py").write_text("")
    shutil.copy(ROOT / "tests" / "contracts.py", project / "tests" / "contracts.py")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


BREACHES = [
    pytest.param("balance/core/_probe.py", "import junheng.web.deps\n", "core is pure", id="core-imports-web"),
    pytest.param("scores/core/_probe.py", "import sqlalchemy\n", "core is pure", id="core-imports-orm"),
    pytest.param("retention/core/_probe.py", "from junheng.retention.store import service\n", "core is pure",
                 id="core-imports-own-store"),
    pytest.param("ledger/store/_probe.py", "from junheng.ledger.web import routes\n", "Storage never",
                 id="store-imports-web"),
    pytest.param("lottery/reports/_probe.py", "import junheng.lottery.web.pages\n", "Only the web app",
                 id="reports-import-web"),
    pytest.param("balance/store/_probe.py", "from junheng.scores.store import queries\n", "meet only through",
                 id="another-modules-store"),
    pytest.param("ledger/core/_probe.py", "import junheng.ledger.core.workflow\n", "meet only through",
                 id="cycle"),
]


@pytest.mark.parametrize(("path", "source", "contract"), BREACHES)
def test_a_breach_breaks_its_contract(copy, path, source, contract):
    probe = copy / "src" / "junheng" / path
    extra = None
    if path == "ledger/core/_probe.py":  # a two-module circle: workflow imports the probe, the probe workflow
        extra = copy / "src" / "junheng" / "ledger" / "core" / "workflow.py"
        original = extra.read_text()
        extra.write_text(original + "\nfrom junheng.ledger.core import _probe  # noqa\n")
    probe.write_text(source)
    try:
        result = lint(copy)
    finally:
        probe.unlink()
        if extra is not None:
            extra.write_text(original)
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.rstrip().endswith("BROKEN")]
    text = result.stdout.replace("\n", " ")
    assert broken and contract in text.split("Broken contracts")[-1], result.stdout
