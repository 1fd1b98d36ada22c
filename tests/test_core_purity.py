"""At run time too, the computation core imports no web, ORM, Excel or Word library (STYLE habit 1): every
module under each registered module's ``core/`` is imported in a fresh interpreter. The static rules are the
import contracts (tests/test_import_contracts.py); this catches what they cannot see, e.g. ``importlib``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from junheng.modules import MODULES

pytestmark = pytest.mark.core

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "openpyxl", "docx", "docxtpl", "python_calamine", "matplotlib",
             "jinja2", "uvicorn", "typer", "highspy")
CORES = ["junheng.standards", "junheng.figures", "junheng.analytics"] + [
    f"{m.package}.core" for m in MODULES if importlib.util.find_spec(f"{m.package}.core") is not None]

CODE = """
import importlib, pkgutil, sys
root = importlib.import_module({package!r})
for info in pkgutil.walk_packages(getattr(root, "__path__", []), root.__name__ + "."):
    importlib.import_module(info.name)
print(",".join(m for m in {forbidden!r} if m in sys.modules))
"""


@pytest.mark.parametrize("package", CORES)
def test_core_loads_no_edge_library(package):
    out = subprocess.run([sys.executable, "-c", CODE.format(package=package, forbidden=FORBIDDEN)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} loaded {out.stdout.strip()}"
