"""Reports and exports: the per-school Word reports as a zip (background job, progress by htmx polling), one
school's report, the full tables as Excel, the bureau's docxtpl template, undoing an import."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from junheng.scores.core.model import ScoresInputError
from junheng.scores.store.access import can_write, log_export, log_ranked_list, sees_ranks
from junheng.scores.store.models import ExamRecord
from junheng.scores.store.queries import cached
from junheng.scores.store.reporting import check_template, default_value_added, item_analyses
from junheng.scores.web import jobs
from junheng.scores.web.common import ExamHeader, Reader, Writer, exam_info, loaded_exam, school_in_scope
from junheng.store.batches import UndoRefused, undo_batch
from junheng.store.models.accounts import AuditEntry
from junheng.web.deps import CurrentUser, DbSession, DeploymentDep, Forbidden, NotFound, require_roles
from junheng.web.offload import off_the_loop
from junheng.web.render import render

router = APIRouter(dependencies=[Reader])
BureauOnly = require_roles("bureau_admin", "bureau_staff", "leader")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}


@dataclass
class ReportsPage:
    title: str
    header: ExamHeader
    can_write: bool
    bureau: bool
    schools: list[tuple[str, str]]
    job: jobs.ReportJob | None
    template: bool
    message: str = ""
    error: str = ""
    missing: list[str] = field(default_factory=list)


def _reports_page(session, deployment, user, exam_id: int, **kw) -> ReportsPage:
    loaded = loaded_exam(session, exam_id)
    schools = sorted(loaded.school_names.items(), key=lambda kv: kv[1])
    if user.role == "school_clerk":
        schools = [(k, v) for k, v in schools if k == user.school_id]
    return ReportsPage(f"报告与导出 · {loaded.info.name}", ExamHeader(loaded.info, "reports"), can_write(user.role),
                       user.role != "school_clerk", schools, jobs.latest(exam_id),
                       jobs.template_path(deployment.settings.data_dir).exists(), **kw)  # fmt: skip


@router.get("/exams/{exam_id}/reports")
def reports(request: Request, exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    return render(request, "scores/reports.html", _reports_page(session, deployment, user, exam_id))


@router.post("/exams/{exam_id}/reports", dependencies=[Writer])
@off_the_loop
async def start_reports(request: Request, exam_id: int, session: DbSession, user: CurrentUser,
                        deployment: DeploymentDep):  # fmt: skip
    form = await request.form()
    info = exam_info(session, exam_id)
    use_template = form.get("template") == "on" and jobs.template_path(deployment.settings.data_dir).exists()
    job = jobs.start(deployment, exam_id, info.name, user.username, use_template)
    session.add(AuditEntry(username=user.username, action="scores:reports", target=info.name,
                           detail={"exam_id": exam_id, "job": job.id, "template": use_template}))  # fmt: skip
    if request.headers.get("hx-request"):
        return render(request, "scores/_job.html", {"job": job, "exam_id": exam_id})
    return RedirectResponse(f"/scores/exams/{exam_id}/reports", status_code=303)


def _job(exam_id: int, job_id: str) -> jobs.ReportJob:
    job = jobs.get(job_id)
    if job is None or job.exam_id != exam_id:
        raise NotFound("报告任务不存在（服务重启后需重新生成）")
    return job


@router.get("/exams/{exam_id}/reports/{job_id}", dependencies=[BureauOnly])
def job_status(request: Request, exam_id: int, job_id: str, user: CurrentUser):
    return render(request, "scores/_job.html", {"job": _job(exam_id, job_id), "exam_id": exam_id})


@router.get("/exams/{exam_id}/reports/{job_id}/download", dependencies=[BureauOnly])
def job_download(exam_id: int, job_id: str, session: DbSession, user: CurrentUser):
    job = _job(exam_id, job_id)
    if job.state != "done" or not job.path.exists():
        raise NotFound("报告尚未生成完成")
    log_export(session, user, job.download_name, exam_id=exam_id, kind="各校 Word 报告")
    return FileResponse(job.path, media_type="application/zip", headers=_attachment(job.download_name))


@router.get("/exams/{exam_id}/schools/{school_id}/report.docx")
def school_report(exam_id: int, school_id: str, session: DbSession, user: CurrentUser):
    from junheng.scores.reports.word import school_report as build

    loaded = loaded_exam(session, exam_id)
    name = school_in_scope(loaded, user, school_id)
    data = cached(session, loaded.info, "school_report", lambda: build(
        loaded.analysis, name, value_added=default_value_added(session, loaded)), name, date.today().isoformat())
    log_export(session, user, f"{loaded.info.name} {name} 报告", exam_id=exam_id, school_id=school_id)
    return Response(data, media_type=DOCX, headers=_attachment(f"{name}-{loaded.info.name}.docx"))


@router.get("/exams/{exam_id}/tables.xlsx", dependencies=[BureauOnly])
def tables(exam_id: int, session: DbSession, user: CurrentUser, deployment: DeploymentDep):
    from junheng.scores.reports.excel import write_tables

    loaded = loaded_exam(session, exam_id)
    ranks = sees_ranks(user, deployment.settings)

    def build() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = write_tables(loaded.analysis, Path(folder) / "tables.xlsx",
                                value_added=default_value_added(session, loaded), items=item_analyses(session, loaded),
                                include_students=True, include_ranks=ranks)  # fmt: skip
            return path.read_bytes()

    data = cached(session, loaded.info, "tables", build, ranks)
    target = f"{loaded.info.name} 统计表"
    if ranks:
        log_ranked_list(session, user, target, exam_id=exam_id, students=loaded.info.n_students, kind="Excel")
    else:
        log_export(session, user, target, exam_id=exam_id, students=loaded.info.n_students, kind="Excel")
    return Response(data, media_type=XLSX, headers=_attachment(f"{loaded.info.name}-统计表.xlsx"))


@router.post("/exams/{exam_id}/template", dependencies=[Writer])
@off_the_loop
async def upload_template(request: Request, exam_id: int, session: DbSession, user: CurrentUser,
                          deployment: DeploymentDep):  # fmt: skip
    form = await request.form()
    file = form.get("file")
    target = jobs.template_path(deployment.settings.data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not isinstance(file, UploadFile) or not (file.filename or "").lower().endswith(".docx"):
        page = _reports_page(session, deployment, user, exam_id, error="请上传 .docx 格式的 Word 模板")
        return render(request, "scores/reports.html", page, status_code=400)
    trial = target.with_suffix(".upload.docx")
    trial.write_bytes(await file.read())
    try:
        missing = check_template(trial)
    except ScoresInputError as exc:
        trial.unlink(missing_ok=True)
        return render(request, "scores/reports.html", _reports_page(session, deployment, user, exam_id, error=str(exc)),
                      status_code=400)  # fmt: skip
    if missing:
        trial.unlink(missing_ok=True)
        page = _reports_page(session, deployment, user, exam_id, missing=missing,
                             error="模板中有系统不提供的占位符，未保存：" + "、".join(missing))  # fmt: skip
        return render(request, "scores/reports.html", page, status_code=400)
    trial.replace(target)
    session.add(AuditEntry(username=user.username, action="scores:template", target=file.filename or "",
                           detail={"exam_id": exam_id}))  # fmt: skip
    page = _reports_page(session, deployment, user, exam_id, message=f"已保存教育局报告模板“{file.filename}”")
    return render(request, "scores/reports.html", page)


@router.get("/template.docx", dependencies=[BureauOnly])
def download_template(deployment: DeploymentDep):
    path = jobs.template_path(deployment.settings.data_dir)
    if not path.exists():
        raise NotFound("尚未上传教育局报告模板")
    return FileResponse(path, media_type=DOCX, headers=_attachment("教育局报告模板.docx"))


@router.post("/exams/{exam_id}/undo", dependencies=[Writer])
def undo(request: Request, exam_id: int, session: DbSession, user: CurrentUser):
    record = session.get(ExamRecord, exam_id)
    if record is None:
        raise NotFound(f"没有编号为 {exam_id} 的考试")
    if user.role != "bureau_admin":
        raise Forbidden("只有教育局管理员可以撤销导入")
    try:
        undo_batch(session, record.batch_id, user.username)
    except UndoRefused as exc:
        raise Forbidden(str(exc)) from None
    return RedirectResponse("/scores", status_code=303)

