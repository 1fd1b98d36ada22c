"""Load the demo county's 控辍保学 files through the normal import paths, then play a few weeks of casework.

Files (``junheng demo generate``; names from manifest.json when present): the two term rosters in the 学籍
system's layout (``学籍花名册_2024-1（…）.xlsx``, ``学籍花名册_2024-2（…）.xlsx``) and ``户籍适龄人口名单.xlsx``;
``巩固率基础数据.xlsx`` (cohort figures for 巩固率) is imported when present.

Steps: import both rosters and the population list (batches, as on the web); run the 2024-2 census; open a case
for every suspected dropout; reconcile the population list (two fuzzy matches confirmed, one left for a person to
decide) and open cases for the children enrolled nowhere; name both lines' people from the registry (teachers of
the school) and plausible township and village cadres; log contacts so that the dashboard shows one case
returned to school, one with a written notice, one verified transfer and exactly one overdue step; zero-reports
for last month with two schools missing; the early-warning list with some real and some boilerplate contacts.

Dates are relative to today (the census ran four weeks ago), so deadlines look as they would in a live term.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from junheng.accounts import Scope
from junheng.registry.store.models import School, Teacher, Township
from junheng.retention.core.cases import Contact, Responsible
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.store import service
from junheng.retention.store.case_open import open_census_cases, open_reconciliation_cases
from junheng.retention.store.cases import (
    add_contact,
    assign_people,
    change_status,
    load_cases,
    mark_reported,
    record_notice,
)
from junheng.retention.store.census import run_term_census
from junheng.retention.store.cohort import import_cohorts
from junheng.retention.store.models import CaseRecord, WarningFlag
from junheng.retention.store.monitor import add_warning_contact, flag_students, submit_zero_report
from junheng.retention.store.population import decide, import_population, protected_people, reconcile_term
from junheng.retention.store.rosters import import_roster

COHORT_FILE = "巩固率基础数据.xlsx"   # optional: cohort figures for 巩固率 (template: db_cohort.write_cohort_template)
CADRES = ["刘建华", "陈志强", "杨秀兰", "黄国庆", "周海燕", "吴卫东", "徐丽萍", "孙德明", "马俊杰", "朱红梅"]
VILLAGE_CADRES = ["王富贵", "李春生", "张桂芳", "赵永明", "钱秀英", "孙长林", "周玉兰", "郑金山"]


def demo_files(files_dir: Path) -> tuple[dict[str, Path], Path | None]:
    """({term: roster file}, population file) from manifest.json, else by the documented file names."""
    manifest = files_dir / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        rosters = {t: files_dir / name for t, name in (data.get("rosters") or {}).items()}
        population = files_dir / data["population"] if data.get("population") else None
    else:
        rosters = {p.name.split("_")[1][:6]: p for p in sorted(files_dir.glob("学籍花名册_*.xlsx"))}
        population = files_dir / "户籍适龄人口名单.xlsx"
    return rosters, population if population is not None and population.exists() else None


def _back(calendar: TermCalendar, day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days before ``day``."""
    probe = day - dt.timedelta(days=n * 2 + 10)
    while calendar.working_days_between(probe, day) > n:
        probe += dt.timedelta(days=1)
    return calendar.add_working_days(probe, 0)


def load(deployment, files_dir: Path, username: str) -> str:
    files_dir = Path(files_dir)
    rosters, population = demo_files(files_dir)
    if len(rosters) < 2:
        return f"控辍保学：{files_dir} 中没有两个学期的学籍花名册，未载入"
    settings = service.load_settings(deployment.settings.data_dir)
    calendar = TermCalendar.from_settings(settings)
    today = service.today()
    census_day = _back(calendar, today, 20)
    terms = sorted(rosters)
    for term in terms:
        with deployment.db.transaction() as session:
            import_roster(session, rosters[term], term=term, username=username, protector=deployment.protector)
    with deployment.db.transaction() as session:
        run = run_term_census(session, terms[-1], previous=terms[-2], username=username, settings=settings,
                              term_start=_back(calendar, census_day, 5), census_date=census_day)
        census_cases = open_census_cases(session, run, username=username)
        counts = dict(run.counts)
    reconciled = 0
    if population is not None:
        with deployment.db.transaction() as session:
            import_population(session, population, username=username, protector=deployment.protector)
        with deployment.db.transaction() as session:
            view = reconcile_term(session, deployment.protector, terms[-1], settings)
            firsts = view.candidates.drop_duplicates("id_number")
            for row in firsts.iloc[:2].itertuples():
                decide(session, row.id_number, row.student_id, True, username=username)
        with deployment.db.transaction() as session:
            view = reconcile_term(session, deployment.protector, terms[-1], settings)
            unenrolled = view.unenrolled
            reconciled = len(open_reconciliation_cases(
                session, unenrolled, term=terms[-1], opened_on=_back(calendar, today, 3), username=username,
                protected=protected_people(session, unenrolled["id_number"].tolist())))
    cohort = files_dir / COHORT_FILE
    if cohort.exists():
        with deployment.db.transaction() as session:
            import_cohorts(session, cohort, username=username)
    with deployment.db.transaction() as session:
        _casework(session, census_day, today, calendar, username, _demo_township(files_dir))
        _zero_reports(session, today, username)
        flagged = _warnings(session, terms[-1], today, calendar, settings, username)
    return (f"控辍保学：花名册 {len(terms)} 个学期，清查 {terms[-2]}→{terms[-1]}：疑似辍学 "
            f"{counts['suspected_dropout']} 人，县内转学 {counts['transferred_within']} 人；立案 "
            f"{len(census_cases) + reconciled} 件（人口比对 {reconciled} 件）；预警学生 {flagged} 人")


def _people(session, case: CaseRecord, n: int) -> dict[str, Responsible]:
    town = session.get(Township, case.township_code)
    town_name = town.name if town else (case.township_name or "乡镇")
    school_id = case.school_id or session.scalar(select(School.school_id).where(
        School.township_code == case.township_code).order_by(School.school_id))
    school = session.get(School, school_id) if school_id else None
    teachers = list(session.scalars(select(Teacher).where(Teacher.school_id == school_id)
                                    .order_by(Teacher.teacher_id).limit(12))) if school_id else []
    village = case.village or town_name
    committee = village + ("居委会" if village.endswith("社区") else "委会" if village.endswith("村") else "村（居）委会")
    people = {"township_official": Responsible(CADRES[n % len(CADRES)], f"{town_name}人民政府控辍专干",
                                               f"1390311{n:04d}"),
              "village_official": Responsible(VILLAGE_CADRES[n % len(VILLAGE_CADRES)], committee, f"1380311{n:04d}")}
    if teachers and school is not None:
        people["school_contact"] = Responsible(teachers[0].name, f"{school.name}德育处", f"1357311{n:04d}")
        people["class_teacher"] = Responsible(teachers[(n % (len(teachers) - 1)) + 1 if len(teachers) > 1 else 0].name,
                                              f"{school.name}班主任", f"1367311{n:04d}")
    return people


def _demo_township(files_dir: Path) -> str | None:
    """The township of the demo's township-official account (its dashboard should show the overdue case)."""
    if not (files_dir / "学校名册.xlsx").exists():
        return None
    from junheng.demo.serve import demo_accounts

    try:
        return next((a.township_code for a in demo_accounts(files_dir) if a.township_code), None)
    except (KeyError, ValueError, IndexError):   # a convenience here, never a reason to fail loading
        return None


def _casework(session, census_day: dt.date, today: dt.date, calendar: TermCalendar, username: str,
              township: str | None) -> None:
    """Each census case is reported and staffed; then one returns, one gets the written notice, one is a
    verified transfer, one lapses (its next contact is overdue: in the demo township when it has a census case),
    and the rest are being persuaded on time."""
    day = lambda n: calendar.add_working_days(census_day, n)
    records = [r for r, _ in load_cases(session, Scope("bureau_admin"))]
    census = [r for r in records if r.source == "census"]
    mine = [r for r in census if r.township_code == township]
    if mine and len(census) > 1:   # put the demo township's case in the overdue slot (index 1)
        census.remove(mine[0])
        census.insert(1, mine[0])
    records = census + [r for r in records if r.source != "census"]
    for n, rec in enumerate(records):
        assign_people(session, rec, _people(session, rec, n), on=day(1) if rec.source == "census" else rec.opened_on,
                      username=username)
        mark_reported(session, rec, on=day(1) if rec.source == "census" else rec.opened_on, username=username)
        if rec.source != "census":
            continue
        teacher = (rec.people.get("class_teacher") or {}).get("name", "班主任")
        cadre = rec.people["township_official"]["name"]
        role = n % 5 if n < 5 else 4
        if role == 3:
            change_status(session, rec, "已转学核实", on=day(3), by=teacher,
                          note="经联系家长，已随父母在外省就读，取得接收学校出具的在读证明", username=username)
            continue
        change_status(session, rec, "确认辍学", on=day(2), by=teacher, note="", username=username)
        change_status(session, rec, "劝返中", on=day(3), by=cadre, note="", username=username)
        if role == 0:   # returned to school
            add_contact(session, rec, Contact(day(4), "家访", "到家中见到学生和奶奶，学生厌学，称在家帮忙干农活，暂不同意返校",
                                              cadre), username=username)
            add_contact(session, rec, Contact(day(7), "电话", "与在外务工的父亲通话，父亲同意周一送孩子返校，学校安排学业帮扶",
                                              teacher, agreed=True), username=username)
            change_status(session, rec, "已复学", on=day(9), by=teacher, note=f"{day(9)} 返校，编入原班，安排结对帮扶",
                          username=username)
        elif role == 1:  # the one overdue: no contact since the start of persuasion
            add_contact(session, rec, Contact(day(3), "家访", "家中无人，邻居称学生随亲戚外出，已留联系卡", cadre),
                        username=username)
        elif role == 2:  # three failed persuasions → the township's written notice
            for k, (kind, note) in enumerate([("家访", "学生在县城网吧，家长管不住，不同意返校"),
                                              ("电话", "家长称孩子不愿读书，拒绝送校"),
                                              ("家访", "村干部与班主任一同家访，家长仍拒绝")]):
                add_contact(session, rec, Contact(day(4 + 2 * k), kind, note, cadre), username=username)
            record_notice(session, rec, on=day(10), username=username, note="送达监护人本人，已签收回执")
            add_contact(session, rec, Contact(_back(calendar, today, 2), "家访",
                                              "通知书送达后再次家访，家长表示考虑，约定下周再谈", cadre),
                        username=username)
        else:           # being persuaded, contacts on time
            add_contact(session, rec, Contact(_back(calendar, today, 3 + n % 3), "家访",
                                              f"第{n}次家访：与家长长谈，了解家庭困难，协调申请资助", cadre),
                        username=username)


def _zero_reports(session, today: dt.date, username: str) -> None:
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    schools = list(session.scalars(select(School.school_id).order_by(School.school_id)))
    for n, school in enumerate(schools[:-2]):
        opened = session.scalar(select(CaseRecord.case_id).where(CaseRecord.school_id == school).limit(1))
        submit_zero_report(session, school, month, 1 if opened else 0, on=min(today, today.replace(day=3 + n % 3)),
                           note="", username=username)


def _warnings(session, term: str, today: dt.date, calendar: TermCalendar, settings, username: str) -> int:
    flagged_on = _back(calendar, today, 8)
    flag_students(session, term, on=flagged_on, username=username, settings=settings)
    flags = list(session.scalars(select(WarningFlag).where(WarningFlag.term == term)
                                 .order_by(WarningFlag.school_id, WarningFlag.risk_score.desc())))
    for n, flag in enumerate(flags):
        if n % 3 == 0:
            add_warning_contact(session, flag, on=calendar.add_working_days(flagged_on, 2), kind="家访",
                                note=f"班主任家访，{flag.name}近期情绪低落，与家长商定每周电话沟通一次", person="班主任",
                                username=username)
        elif n % 3 == 1 and n % 2 == 0:
            add_warning_contact(session, flag, on=calendar.add_working_days(flagged_on, 1), kind="电话",
                                note="已电话联系", person="班主任", username=username)
    return len(flags)
