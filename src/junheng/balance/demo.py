"""Demo: import the generated 办学条件_YYYY.xlsx files through the normal import path (one batch per file)."""

from __future__ import annotations

import json
from pathlib import Path

from junheng.balance.store.school_data import TABLE, import_school_data


def school_data_files(files_dir: Path) -> list[Path]:
    """The school-data workbooks named in manifest.json (else every 办学条件_*.xlsx), oldest year first."""
    manifest = files_dir / "manifest.json"
    if manifest.exists():
        named = json.loads(manifest.read_text(encoding="utf-8")).get("school_data") or {}
        return [files_dir / named[y] for y in sorted(named)]
    return sorted(files_dir.glob("办学条件_*.xlsx"))


def load(deployment, files_dir: Path, username: str) -> str:
    files = school_data_files(Path(files_dir))
    rows = 0
    for path in files:
        with deployment.db.transaction() as session:
            result = import_school_data(session, path, username)
        rows += sum(result.summary().get(TABLE, {}).values())
    if not files:
        return "办学条件：没有找到办学条件采集表"
    years = "、".join(p.stem.split("_")[-1] for p in files)
    return f"办学条件：导入 {years} 年共 {rows} 行（{len(files)} 个采集表）"
