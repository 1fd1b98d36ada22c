"""``import junheng.balance`` loads no web, ORM, Excel or Word library (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.core
FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "highspy")


@pytest.mark.parametrize("module", ["junheng.balance", "junheng.standards", "junheng.balance.core.plan",
                                    "junheng.balance.core.scenarios", "junheng.balance.core.projection",
                                    "junheng.balance.core.shortfalls", "junheng.balance.core.tables"])
def test_pure_modules(module):
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} loaded {out.stdout.strip()}"
