"""junheng.health.core imports no web, ORM, Excel or Word library."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "uvicorn", "typer")


def test_core_loads_no_edge_library():
    code = ("import sys, importlib; importlib.import_module('junheng.health.core'); "
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
