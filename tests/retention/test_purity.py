"""``import junheng.retention`` loads no web, ORM, Excel or Word library; the edges do."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core
FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return set(filter(None, out.split(",")))


def test_core_is_pure():
    assert loaded_after("import junheng.retention") == set()


def test_edges_are_separate_modules():
    assert "docx" in loaded_after("import junheng.retention.reports.notice")
    assert "python_calamine" not in loaded_after("import junheng.retention.readers.roster_io")  # loaded on first read
