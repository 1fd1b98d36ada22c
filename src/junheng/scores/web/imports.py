"""Import on the web: upload → detected header and column mapping shown, fixed per column → check (errors with
file/sheet/row/column, or counts) → commit as one undoable batch. Also the class–teacher–subject table."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from starlette.datastructures import UploadFile

from junheng.io.problems import ImportFailed, Problem
from junheng.registry.store.models import School
from junheng.scores.core.headers import SUBJECTS
from junheng.scores.core.mapping import ROLES, ColumnMapping
from junheng.scores.core.model import ScoresInputError
from junheng.scores.core.zeros import MODES, ZeroRule, check_mode
from junheng.scores.readers.importer import propose_file
from junheng.scores.store.service import (
    CheckResult,
    ExamMeta,
    check_file,
    commit_exam,
    guess_full_marks,
    mapping_with_roles,
)
from junheng.scores.store.teachers import import_teachers, teacher_counts
from junheng.scores.web import stage as stages
from junheng.scores.web.common import Writer
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, NotFound
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(dependencies=[Writer])
ROLE_CHOICES = [(k, v) for k, v in ROLES.items() if k != "unknown"]


@dataclass
class UploadPage:
    title: str
    schools: list[tuple[str, str]]
    error: str = ""
    form: dict = field(default_factory=dict)


def _schools(session) -> list[tuple[str, str]]:
    return [(s.school_id, s.name) for s in session.scalars(select(School).order_by(School.name))]


@router.get("/import")
def upload_form(request: Request, session: DbSession, user: CurrentUser):
    return render(request, "scores/import.html", UploadPage("导入考试成绩", _schools(session)))


def _percent(form, key: str, default: float) -> float:
    text = str(form.get(key) or "").strip()
    return float(text) / 100 if text else default


@router.post("/import")
@off_the_loop
async def upload(request: Request, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    form = await request.form()
    file = form.get("file")
    values = {k: str(v) for k, v in form.items() if k not in ("file", "csrf_token")}
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ScoresInputError("请选择成绩文件")
        grade = str(form.get("grade") or "").strip()
        meta = ExamMeta(
            name=str(form.get("name") or "").strip(), date=str(form.get("date") or "").strip(),
            grade=int(grade) if grade else None, full_marks={"_": 1.0},
            excellent=_percent(form, "excellent", 0.85), passing=_percent(form, "passing", 0.60),
            low=_percent(form, "low", 0.40), band_width=float(form.get("band_width") or 10),
            check_classes=form.get("check_classes") == "on", default_school=str(form.get("default_school") or ""),
        )  # fmt: skip
        meta.validate()
        stage = stages.create(deployment.settings.data_dir, await file.read(), file.filename, user.username, meta)
        try:
            proposal, rows = propose_file(stage.path)
        except ScoresInputError:
            stage.drop()
            raise
        stage.sheet = proposal.sheet
        stage.meta.full_marks = guess_full_marks(session, proposal, rows)
        stage.save()
    except (ScoresInputError, ValueError) as exc:
        return render(request, "scores/import.html", UploadPage("导入考试成绩", _schools(session), str(exc), values),
                      status_code=400)  # fmt: skip
    return RedirectResponse(f"/scores/import/{stage.token}", status_code=303)


@dataclass
class PreviewPage:
    title: str
    token: str
    file_name: str
    meta: ExamMeta
    mapping: ColumnMapping
    columns: list[dict]
    roles: list[tuple[str, str]]
    subjects: list[str]
    marks: dict[str, float]
    check: CheckResult | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    notes: list[str] = field(default_factory=list)
    zero_modes: dict[str, str] = field(default_factory=lambda: dict(MODES))

    @property
    def zeros(self) -> ZeroRule | None:
        """The zero rule of the last check (None before the first check)."""
        return self.check.result.zeros if self.check is not None else None


def _stage(deployment, token: str, user) -> stages.Stage:
    stage = stages.open_stage(deployment.settings.data_dir, token, user.username)
    if stage is None:
        raise NotFound("预览已失效或不存在，请重新上传文件")
    return stage


def _preview(stage: stages.Stage, error: str = "", check: CheckResult | None = None,
             problems: list[Problem] | None = None) -> PreviewPage:  # fmt: skip
    proposal, rows = propose_file(stage.path, sheet=stage.sheet or None, subjects=list(stage.meta.full_marks))
    mapping = mapping_with_roles(proposal, stage.roles) if stage.roles else proposal
    columns = []
    for spec in mapping.columns:
        samples = [str(r[spec.index]) for r in rows[mapping.data_start: mapping.data_start + 3]
                   if spec.index < len(r) and r[spec.index] not in (None, "")]  # three rows for the preview
        original = next(c for c in proposal.columns if c.index == spec.index)
        columns.append({"index": spec.index, "letter": spec.letter, "label": spec.label, "role": spec.role,
                        "subject": spec.subject or "", "samples": "、".join(samples),
                        "changed": (spec.role, spec.subject) != (original.role, original.subject)})  # fmt: skip
    marks = {s: stage.meta.full_marks.get(s, 0.0) for s in mapping.subjects}
    known = list(dict.fromkeys([*mapping.subjects, *SUBJECTS]))
    notes = list(mapping.notes)
    if stage.roles:  # the user has decided: name only the columns still left unrecognised
        notes = [n for n in notes if not n.startswith("未识别")]
        left = [c["label"] for c in columns if c["role"] == "unknown"]
        if left:
            notes.append("仍未识别、将忽略的列：" + "、".join(left))
    return PreviewPage(f"导入预览 · {stage.file_name}", stage.token, stage.file_name, stage.meta, mapping, columns,
                       ROLE_CHOICES, known, marks, check, problems or [], error, notes)  # fmt: skip


@router.get("/import/{token}")
def preview(request: Request, token: str, user: CurrentUser, deployment: DeploymentDep):
    return render(request, "scores/preview.html", _preview(_stage(deployment, token, user)))


@router.post("/import/{token}/check")
@off_the_loop
async def check(request: Request, token: str, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    stage = _stage(deployment, token, user)
    form = await request.form()
    proposal, rows = propose_file(stage.path, sheet=stage.sheet or None, subjects=list(stage.meta.full_marks))
    roles = {}
    for spec in proposal.columns:
        role = str(form.get(f"role_{spec.index}") or spec.role)
        subject = str(form.get(f"subject_{spec.index}") or "").strip() or None
        roles[spec.index] = (role, subject)
    stage.roles, stage.checked = roles, False
    try:
        mapping = mapping_with_roles(proposal, roles)
        guessed = guess_full_marks(session, mapping, rows)
        marks = {}
        for subject in mapping.subjects:
            text = str(form.get(f"marks_{subject}") or "").strip()
            marks[subject] = float(text) if text else guessed[subject]
        stage.meta.full_marks = marks
        stage.meta.zeros = check_mode(str(form.get("zeros") or stage.meta.zeros))
        stage.save()
        result = check_file(session, stage.path, stage.meta, mapping)
    except (ScoresInputError, ValueError) as exc:
        stage.save()
        return render(request, "scores/preview.html", _preview(stage, error=str(exc)), status_code=400)
    stage.checked = result.ok
    stage.save()
    return render(request, "scores/preview.html", _preview(stage, check=result, problems=result.problems),
                  status_code=200 if result.ok else 400)  # fmt: skip


@router.post("/import/{token}/commit")
def commit(request: Request, token: str, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    stage = _stage(deployment, token, user)
    proposal, _ = propose_file(stage.path, sheet=stage.sheet or None, subjects=list(stage.meta.full_marks))
    try:
        mapping = mapping_with_roles(proposal, stage.roles) if stage.roles else proposal
        exam = commit_exam(session, stage.path, stage.meta, mapping, user.username, stage.file_name)
    except ImportFailed as failed:
        return render(request, "scores/preview.html", _preview(stage, problems=failed.problems), status_code=400)
    except ScoresInputError as exc:
        return render(request, "scores/preview.html", _preview(stage, error=str(exc)), status_code=400)
    stage.drop()
    return RedirectResponse(f"/scores/exams/{exam.id}?imported=1", status_code=303)


@dataclass
class TeachersPage:
    title: str
    counts: list[dict]
    message: str = ""
    problems: list[Problem] = field(default_factory=list)


@router.get("/teachers")
def teachers_form(request: Request, session: DbSession, user: CurrentUser):
    return render(request, "scores/teachers.html",
                  TeachersPage("任课教师表", teacher_counts(session).to_dict(orient="records")))  # fmt: skip


@router.post("/teachers")
@off_the_loop
async def teachers_upload(request: Request, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    form = await request.form()
    file, year = form.get("file"), str(form.get("school_year") or "").strip()
    if not isinstance(file, UploadFile) or not file.filename:
        return render(request, "scores/teachers.html", TeachersPage(
            "任课教师表", teacher_counts(session).to_dict(orient="records"), "请选择文件"), status_code=400)  # fmt: skip
    folder = deployment.settings.data_dir / "uploads" / "scores"
    folder.mkdir(parents=True, exist_ok=True)
    from pathlib import Path

    path = folder / f"teachers-{user.id}{Path(file.filename).suffix.lower()}"
    path.write_bytes(await file.read())
    try:
        result = import_teachers(session, path, year, user.username, Path(file.filename).name)
    except ImportFailed as failed:
        return render(request, "scores/teachers.html", TeachersPage(
            "任课教师表", teacher_counts(session).to_dict(orient="records"), problems=failed.problems), status_code=400)
    finally:
        path.unlink(missing_ok=True)
    session.flush()
    counts = result.counts["scores_class_teacher"]
    message = f"导入完成（批次 {result.batch_id}）：新增 {counts.inserted} 行，更新 {counts.updated} 行，未变化 {counts.unchanged} 行"
    return render(request, "scores/teachers.html", TeachersPage("任课教师表", teacher_counts(session).to_dict(orient="records"),
                                                               message))  # fmt: skip
