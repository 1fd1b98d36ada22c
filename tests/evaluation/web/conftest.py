"""A web app over the small test county with one user of every role (and an inspector), a rubric, an approved
round, an open round, a survey, a visit and an interview."""

from __future__ import annotations

import datetime as dt

import pytest

import junheng.modules
from junheng.accounts import create_user
from junheng.evaluation.core import DEFAULT_QUESTIONNAIRE, load_questionnaire, parse_rubric
from junheng.evaluation.store import inspection, rounds, surveys
from junheng.registry.store.importer import import_registry
from tests.evaluation.core.test_scoring import RUBRIC
from tests.evaluation.store.conftest import SCHOOLS, write_export
from tests.evaluation.store.test_rounds import fake_collect
from tests.evaluation.store.test_surveys import HEADER, rows
from tests.web.conftest import PASSWORD, USERS, login

A, B, C = SCHOOLS
ALL_USERS = {**USERS, "inspector": ("inspector", None, None)}


@pytest.fixture
def seeded(deployment, registry_file, tmp_path, monkeypatch):
    monkeypatch.setattr(junheng.modules, "collect_figures", fake_collect)
    with deployment.db.transaction() as s:
        import_registry(s, registry_file, "setup", deployment.protector)
        for name, (role, school, town) in ALL_USERS.items():
            create_user(s, name, PASSWORD, role, f"{name}用户", school, town)
        rubric = rounds.save_rubric(s, parse_rubric(RUBRIC), "admin")
        done = rounds.create_round(s, "2024-2", "秋季考核", rubric.id, "admin")
        rounds.pull_figures(s, done.id, "admin")
        rounds.set_judgement(s, done.id, A, "J1", "王", 9, "", "admin")
        rounds.approve(s, done.id, "admin")
        rounds.disclose(s, done.id, "admin")
        draft = rounds.create_round(s, "2025-1", "春季考核", rubric.id, "admin")
        ins = inspection.add_inspector(s, "王督学", "inspector", "", 2, [B], "admin")
        visit = inspection.record_visit(s, inspection.NewVisit(ins.id, B, dt.date.today(), ["K01"], "教室照明不足",
                                                               True), "inspector", deployment.settings.data_dir,
                                        [("照片.png", b"\x89PNG\r\n\x1a\n0000")])
        inspection.record_interview(s, C, dt.date.today(), "考核末位", "校长", "限期整改", "admin")
        q = load_questionnaire(DEFAULT_QUESTIONNAIRE)
        survey = surveys.import_survey(s, q, "2024", write_export(tmp_path / "问卷.xlsx", HEADER, rows()), "admin")
    return deployment, {"done": done.id, "draft": draft.id, "visit": visit.id, "survey": survey.survey_id,
                        "rubric": rubric.id}


@pytest.fixture
def client_for(seeded):
    from fastapi.testclient import TestClient

    from junheng.web.app import create_app

    app = create_app(seeded[0])
    clients = []

    def make(username):
        client = TestClient(app)
        clients.append(client)
        if username:
            assert login(client, username).status_code == 303
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def ids(seeded):
    return seeded[1]
