"""Evaluation writes on the web: import a rubric, create a round, pull figures, judge, self-evaluate, approve,
disclose. Bureau admins and staff do the round's steps; an inspector scores judged indicators of their schools;
a school clerk enters their school's self-evaluation. The leader reads only (a POST is refused with 403)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from junheng.accounts import WRITE_ROLES
from junheng.evaluation.core import EvaluationSettings, RubricError, load_rubric
from junheng.evaluation.store import rounds
from junheng.evaluation.store.schools import inspector_of_user, visible_codes
from junheng.evaluation.web.common import done, require_writer
from junheng.io.problems import ImportFailed
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, Forbidden
from junheng.web.offload import off_the_loop

router = APIRouter()


@router.post("/rubrics")
@off_the_loop
async def import_rubric(request: Request, session: DbSession, user: CurrentUser,
                        file: Annotated[UploadFile, File()]):
    require_writer(user)
    name = file.filename or "方案"
    suffix = Path(name).suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx", ".xls"):
        return done(request, session, "/evaluation", error="考核方案应为 YAML 文件或方案 Excel 表（.xlsx）")
    content = await file.read()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"rubric{suffix}"
        path.write_bytes(content)
        try:
            if suffix in (".xlsx", ".xls"):
                from junheng.evaluation.readers.rubric_excel import read_rubric_excel

                rubric = read_rubric_excel(path)
            else:
                rubric = load_rubric(path)
        except RubricError as exc:
            return done(request, session, "/evaluation", error=str(exc).replace("rubric", name))
        except ImportFailed as exc:
            return done(request, session, "/evaluation",
                        error="；".join(str(p).replace(path.name, name) for p in exc.problems[:8]))
    row = rounds.save_rubric(session, rubric, user.username, name)
    return done(request, session, f"/evaluation/rubrics/{row.id}", f"已导入考核方案「{rubric.name}」")


@router.post("/rounds")
def create_round(request: Request, session: DbSession, user: CurrentUser, period: Annotated[str, Form()],
                 title: Annotated[str, Form()], rubric_id: Annotated[int, Form()],
                 rater_aggregation: Annotated[str, Form()] = "mean", min_coverage: Annotated[float, Form()] = 0.0):
    require_writer(user)
    if not 0 <= min_coverage <= 1 or rater_aggregation not in ("mean", "trimmed"):
        return done(request, session, "/evaluation", error="设置无效：不排名的数据覆盖比例应在 0–1 之间")
    try:
        row = rounds.create_round(session, period.strip(), title.strip() or "学校分类考核", rubric_id, user.username,
                                  EvaluationSettings(rater_aggregation=rater_aggregation, min_coverage=min_coverage))
    except (rounds.EvaluationError, ValueError) as exc:
        return done(request, session, "/evaluation", error=str(exc))
    return done(request, session, f"/evaluation/rounds/{row.id}", f"已建立考核「{row.title}」，请提取数据")


@router.post("/rounds/{round_id}/{step}")
def round_step(request: Request, round_id: int, step: str, session: DbSession, user: CurrentUser):
    require_writer(user)
    url = f"/evaluation/rounds/{round_id}"
    try:
        if step == "pull":
            present, missing = rounds.pull_figures(session, round_id, user.username)
            message = f"已提取并冻结 {present} 项数据；{missing} 项缺数据（显示为缺，不计 0 分）"
        elif step == "approve":
            n = rounds.approve(session, round_id, user.username)
            message = f"已审定，{n} 所学校的结果已锁定"
        elif step == "disclose":
            rounds.disclose(session, round_id, user.username)
            message = "已列入公开名单"
        else:
            raise Forbidden("未知操作")
    except rounds.EvaluationError as exc:
        return done(request, session, url, error=str(exc))
    return done(request, session, url, message)


@router.post("/rounds/{round_id}/schools/{code}/judge")
@off_the_loop
async def judge(request: Request, round_id: int, code: str, session: DbSession, user: CurrentUser,
                scope: CurrentScope):
    """Scores of the judged indicators by one rater (fields ``score_<id>`` and ``evidence_<id>``)."""
    inspector = inspector_of_user(session, user.username) if user.role == "inspector" else None
    if user.role not in WRITE_ROLES and (
            inspector is None or code not in (visible_codes(session, scope, user.username) or set())):
        raise Forbidden("只有教育局工作人员或该校的责任督学可以评分")
    form = await request.form()
    rater = inspector.name if inspector else str(form.get("rater", "")).strip()
    url = f"/evaluation/rounds/{round_id}/schools/{code}"
    n = 0
    try:
        with session.begin_nested():          # all of this rater's scores, or none
            for key, value in form.items():
                if not key.startswith("score_") or not str(value).strip():
                    continue
                ind = key.removeprefix("score_")
                try:
                    score = float(str(value))
                except ValueError:
                    raise rounds.EvaluationError(f"指标 {ind} 的评分「{value}」不是数字") from None
                rounds.set_judgement(session, round_id, code, ind, rater, score,
                                     str(form.get(f"evidence_{ind}", "")), user.username)
                n += 1
    except rounds.EvaluationError as exc:
        return done(request, session, url, error=str(exc))
    return done(request, session, url, f"已保存{rater}的 {n} 项评分" if n else "", "" if n else "没有填写任何评分")


@router.post("/rounds/{round_id}/schools/{code}/self")
def self_evaluation(request: Request, round_id: int, code: str, session: DbSession, user: CurrentUser,
                    total: Annotated[str, Form()], note: Annotated[str, Form()] = ""):
    if user.role not in WRITE_ROLES and not (user.role == "school_clerk" and user.school_id == code):
        raise Forbidden("只有本校填报员可以填写学校自评")
    url = f"/evaluation/rounds/{round_id}/schools/{code}"
    try:
        rounds.set_self(session, round_id, code, float(total), note, user.username)
    except ValueError as exc:
        return done(request, session, url, error=str(exc) if isinstance(exc, rounds.EvaluationError)
                    else f"自评总分「{total}」不是数字")
    return done(request, session, url, "已保存学校自评")


@router.post("/rounds/{round_id}/judgements/import")
@off_the_loop
async def import_judgements(request: Request, round_id: int, session: DbSession, user: CurrentUser,
                            file: Annotated[UploadFile, File()]):
    """Inspectors' scores from a table (school, indicator, rater, score[, evidence]) — one undoable batch."""
    require_writer(user)
    url = f"/evaluation/rounds/{round_id}"
    name = file.filename or "评分表.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"j{Path(name).suffix.lower()}"
        path.write_bytes(await file.read())
        try:
            batch, n = rounds.import_judgements(session, round_id, path, user.username, name)
        except rounds.EvaluationError as exc:
            return done(request, session, url, error=str(exc))
        except ImportFailed as exc:
            return done(request, session, url, error="；".join(str(p) for p in exc.problems[:8])
                        + f"（共 {len(exc.problems)} 处问题，未导入任何评分）")
    return done(request, session, url, f"已导入 {n} 条督学评分（批次 {batch}，可在数据导入页撤销）")
