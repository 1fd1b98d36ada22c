from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "typer")


def test_importing_the_core_loads_no_edge_library():
    code = f"import sys, junheng.admissions.core; print(' '.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
