"""A web app over the small test county with health data and one user of every role, the 卫生健康专干 included."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from junheng.accounts import create_user
from junheng.health.store import imports
from tests.health.workbook import GOOD, write_rows
from tests.web.conftest import USERS as BASE_USERS
from tests.web.conftest import login

USERS = {**BASE_USERS, "health": ("health_officer", None, None)}


def sheet(path, title, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def load_health(session, tmp_path):
    imports.import_fitness(session, write_rows(tmp_path / "2133010001.xlsx", GOOD), "2024", "setup")
    vision = [["2133010001", "G001", "张一", "男", "11", "一年级1班", 4.8, 5.0, -0.75, 0, "2025-03-01"],
              ["2133010002", "G002", "李二", "女", "22", "初二1班", 5.1, 5.0, None, None, "2025-03-01"]]
    sheet_path = sheet(tmp_path / "v.xlsx", "视力筛查", ["学校标识码", "学籍号", "姓名", "性别", "年级", "班级", "右眼裸眼视力",
                                                       "左眼裸眼视力", "右眼等效球镜", "左眼等效球镜", "筛查日期"], vision)
    imports.import_sheet(session, "vision", sheet_path, "2025-1", "setup")
    psych = [["2133010001", "G001", "张一", "11", "一年级1班", "PHQ-9", 18, "2024-10-10"],
             ["2133010003", "G009", "赵九", "21", "初一1班", "PHQ-9", 4, "2024-10-10"]]
    imports.import_sheet(session, "psych", sheet(tmp_path / "p.xlsx", "心理测评", ["学校标识码", "学籍号", "姓名", "年级", "班级",
                                                                               "量表", "总分", "测评日期"], psych),
                         "2024", "setup", today=dt.date(2024, 10, 11))
    special = [["S1", "甲", "男", "2015-01-01", "智力", "随班就读", "2133010001", ""],
               ["S2", "乙", "女", "2013-01-01", "多重", "未入学", None, ""]]
    imports.import_sheet(session, "special_ed", sheet(tmp_path / "s.xlsx", "特殊教育", ["登记号", "姓名", "性别", "出生日期",
                                                                                     "残疾类别", "安置方式", "学校标识码",
                                                                                     "乡镇代码"], special), "2024", "setup")


def build_app(data_dir, registry_template):
    import shutil

    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.registry.store.importer import import_registry
    from junheng.web.app import create_app

    dep = Deployment.open(Settings(data_dir=data_dir / "data", database_url=f"sqlite:///{data_dir / 'h.db'}",
                                   secret_key="test-secret"))
    registry = shutil.copy(registry_template, data_dir / "学校名册.xlsx")
    with dep.db.transaction() as session:
        import_registry(session, registry, "setup", dep.protector)
        for name, (role, school, town) in USERS.items():
            create_user(session, name, "password-123", role, f"{name}用户", school, town)
        load_health(session, data_dir)
    return create_app(dep), dep


def _clients(app):
    from fastapi.testclient import TestClient

    made = {}

    def make(username: str | None):
        if username in made:
            return made[username]
        client = TestClient(app)
        if username:
            assert login(client, username).status_code == 303
        made[username] = client
        return client

    return make, made


@pytest.fixture(scope="module")
def shared(tmp_path_factory, _registry_template):
    """One app for the read-only tests of a module (SQLite; the storage suite covers PostgreSQL)."""
    app, dep = build_app(tmp_path_factory.mktemp("health-web"), _registry_template)
    make, made = _clients(app)
    yield app, make
    for c in made.values():
        c.close()
    dep.db.dispose()


@pytest.fixture
def client_as(shared):
    return shared[1]


@pytest.fixture
def health_app(shared):
    return shared[0]


@pytest.fixture
def fresh_client_as(tmp_path, _registry_template):
    """A fresh app for tests that write."""
    app, dep = build_app(tmp_path, _registry_template)
    make, made = _clients(app)
    yield make
    for c in made.values():
        c.close()
    dep.db.dispose()
