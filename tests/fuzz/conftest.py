"""The fuzzer's seeds (built once per session from the demo county's writers) and a deployment holding them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def fuzz_seeds(tmp_path_factory):
    from tests.fuzz.seeds import build_seeds

    return build_seeds(tmp_path_factory.mktemp("fuzz-seeds"))


@pytest.fixture(scope="session")
def fuzz_context(fuzz_seeds, tmp_path_factory):
    from tests.fuzz.importers import Context

    ctx = Context(fuzz_seeds, tmp_path_factory.mktemp("fuzz-work")).open()
    yield ctx
    ctx.close()
