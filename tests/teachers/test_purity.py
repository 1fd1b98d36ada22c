import subprocess
import sys

import pytest

pytestmark = pytest.mark.core


def test_core_imports_no_web_orm_excel_or_word():
    code = ("import sys, junheng.teachers.core; bad = [m for m in ('sqlalchemy', 'fastapi', 'starlette', 'jinja2', "
            "'openpyxl', 'docx', 'docxtpl', 'python_calamine', 'matplotlib', 'typer') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
