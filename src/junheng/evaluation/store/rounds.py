"""Evaluation rounds (per term): rubric, figures pulled and frozen with provenance, judgements, self-evaluations,
scoring, approval (results written and the round locked), public disclosure, history.

Other modules' results are read only through ``junheng.modules.collect_figures``; each Figure's value, source
and arithmetic are copied into ``evaluation_figure`` so a round keeps what it was scored on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from junheng.evaluation.core import EvaluationSettings, RoundResult, Rubric, parse_rubric, score_round
from junheng.evaluation.core.periods import is_term, school_year_of
from junheng.evaluation.core.scoring import combine_sections
from junheng.evaluation.store.models import (
    EvaluationFigure,
    EvaluationJudgement,
    EvaluationResult,
    EvaluationRound,
    EvaluationRubric,
    EvaluationSelf,
)
from junheng.evaluation.store.schools import schools
from junheng.store.base import utcnow
from junheng.store.memo import Memo
from junheng.store.models.accounts import AuditEntry

DRAFT, APPROVED = "草稿", "已审定"


class EvaluationError(ValueError):
    """A refused change; the message is Chinese and shown to the user."""


def audit(session: Session, username: str, verb: str, target: str, **detail: Any) -> None:
    session.add(AuditEntry(username=username, action=f"evaluation:{verb}", target=target, detail=detail))


def save_rubric(session: Session, rubric: Rubric, username: str, file_name: str = "") -> EvaluationRubric:
    row = EvaluationRubric(name=rubric.name, body=rubric.model_dump(mode="json"), file_name=file_name,
                           created_by=username)
    session.add(row)
    session.flush()
    audit(session, username, "rubric", str(row.id), name=rubric.name, file=file_name)
    return row


def rubric_of(session: Session, rubric_id: int) -> Rubric:
    row = session.get(EvaluationRubric, rubric_id)
    if row is None:
        raise EvaluationError(f"没有编号为 {rubric_id} 的考核方案")
    return parse_rubric(row.body)


def create_round(session: Session, period: str, title: str, rubric_id: int, username: str,
                 settings: EvaluationSettings | None = None) -> EvaluationRound:
    if not is_term(period):
        raise EvaluationError(f"学期「{period}」格式应为 YYYY-1（春季）或 YYYY-2（秋季）")
    rubric_of(session, rubric_id)
    if session.scalars(select(EvaluationRound).where(EvaluationRound.period == period,
                                                     EvaluationRound.title == title)).first():
        raise EvaluationError(f"{period} 已有名为「{title}」的考核")
    row = EvaluationRound(period=period, title=title.strip(), rubric_id=rubric_id,
                          settings=(settings or EvaluationSettings()).model_dump(), created_by=username)
    session.add(row)
    session.flush()
    audit(session, username, "round", str(row.id), period=period, title=title)
    return row


def get_round(session: Session, round_id: int) -> EvaluationRound:
    row = session.get(EvaluationRound, round_id)
    if row is None:
        raise EvaluationError(f"没有编号为 {round_id} 的考核")
    return row


def _open(session: Session, round_id: int) -> EvaluationRound:
    row = get_round(session, round_id)
    if row.status == APPROVED:
        raise EvaluationError(f"考核「{row.title}」已于 {row.approved_at:%Y-%m-%d} 审定，结果已锁定，不能再修改")
    return row


def pull_figures(session: Session, round_id: int, username: str) -> tuple[int, int]:
    """Pull every figure the rubric uses for every school and freeze it in the round (replacing an earlier pull).
    Returns (figures present, figures missing). A missing figure is stored with value None."""
    from junheng.modules import collect_figures

    row = _open(session, round_id)
    rubric = rubric_of(session, row.rubric_id)
    year = school_year_of(row.period)
    by_period: dict[str, set[str]] = {}
    for ind in rubric.indicators:
        if ind.source:
            by_period.setdefault(row.period if ind.period_kind == "term" else year, set()).add(ind.source)
    found: dict[tuple[str, str], Any] = {}
    sections: dict[tuple[str, str], dict[str, Any]] = {}
    for period, keys in by_period.items():
        for f in collect_figures(session, period, keys):
            if f.key not in keys or f.school is None:
                continue
            if "|" in f.school:
                code, section = f.school.split("|", 1)
                sections.setdefault((code, f.key), {})[section] = (period, f)
            else:
                found[(f.school, f.key)] = (period, f)
    session.execute(delete(EvaluationFigure).where(EvaluationFigure.round_id == round_id))
    present = missing = 0
    for code in schools(session):
        for ind in rubric.indicators:
            if not ind.source:
                continue
            period = row.period if ind.period_kind == "term" else year
            hit = found.get((code, ind.source))
            parts = sections.get((code, ind.source))
            if hit is None and parts and ind.sections != "none":
                value, how = combine_sections(ind.sections, {k: p[1].value for k, p in parts.items()})
                first = next(iter(parts.values()))
                arithmetic = "；".join([how, *(f"{k}：{p[1].arithmetic}" for k, p in parts.items() if p[1].arithmetic)])
                hit = (first[0], replace(first[1], school=code, value=value, arithmetic=arithmetic))
            if hit is None or hit[1].value is None:
                f = hit[1] if hit else None
                session.add(EvaluationFigure(round_id=round_id, school_id=code, indicator_id=ind.id, key=ind.source,
                                             period=period, value=None, unit=f.unit if f else "",
                                             source=(f.source if f else "") or "未发布",
                                             arithmetic=f.arithmetic if f else ""))
                missing += 1
                continue
            f = hit[1]
            session.add(EvaluationFigure(round_id=round_id, school_id=code, indicator_id=ind.id, key=ind.source,
                                         period=hit[0], value=float(f.value), unit=f.unit, source=f.source,
                                         arithmetic=f.arithmetic))
            present += 1
    row.figures_pulled_at = utcnow()
    session.flush()
    audit(session, username, "pull", str(round_id), present=present, missing=missing)
    return present, missing


def set_judgement(session: Session, round_id: int, school_id: str, indicator_id: str, rater: str, score: float,
                  evidence: str, username: str) -> None:
    row = _open(session, round_id)
    rubric = rubric_of(session, row.rubric_id)
    try:
        ind = rubric.indicator(indicator_id)
    except KeyError:
        raise EvaluationError(f"方案中没有指标 {indicator_id}") from None
    if ind.kind != "judgement":
        raise EvaluationError(f"指标 {indicator_id} 是数据指标，由数据自动计分")
    if school_id not in schools(session):
        raise EvaluationError(f"学校 {school_id} 不在名册中")
    if not 0 <= score <= ind.max:
        raise EvaluationError(f"评分 {score:g} 超出该指标的范围 0–{ind.max:g}")
    if not rater.strip():
        raise EvaluationError("请填写评分人")
    existing = session.scalars(select(EvaluationJudgement).where(
        EvaluationJudgement.round_id == round_id, EvaluationJudgement.school_id == school_id,
        EvaluationJudgement.indicator_id == indicator_id, EvaluationJudgement.rater == rater.strip())).first()
    if existing:
        existing.score, existing.evidence, existing.by, existing.at = score, evidence.strip(), username, utcnow()
    else:
        session.add(EvaluationJudgement(round_id=round_id, school_id=school_id, indicator_id=indicator_id,
                                        rater=rater.strip(), score=score, evidence=evidence.strip(), by=username))
    session.flush()
    audit(session, username, "judge", f"{round_id}/{school_id}/{indicator_id}", rater=rater, score=score)


def set_self(session: Session, round_id: int, school_id: str, total: float, note: str, username: str) -> None:
    _open(session, round_id)
    if not 0 <= total <= 100:
        raise EvaluationError("自评总分应在 0–100 之间")
    existing = session.scalars(select(EvaluationSelf).where(EvaluationSelf.round_id == round_id,
                                                            EvaluationSelf.school_id == school_id)).first()
    if existing:
        existing.total, existing.note, existing.by, existing.at = total, note.strip(), username, utcnow()
    else:
        session.add(EvaluationSelf(round_id=round_id, school_id=school_id, total=total, note=note.strip(),
                                   by=username))
    session.flush()
    audit(session, username, "self", f"{round_id}/{school_id}", total=total)


@dataclass
class RoundData:
    round: EvaluationRound
    rubric: Rubric
    result: RoundResult
    figures: dict[tuple[str, str], EvaluationFigure]
    judgements: dict[tuple[str, str], list[EvaluationJudgement]]
    selves: dict[str, EvaluationSelf]


def round_data(session: Session, round_id: int) -> RoundData:
    """The round scored from what is stored: live for a draft, the same inputs as at approval once approved
    (inputs cannot change after approval)."""
    row = get_round(session, round_id)
    rubric = rubric_of(session, row.rubric_id)
    figs = {(f.school_id, f.indicator_id): f for f in session.scalars(
        select(EvaluationFigure).where(EvaluationFigure.round_id == round_id))}
    judg: dict[tuple[str, str], list[EvaluationJudgement]] = {}
    for j in session.scalars(select(EvaluationJudgement).where(EvaluationJudgement.round_id == round_id)
                             .order_by(EvaluationJudgement.id)):
        judg.setdefault((j.school_id, j.indicator_id), []).append(j)
    selves = {s.school_id: s for s in session.scalars(select(EvaluationSelf).where(EvaluationSelf.round_id == round_id))}
    cats = {code: rubric.category_of(s.info) for code, s in schools(session).items()}
    result = score_round(rubric, cats, {k: f.value for k, f in figs.items()},
                         {k: [j.score for j in v] for k, v in judg.items()}, EvaluationSettings(**row.settings))
    return RoundData(row, rubric, result, figs, judg, selves)


_SCORED = Memo(reads=("evaluation", "registry"), size=16)


def scored_round(session: Session, round_id: int) -> tuple[Rubric, RoundResult]:
    """The rubric and the scores of a round, computed once per change of the evaluation data or the registry
    (the overview's chart reads them on every view); shared between requests, so read-only."""
    def compute():
        data = round_data(session, round_id)
        return data.rubric, data.result

    return _SCORED.get(session, round_id, compute)


def approve(session: Session, round_id: int, username: str) -> int:
    """Score the round, write its results and lock it. Returns the number of schools."""
    row = _open(session, round_id)
    if row.figures_pulled_at is None:
        raise EvaluationError("请先提取数据（各模块发布的指标数据），再审定")
    data = round_data(session, round_id)
    session.execute(delete(EvaluationResult).where(EvaluationResult.round_id == round_id))
    for code, r in data.result.schools.items():
        detail = {"indicators": {i: {"value": x.value, "score": x.score, "points": x.points, "raters": x.raters}
                                 for i, x in r.indicators.items()}, "dimensions": r.dimensions}
        session.add(EvaluationResult(round_id=round_id, school_id=code, category=r.category, total=r.total,
                                     rank=r.rank, coverage=r.coverage, detail=detail))
    row.status, row.approved_at, row.approved_by = APPROVED, utcnow(), username
    session.flush()
    audit(session, username, "approve", str(round_id), schools=len(data.result.schools))
    return len(data.result.schools)


def disclose(session: Session, round_id: int, username: str) -> None:
    row = get_round(session, round_id)
    if row.status != APPROVED:
        raise EvaluationError("只有审定后的考核结果才能公开")
    row.disclosed_at = utcnow()
    audit(session, username, "disclose", str(round_id))


def rounds(session: Session) -> list[EvaluationRound]:
    return list(session.scalars(select(EvaluationRound).order_by(EvaluationRound.period.desc(),
                                                                 EvaluationRound.id.desc())))


def history(session: Session, school_id: str) -> list[tuple[EvaluationRound, EvaluationResult]]:
    """The school's approved results, oldest first."""
    rows = session.execute(select(EvaluationRound, EvaluationResult)
                           .join(EvaluationResult, EvaluationResult.round_id == EvaluationRound.id)
                           .where(EvaluationResult.school_id == school_id)
                           .order_by(EvaluationRound.period, EvaluationRound.id))
    return [(a, b) for a, b in rows]


def today() -> dt.date:
    return dt.date.today()


def import_judgements(session: Session, round_id: int, path, username: str,
                      file_name: str | None = None) -> tuple[int, int]:
    """Inspectors' scores from a table (school, indicator, rater, score[, evidence]) as one undoable batch; every
    problem (file, sheet, row, column) is reported and nothing is written. Returns (batch id, scores)."""
    from pathlib import Path

    from junheng.evaluation.readers.tables import cell_text, columns, read_table
    from junheng.io.problems import ImportFailed, Problem
    from junheng.store.batches import upsert_batch

    row = _open(session, round_id)
    rubric = rubric_of(session, row.rubric_id)
    known = schools(session)
    by_name = {s.name: c for c, s in known.items()}
    path = Path(path)
    name = file_name or path.name
    sheet, header, rows = read_table(path)
    cols = columns(path, sheet, header, {"school": ("school", "学校标识码", "学校"), "indicator": ("indicator", "指标",
                                                                                       "指标编号"),
                                         "rater": ("rater", "评分人", "督学"), "score": ("score", "得分", "评分"),
                                         "evidence": ("evidence", "佐证", "佐证说明")}, optional=("evidence",))
    problems, out, seen = [], [], set()
    for n, raw in enumerate(rows, start=2):
        cells = [cell_text(c) for c in raw] + [""] * len(header)
        if not any(cells):
            continue
        school, ind_id, rater, score = (cells[cols[k]] for k in ("school", "indicator", "rater", "score"))
        school = by_name.get(school, school)

        def bad(col: str, reason: str, n: int = n) -> None:
            problems.append(Problem(name, sheet, n, header[cols[col]], reason))

        if school not in known:
            bad("school", f"学校「{school}」不在学校名册中")
            continue
        ind = next((i for i in rubric.indicators if i.id == ind_id), None)
        if ind is None or ind.kind != "judgement":
            bad("indicator", f"「{ind_id}」不是方案中的督学评分指标")
            continue
        if not rater:
            bad("rater", "评分人为空")
            continue
        try:
            value = float(score)
        except ValueError:
            bad("score", f"「{score}」不是数字")
            continue
        if not 0 <= value <= ind.max:
            bad("score", f"{score} 超出该指标的评分范围 0–{ind.max:g}")
            continue
        if (school, ind_id, rater) in seen:
            bad("rater", f"评分人「{rater}」对该校指标 {ind_id} 重复评分")
            continue
        seen.add((school, ind_id, rater))
        out.append({"round_id": round_id, "school_id": school, "indicator_id": ind_id, "rater": rater,
                    "score": value, "evidence": cells[cols["evidence"]] if "evidence" in cols else "",
                    "by": username})
    if problems:
        raise ImportFailed(problems)
    if not out:
        raise ImportFailed([Problem(name, sheet, None, "", "没有任何评分")])
    batch = upsert_batch(session, "evaluation_judgement", name, username,
                         [("evaluation_judgement", ("round_id", "school_id", "indicator_id", "rater"), out)])
    audit(session, username, "judge-import", str(round_id), batch=batch.batch_id, scores=len(out))
    return batch.batch_id, len(out)
