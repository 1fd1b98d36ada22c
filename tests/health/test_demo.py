"""The demo generator: deterministic, every fitness row readable and scorable, every register non-empty."""

from __future__ import annotations

import pytest

from junheng.demo.base import rng_for
from junheng.demo.health import build_health
from junheng.health.core import county_rates, score_results
from tests.health.helpers import SCHOOLS, pupils

pytestmark = pytest.mark.core


def test_deterministic_and_realistic():
    a = build_health(pupils(), SCHOOLS, rng_for(1, "health"))
    b = build_health(pupils(), SCHOOLS, rng_for(1, "health"))
    assert a.fitness.equals(b.fitness) and a.psych.equals(b.psych)
    scored = score_results(a.fitness)
    rates = county_rates(scored)
    assert rates["n"] >= 0.98 * len(a.fitness) and 0.8 < rates["pass_rate"] < 0.99
    assert set(scored["rating"].dropna()) == {"优秀", "良好", "及格", "不及格"}
    assert set(a.vision) == {"2023-2", "2024-2"} and a.vision["2024-2"]["right"].between(4.0, 5.3).all()
    assert {"PHQ-9", "MHT"} <= set(a.psych["scale"]) and len(a.left_behind) and len(a.visits)
    assert {"随班就读", "未入学"} <= set(a.special_ed["placement"])


def test_demo_files_import_through_the_real_path(tmp_path, deployment, registry_file):
    from junheng.health.demo import import_files, write_data
    from junheng.health.store import queries
    from junheng.registry.store.importer import import_registry

    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
    files = write_data(pupils(per_class=6), SCHOOLS, tmp_path / "学生健康")
    summary = import_files(deployment, files, "demo")
    assert "体测成绩" in summary
    with deployment.db.sessions() as session:
        assert len(queries.fitness(session, "2024")) == 6 * 2 * 18
        assert queries.vision_terms(session) == ["2023-2", "2024-2"]


test_demo_files_import_through_the_real_path = pytest.mark.db(test_demo_files_import_through_the_real_path)
