"""Word and Excel of a round: a result sheet per school (all schools as a zip), the county summary, Excel of all
scores. Every export checks role and scope and is logged."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from junheng.evaluation.core.periods import term_label
from junheng.evaluation.store import rounds
from junheng.evaluation.store.schools import schools
from junheng.evaluation.web.common import require_bureau, require_school
from junheng.web.deps import CurrentScope, CurrentUser, DbSession, Forbidden, NotFound

router = APIRouter()
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip"}


def _send(data: bytes, name: str, kind: str) -> Response:
    return Response(data, media_type=MEDIA[kind],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _data(session, round_id: int) -> rounds.RoundData:
    try:
        return rounds.round_data(session, round_id)
    except rounds.EvaluationError as exc:
        raise NotFound(str(exc)) from exc


@router.get("/rounds/{round_id}/export.{kind}")
def export_round(round_id: int, kind: str, session: DbSession, user: CurrentUser):
    """The county summary (Word), all scores (Excel) or every school's result sheet (zip of Word files)."""
    from junheng.evaluation.reports import word
    from junheng.evaluation.reports.excel import scores_workbook

    require_bureau(user)
    data = _data(session, round_id)
    known = schools(session)
    label = f"{term_label(data.round.period)}{data.round.title}"
    if kind == "docx":
        body, name = word.county_summary(data, known), f"{label}汇总报告.docx"
    elif kind == "xlsx":
        body, name = scores_workbook(data, known), f"{label}得分表.xlsx"
    elif kind == "zip":
        body, name = word.all_sheets_zip(data, known), f"{label}各校结果单.zip"
    else:
        raise NotFound("只能导出 docx、xlsx 或 zip")
    rounds.audit(session, user.username, "export", f"{round_id}.{kind}", schools=len(data.result.schools))
    return _send(body, name, kind)


@router.get("/rounds/{round_id}/schools/{code}/sheet.docx")
def export_sheet(round_id: int, code: str, session: DbSession, user: CurrentUser, scope: CurrentScope):
    from junheng.evaluation.reports import word

    known = schools(session)
    if code not in known:
        raise NotFound(f"没有学校 {code}")
    require_school(session, scope, user, code)
    data = _data(session, round_id)
    if data.round.status != rounds.APPROVED and user.role in ("school_clerk", "township_official"):
        raise Forbidden("本次考核尚未审定")
    rounds.audit(session, user.username, "export", f"{round_id}/{code}.docx")
    return _send(word.school_sheet(data, known, code), f"{known[code].name}{data.round.title}结果单.docx", "docx")


@router.get("/rubrics/{rubric_id}/excel")
def rubric_excel(rubric_id: int, session: DbSession, user: CurrentUser):
    """The rubric's Excel form (a bureau edits it and imports it back)."""
    import tempfile
    from pathlib import Path

    from junheng.evaluation.reports.rubric_excel import write_rubric_excel

    try:
        rubric = rounds.rubric_of(session, rubric_id)
    except rounds.EvaluationError as exc:
        raise NotFound(str(exc)) from exc
    with tempfile.TemporaryDirectory() as folder:
        path = write_rubric_excel(rubric, Path(folder) / "r.xlsx")
        return _send(path.read_bytes(), f"{rubric.name}.xlsx", "xlsx")
