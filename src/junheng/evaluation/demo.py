"""Demo 督导评价: the default rubric, the survey export written by ``junheng demo generate`` imported through the
real import path, six 责任督学 with about six months of visits (issues open ledger items), and two rounds
(2024 spring and autumn terms) with figures pulled from every module, inspectors' judgements, self-evaluations,
approved; the spring round disclosed; an interview of the last school of a category.

One account ``inspector`` (the first 责任督学) is created with the demo password."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from junheng.evaluation.core import DEFAULT_QUESTIONNAIRE, DEFAULT_RUBRIC, load_questionnaire, load_rubric
from junheng.evaluation.store import inspection, rounds, surveys
from junheng.evaluation.store.schools import schools

ROUNDS = (("2024-1", "学校分类考核"), ("2024-2", "学校分类考核"))
RATERS = ("督导室 王建国", "教研室 李红")


def _survey_file(files_dir: Path) -> Path:
    from junheng.demo.evaluation import SURVEY_FILE

    manifest = Path(files_dir) / "manifest.json"
    if manifest.exists():
        name = json.loads(manifest.read_text(encoding="utf-8")).get("files", {}).get("evaluation_survey")
        if name:
            return Path(files_dir) / name
    return Path(files_dir) / SURVEY_FILE


def load(deployment, files_dir: Path, by: str) -> str:
    from junheng.accounts import create_user
    from junheng.demo.base import rng_for
    from junheng.demo.evaluation import INSPECTORS, build_inspection, write_survey_file
    from junheng.demo.serve import DEMO_PASSWORD

    path = _survey_file(files_dir)
    with deployment.db.transaction() as session:
        known = schools(session)
        frame = pd.DataFrame([{"school_id": c, "name": s.name, "kind": s.kind} for c, s in known.items()])
        if not path.exists():                       # files written before the survey existed
            path = write_survey_file(frame, 2024, Path(files_dir))
        got = surveys.import_survey(session, load_questionnaire(DEFAULT_QUESTIONNAIRE), "2024", path, by)
        rubric = rounds.save_rubric(session, load_rubric(DEFAULT_RUBRIC), by, DEFAULT_RUBRIC.name)
    rng = rng_for(2024, "evaluation-inspection")
    today = dt.date.today()
    assigned, planned = build_inspection(frame, rng, today)
    with deployment.db.transaction() as session:
        people = []
        for i, name in enumerate(INSPECTORS):
            account = "inspector" if i == 0 else None
            people.append(inspection.add_inspector(session, name, account, f"1397390{i:04d}", 2, assigned[i], by))
        create_user(session, "inspector", DEMO_PASSWORD, "inspector", f"{INSPECTORS[0]}（责任督学）", by=by)
        opened = 0
        for v in planned:
            visit = inspection.record_visit(session, inspection.NewVisit(
                people[v.inspector].id, v.school_id, v.day, list(v.checked), v.issue, bool(v.issue),
                deadline=v.day + dt.timedelta(days=30)), by)
            opened += visit.ledger_item_no is not None
    inspector_of = {code: INSPECTORS[i] for i, codes in assigned.items() for code in codes}
    quality = {code: float(np.clip(rng.normal(0.82, 0.08), 0.55, 0.98)) for code in sorted(known)}
    ids = []
    for period, title in ROUNDS:
        with deployment.db.transaction() as session:
            r = rounds.create_round(session, period, title, rubric.id, by)
            rounds.pull_figures(session, r.id, by)
            rub = rounds.rubric_of(session, rubric.id)
            for code in sorted(known):
                for ind in rub.indicators:
                    if ind.kind != "judgement":
                        continue
                    for rater in (inspector_of.get(code, RATERS[1]), *RATERS):
                        score = float(np.clip(rng.normal(quality[code], 0.07), 0, 1)) * ind.max
                        rounds.set_judgement(session, r.id, code, ind.id, rater, round(score * 2) / 2, "", by)
            data = rounds.round_data(session, r.id)
            for code, res in data.result.schools.items():
                if res.total is not None and rng.random() < 0.8:
                    rounds.set_self(session, r.id, code, float(np.clip(res.total + rng.normal(4, 3), 0, 100)),
                                    "按考核方案逐项自查", by)
            rounds.approve(session, r.id, by)
            ids.append(r.id)
    with deployment.db.transaction() as session:
        rounds.disclose(session, ids[0], by)
        data = rounds.round_data(session, ids[-1])
        last = max((x for x in data.result.schools.values() if x.rank), key=lambda x: (x.rank, x.school))
        inspection.record_interview(session, last.school, today - dt.timedelta(days=5),
                                    f"2024年秋季学期{ROUNDS[-1][1]}类别内末位（总分 {last.total:.1f}）", "校长、分管副校长",
                                    "分析失分原因，一个月内报送整改方案", by, ids[-1])
        _, _, result = surveys.survey_result(session, got.survey_id)
    rate = result.county.rate or 0.0
    return (f"督导评价：满意度调查 {got.responses} 份答卷（全县 {rate:.1%}），责任督学 {len(INSPECTORS)} 名、"
            f"督导记录 {len(planned)} 条（生成整改事项 {opened} 项），分类考核 {len(ids)} 轮已审定；"
            f"责任督学演示账号 inspector（密码同下表）")
