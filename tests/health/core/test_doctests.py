"""The docstring examples of the core run."""

from __future__ import annotations

import doctest

import pytest

from junheng.health.core import measure, vision

pytestmark = pytest.mark.core


@pytest.mark.parametrize("module", [measure, vision], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
