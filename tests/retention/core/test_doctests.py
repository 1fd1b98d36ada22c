"""The docstring examples of the retention modules run (STYLE habit 15)."""

from __future__ import annotations

import doctest
import importlib

import pytest

pytestmark = pytest.mark.core
MODULES = ["frames", "idnumber", "reconcile", "vocab", "workdays", "zero_report"]


@pytest.mark.parametrize("name", MODULES, ids=str)
def test_doctests(name):
    module = importlib.import_module(f"junheng.retention.core.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
