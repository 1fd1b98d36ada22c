"""Demo loader: the demo county's teacher files (教师档案, 任职经历, the training platform's export) through the
real import path, one batch each."""

from __future__ import annotations

import json
from pathlib import Path


def load(deployment, files_dir: Path, by: str) -> str:
    from junheng.teachers.store.intake import import_file
    from junheng.teachers.store.service import year_view

    files_dir = Path(files_dir)
    manifest = json.loads((files_dir / "manifest.json").read_text(encoding="utf-8"))
    names = manifest.get("teachers") or {}
    if not names:
        return "教师队伍：示范县文件中没有教师档案，未导入"
    counts = {}
    for kind in ("profile", "posts", "training"):
        with deployment.db.transaction() as session:
            result = import_file(session, kind, files_dir / names[kind], by, deployment.protector)
        counts[kind] = sum(c.inserted for c in result.counts.values())
    with deployment.db.sessions() as session:
        v = year_view(session, 2024)
    q, t = v.quota.county, v.training
    return (f"教师队伍：导入 {len(v.history.teachers)} 名教师的档案 {counts['profile']} 条、任职 {counts['posts']} 段、"
            f"培训 {counts['training']} 条；2024 学年交流 {q.exchanged}/{q.eligible} 人（{q.rate:.1%}，骨干占 "
            f"{q.backbone_share:.1%}），培训完成率 {t.rate:.1%}")
