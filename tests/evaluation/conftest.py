"""Fixtures shared by the evaluation tests."""

from tests.evaluation.store.conftest import county  # noqa: F401
