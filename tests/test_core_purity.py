"""The computation core imports no web, ORM, Excel or Word library (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "uvicorn")
CORE = ("junheng.registry", "junheng.standards", "junheng.balance", "junheng.scores", "junheng.retention",
        "junheng.ledger", "junheng.lottery", "junheng.demo")


@pytest.mark.parametrize("module", CORE)
def test_core_module_loads_no_edge_library(module):
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} loaded {out.stdout.strip()}"
