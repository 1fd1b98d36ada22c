"""Background generation of the per-school Word reports of an exam (a zip), with progress for htmx polling.

A job runs in a thread of the web process with its own database session; its state lives in this process
(a restarted server forgets running jobs, finished zips stay on disk under ``data_dir/scores/reports``).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_jobs: dict[str, ReportJob] = {}
_lock = threading.Lock()


@dataclass
class ReportJob:
    id: str
    exam_id: int
    exam_name: str
    username: str
    path: Path
    template: bool = False
    state: str = "running"  # running / done / failed
    done: int = 0
    total: int = 0
    current: str = "正在准备统计数据……"
    error: str = ""
    started: float = field(default_factory=time.time)

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def download_name(self) -> str:
        return f"{self.exam_name}-各校质量分析报告.zip"


def report_folder(data_dir: Path) -> Path:
    folder = Path(data_dir) / "scores" / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def template_path(data_dir: Path) -> Path:
    return Path(data_dir) / "scores" / "report-template.docx"


def get(job_id: str) -> ReportJob | None:
    with _lock:
        return _jobs.get(job_id)


def latest(exam_id: int) -> ReportJob | None:
    with _lock:
        jobs = [j for j in _jobs.values() if j.exam_id == exam_id]
    return max(jobs, key=lambda j: j.started) if jobs else None


def start(deployment, exam_id: int, exam_name: str, username: str, use_template: bool = False) -> ReportJob:
    """Start generating every school's report; returns at once."""
    job_id = secrets.token_hex(8)
    path = report_folder(deployment.settings.data_dir) / f"{job_id}.zip"
    template = template_path(deployment.settings.data_dir) if use_template else None
    job = ReportJob(job_id, exam_id, exam_name, username, path, template=template is not None)
    with _lock:
        _jobs[job_id] = job
    threading.Thread(target=_run, args=(deployment, job, template), daemon=True, name=f"scores-report-{job_id}").start()
    return job


def _run(deployment, job: ReportJob, template: Path | None) -> None:
    from junheng.scores.reports.word import reports_zip
    from junheng.scores.store.queries import get_exam, load_exam
    from junheng.scores.store.reporting import default_value_added

    def progress(done: int, total: int, school: str) -> None:
        job.done, job.total, job.current = done, total, f"已完成：{school}"

    try:
        with deployment.db.sessions() as session:
            info = get_exam(session, job.exam_id)
            if info is None:
                raise LookupError("考试已被删除")
            loaded = load_exam(session, info)
            job.current = "正在计算增值评价……"
            va = default_value_added(session, loaded)
        job.total = len(loaded.school_ids)
        reports_zip(loaded.analysis, job.path, value_added=va, template=template, progress=progress)
        job.state, job.current = "done", f"已生成 {job.total} 所学校的报告"
    except Exception as exc:  # noqa: BLE001 — the page shows why; a background job must not die silently
        job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
