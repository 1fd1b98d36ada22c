"""The demo county's teacher histories: what the demo must show, and that its files pass the strict readers."""

import pytest

from junheng.teachers.core import history, quota, training, year_counts

pytestmark = pytest.mark.core


@pytest.fixture(scope="module")
def demo():
    from junheng.demo.base import rng_for
    from junheng.demo.registry import build_registry
    from junheng.demo.teachers import build_teacher_histories

    reg = build_registry(2024)
    return reg, build_teacher_histories(reg.teachers, reg.schools, reg.exchanges, rng_for(2024, "teachers"))


def _history(reg, h):
    return history(h.persons, h.posts, h.titles, h.recognitions, h.training, h.ethics.assign(veto=h.ethics.veto.eq("是")),
                   reg.schools)


def test_demo_shows_what_it_should(demo):
    reg, h = demo
    hh = _history(reg, h)
    assert len(h.persons) == len(reg.teachers) == 3061
    q = quota(hh, 2024)
    moved = set(q.moved["teacher_id"])
    assert (q.eligible["eligible"] & ~q.eligible["teacher_id"].isin(moved)).sum() > 100   # eligible, not moved
    assert any(line.eligible and line.rate < 0.10 for line in q.schools.values())        # a school below quota
    assert len(moved) == (reg.exchanges["year"] == 2024).sum()
    t = training(hh, 2024)
    assert 0 < len(t.behind()) < t.teachers                                               # some behind on hours
    assert (h.ethics["veto"] == "是").sum() == 1
    counts = year_counts(hh, 2024)
    assert counts and all(c.value is None or c.value >= 0 for c in counts)


def test_registry_schools_hold_the_autumn_2024_posts(demo):
    from junheng.teachers.core import TeacherSettings, posts_on

    reg, h = demo
    on = posts_on(_history(reg, h), TeacherSettings().reference_date(2024), TeacherSettings())
    merged = on.merge(reg.teachers[["teacher_id", "school_id", "section"]], on="teacher_id", suffixes=("", "_reg"))
    assert len(merged) == len(reg.teachers)
    assert (merged["school_id"] == merged["school_id_reg"]).all() and (merged["section"] == merged["section_reg"]).all()


def test_demo_files_pass_the_strict_readers(demo, tmp_path):
    from junheng.demo.teachers import write_teacher_files
    from junheng.teachers.readers.workbook import (
        Workbooks,
        check_references,
        read_posts,
        read_teachers,
        read_training,
    )

    reg, h = demo
    names = write_teacher_files(h, tmp_path)
    problems, wb = [], Workbooks()
    read_teachers(tmp_path / names["profile"], problems, wb)
    read_posts(tmp_path / names["posts"], problems, wb)
    read_training(tmp_path / names["training"], problems, wb)
    check_references(wb, set(), {}, problems, set(reg.schools["school_id"]))
    assert problems == []
    assert len(wb.rows["teachers_training"]) == len(h.training)
