"""Load the demo county through the same import paths a real county uses, and create the demo accounts."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from junheng.modules import MODULES

DEMO_PASSWORD = "junheng2024"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    display_name: str
    school_id: str | None = None
    township_code: str | None = None


def demo_accounts(files_dir: Path) -> list[DemoAccount]:
    """One account per role; the clerk's school and the township are the largest of the county."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(files_dir / "学校名册.xlsx"))
    schools = wb.get_sheet_by_name("学校").to_python()
    header = schools[0]
    rows = [dict(zip(header, r)) for r in schools[1:]]
    students = wb.get_sheet_by_name("学生").to_python()
    col = students[0].index("学校标识码")
    counts: dict[str, int] = {}
    for r in students[1:]:
        counts[str(r[col])] = counts.get(str(r[col]), 0) + 1
    biggest = max(rows, key=lambda r: counts.get(str(r["学校标识码"]), 0))
    rural = [r for r in rows if r["城乡类别"] == "乡村"] or rows
    town = max({str(r["所在乡镇代码"]) for r in rural}, key=lambda t: sum(1 for r in rural if str(r["所在乡镇代码"]) == t))
    return [
        DemoAccount("admin", "bureau_admin", "王建国（督导室）"),
        DemoAccount("staff", "bureau_staff", "李敏（基教股）"),
        DemoAccount("leader", "leader", "张局长"),
        DemoAccount("clerk", "school_clerk", f"{biggest['学校名称']}填报员", school_id=str(biggest["学校标识码"])),
        DemoAccount("township", "township_official", "乡镇控辍专干", township_code=town),
        DemoAccount("health", "health_officer", "孙敏（体卫艺股卫生健康专干）"),
    ]


def load_demo(deployment, files_dir: Path, say: Callable[[str], None] = print) -> list[DemoAccount]:
    """Import every demo file through the real import paths; each feature loads its own files."""
    from junheng.accounts import create_user
    from junheng.registry.store.importer import import_registry

    with deployment.db.transaction() as session:
        result = import_registry(session, files_dir / "学校名册.xlsx", "demo", deployment.protector)
    students = result.counts["student"].inserted
    say(f"学校名册：学校 {result.counts['school'].inserted} 所，教师 {result.counts['teacher'].inserted} 人，"
        f"学生 {students:,} 人")
    accounts = demo_accounts(files_dir)
    with deployment.db.transaction() as session:
        for a in accounts:
            create_user(session, a.username, DEMO_PASSWORD, a.role, a.display_name, a.school_id, a.township_code,
                        by="demo")
    for module in MODULES:
        if (load := module.demo_loader()) is not None:
            say(load(deployment, files_dir, "demo"))
    return accounts


def prepare(data_dir: Path, seed: int, say: Callable[[str], None] = print):
    """A fresh demo deployment in ``data_dir``: files generated once per seed, database rebuilt every time."""
    from junheng.config import Settings
    from junheng.demo import generate_county
    from junheng.demo.excel import write_county
    from junheng.deployment import Deployment

    files = data_dir / "files"
    manifest = files / "manifest.json"
    if not manifest.exists() or json.loads(manifest.read_text()).get("seed") != seed:
        shutil.rmtree(files, ignore_errors=True)
        say(f"正在生成示范县（种子 {seed}）……")
        write_county(generate_county(seed), files)
    db_file = data_dir / "junheng.db"
    for leftover in (db_file, data_dir / "junheng.db-wal", data_dir / "junheng.db-shm"):
        leftover.unlink(missing_ok=True)
    deployment = Deployment.open(Settings(data_dir=data_dir, database_url=""))
    accounts = load_demo(deployment, files, say)
    return deployment, accounts
