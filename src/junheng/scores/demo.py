"""Load the demo county's four exam files (``junheng demo generate``) through the normal import path:
mapping proposed from the headers, full marks and dates from manifest.json, checked against the registry,
committed as one undoable batch per exam."""

from __future__ import annotations

import json
from pathlib import Path

from junheng.io.problems import ImportFailed
from junheng.scores.readers.importer import propose_file
from junheng.scores.store.service import ExamMeta, RegistryView, check_file, commit_exam


def load(deployment, files_dir: Path, username: str) -> str:
    """Import every exam of the manifest, oldest first; returns a one-line Chinese summary."""
    manifest = json.loads((Path(files_dir) / "manifest.json").read_text(encoding="utf-8"))
    exams = sorted(manifest.get("exams", []), key=lambda e: e["date"])
    loaded, students, unchecked = 0, 0, []
    for exam in exams:
        path = Path(files_dir) / exam["file"]
        mapping, _ = propose_file(path, subjects=list(exam["subjects"]))
        order = [s for s in mapping.subjects if s in exam["subjects"]] + \
            [s for s in exam["subjects"] if s not in mapping.subjects]
        meta = ExamMeta(exam["name"], exam["date"], exam.get("grade"), {s: float(exam["subjects"][s]) for s in order})
        with deployment.db.transaction() as session:
            check = check_file(session, path, meta, mapping, RegistryView.load(session))
            if not check.ok and {p.reason[:4] for p in check.problems} == {"未知班级"}:
                meta.check_classes = False  # an earlier school year's classes are no longer in the registry
                unchecked.append(exam["name"])
                check = None
            try:
                record = commit_exam(session, path, meta, mapping, username, exam["file"], check)
            except ImportFailed as failed:
                raise RuntimeError(f"演示考试 {exam['file']} 导入失败：{failed.problems[:3]}") from None
            loaded += 1
            students += record.n_students
    note = f"（{len(unchecked)} 次往年考试的班级不在当前名册中，未核对班级）" if unchecked else ""
    return f"考试成绩：{loaded} 次考试，共 {students:,} 人次{note}"
