"""The evaluation core imports no edge library; its docstring examples run."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

pytestmark = pytest.mark.core
FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "typer")


def test_core_loads_no_edge_library():
    code = ("import sys, junheng.evaluation.core; "
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("name", ["rubric", "scoring", "survey", "periods", "rubric_text", "visits"])
def test_doctests(name):
    module = importlib.import_module(f"junheng.evaluation.core.{name}")
    failed, tried = doctest.testmod(module)
    assert tried > 0 and failed == 0
