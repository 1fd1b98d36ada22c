"""Importing junheng.scores loads no web, ORM, Excel or Word library (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2")  # fmt: skip


def test_scores_core_is_pure():
    code = f"import sys, junheng.scores; print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_edge_modules_are_not_imported_by_the_package():
    code = ("import sys, junheng.scores; print(','.join(m for m in ('junheng.scores.readers.importer', 'junheng.scores.reports.word',"
            " 'junheng.scores.reports.excel', 'junheng.scores.cli.files', 'junheng.scores.reports.charts') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
