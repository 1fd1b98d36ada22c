"""Files in and out: sheet specifications, validated Excel reading, templates, error reports.

Every importer of every module goes through ``read_workbook`` so that errors look the same everywhere:
file, sheet, row, column and the reason, in Chinese.
"""

from junheng.io.problems import ImportFailed, Problem
from junheng.io.spec import Column, SheetSpec

__all__ = ["Column", "ImportFailed", "Problem", "SheetSpec"]
