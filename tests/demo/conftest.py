from functools import lru_cache

import pytest

from junheng.demo import generate_county


@lru_cache(maxsize=4)
def _county_for(seed: int):
    return generate_county(seed)


@pytest.fixture(scope="session")
def county_for():
    """``county_for(seed)``: a demo county per seed, generated once per test session."""
    return _county_for


@pytest.fixture(scope="session")
def county(county_for):
    """The default demo county (seed 2024)."""
    return county_for(2024)
