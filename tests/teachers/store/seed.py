"""A seeded deployment for store and web tests: the small registry plus teacher histories at its schools."""

from __future__ import annotations

from pathlib import Path

from junheng.teachers.core.schema import ETHICS, POSTS, RECOGNITIONS, RECORDS, TEACHERS, TITLES, TRAINING
from junheng.teachers.store.intake import import_file
from tests.teachers.files import person, post, write

A, B, C = "2133010001", "2133010002", "2133010003"   # 城区小学, 城区初中, 乡村九年一贯制


def files(tmp: Path) -> dict[str, Path]:
    teachers = [person(f"A{i}", id_number="11010519491231002X" if i == 0 else None) for i in range(10)]
    teachers += [person(f"B{i}", education="研究生" if i < 2 else "本科") for i in range(6)]
    teachers += [person(f"C{i}", education="专科", gender="女", birth=1972 if i == 0 else 1985) for i in range(6)]
    posts = [post(f"A{i}", A, "2010-09-01", "2024-08-24" if i == 0 else None,
                  subject="体育与健康" if i == 1 else "语文") for i in range(10)]
    posts += [post("A0", C, "2024-08-25", kind="交流轮岗")]
    posts += [post(f"B{i}", B, "2015-09-01", section="初中", subject="数学") for i in range(6)]
    posts += [post(f"C{i}", C, "2012-09-01", section="小学" if i < 3 else "初中") for i in range(6)]
    titles = [{"teacher_id": "A0", "title": "一级", "date": "2016-12-01"},
              {"teacher_id": "A0", "title": "高级", "date": "2023-12-01"}]
    recog = [{"teacher_id": "A0", "kind": "骨干教师", "level": "县级", "start": "2021-09-01", "end": "2026-08-31"}]
    ethics = [{"teacher_id": "B5", "year": 2023, "result": "不合格", "veto": "是", "note": "有偿补课"}]
    records = [{"teacher_id": "A0", "kind": "师徒结对", "name": "青年教师结对", "start": "2022-09-01",
                "partner_id": "A9"}]
    training = [{"teacher_id": f"A{i}", "course": "县级全员培训", "level": "县级", "hours": 360 if i < 5 else 120,
                 "date": "2023-07-01"} for i in range(10)]
    return {"profile": write(tmp / "教师档案.xlsx", [(TEACHERS, teachers), (TITLES, titles), (RECOGNITIONS, recog),
                                                (ETHICS, ethics), (RECORDS, records)]),
            "posts": write(tmp / "任职经历.xlsx", [(POSTS, posts)]),
            "training": write(tmp / "培训学时.xlsx", [(TRAINING, training)])}


def seed(deployment, registry_file: Path, tmp: Path) -> dict[str, Path]:
    from junheng.registry.store.importer import import_registry

    paths = files(tmp)
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "tester", deployment.protector)
    for kind in ("profile", "posts", "training"):
        with deployment.db.transaction() as session:
            import_file(session, kind, paths[kind], "tester", deployment.protector)
    return paths
