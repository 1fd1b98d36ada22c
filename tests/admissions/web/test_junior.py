"""小升初 on the allocation page: the grade-6 children assigned by 对口, and each public junior school's
assignments against its planned seats — an overfull school is named in the message and marked in the table."""

from __future__ import annotations

import re

import pytest

from junheng.admissions.core import AdmissionSettings
from junheng.admissions.store import setup
from junheng.admissions.store.years import save_settings, settings_for
from junheng.registry.store.models import Student
from tests.admissions.workbooks import SEAT_ROWS, ZONE_ROWS, A, J, remap, seats_file, zones_file

pytestmark = pytest.mark.db
YEAR = 2025


@pytest.fixture
def sixth_graders(deployment, tmp_path):
    seats = remap([r for r in SEAT_ROWS if r[2] == "小学"]) + [[J, "城关中学", "初中", "公办", 1, None, None]]
    with deployment.db.transaction() as s:
        save_settings(s, AdmissionSettings(year=YEAR), "admin")
        setup.import_zones(s, YEAR, zones_file(tmp_path / "Z.xlsx", remap(ZONE_ROWS), remap([[A, J]])), "admin")
        setup.import_places(s, YEAR, seats_file(tmp_path / "S.xlsx", seats), "admin", settings_for(s, YEAR))
        for k in range(52):                                   # 52 children for 1 class of 50 (初中 limit)
            s.add(Student(student_id=f"G6{k:04d}", name=f"六年级{k}", gender="男", birth_date="2013-05-01",
                          id_number_enc="x", id_number_hash=f"h{k}", id_number_masked="*", school_id="2133010001",
                          grade=6, class_name="六年级1班", status="在读", left_behind="否", migrant="否", disability="无", low_income="否",
                          township_code="330100001", village=""))
    return deployment


def test_an_overfull_junior_school_is_named_and_marked(sixth_graders, client_for):
    staff = client_for("staff")
    page = staff.get(f"/admissions/allocation?year={YEAR}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    page = staff.post("/admissions/junior", data={"csrf_token": token, "year": str(YEAR)})   # → the page again
    assert "52 名六年级学生已分配" in page.text
    assert "1 所初中对口人数超过招生学位：城关中学超出学位 2 人" in page.text
    table = re.search(r'<table class="data" id="junior-loads">(.*?)</table>', page.text, re.DOTALL).group(1)
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "城关中学 50 52 0 2" in row
