"""Demo admissions: the demo county's 2025 zones, places and 1,200 first-grade applications
(``junheng.demo.admissions``), loaded through the real import path; reviewed (the rules' eligible approved in
one step, the eight others refused with their reason), one duplicate submission tried through the public
form's path (refused), the oversubscribed school handed to a lottery (frozen and drawn by the demo user on the
lottery's page, then finished on the allocation page), and the 小升初 assignment."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from junheng.admissions.core import AdmissionSettings
from junheng.admissions.store import allocation, applications, decisions, junior, setup
from junheng.admissions.store.models import AdmissionsApplication
from junheng.admissions.store.years import save_settings, settings_for

YEAR = 2025


def ensure_files(files_dir: Path) -> dict[str, Path]:
    """The three workbooks in ``files_dir``; generated from the county's seed (manifest.json) when missing."""
    from junheng.demo.admissions import FILES, build_admissions, write_admissions_files

    paths = {k: Path(files_dir) / name for k, name in FILES.items()}
    if not all(p.exists() for p in paths.values()):
        from junheng.demo.base import rng_for
        from junheng.demo.excel import normalise_xlsx
        from junheng.demo.registry import build_registry

        manifest = Path(files_dir) / "manifest.json"
        seed = json.loads(manifest.read_text(encoding="utf-8")).get("seed", 2024) if manifest.exists() else 2024
        reg = build_registry(seed)
        demo = build_admissions(reg.schools, reg.layout.villages, reg.classes, reg.layout.host_villages,
                                rng_for(seed, "admissions"))
        write_admissions_files(demo, files_dir)
        for p in paths.values():
            normalise_xlsx(p)
    return paths


def load(deployment, files_dir: Path, by: str) -> str:
    paths = ensure_files(files_dir)
    with deployment.db.transaction() as s:
        save_settings(s, AdmissionSettings(year=YEAR), by)
        setup.import_zones(s, YEAR, paths["zones"], by)
        setup.import_places(s, YEAR, paths["places"], by, settings_for(s, YEAR))
        applications.import_applications(s, YEAR, paths["applications"], by, deployment.protector)
    with deployment.db.transaction() as s:
        approved = decisions.approve_by_rules(s, YEAR, by)
        refused = list(s.scalars(select(AdmissionsApplication).where(AdmissionsApplication.year == YEAR,
                                                                      AdmissionsApplication.status == "待审核")))
        for row in refused:
            decisions.decide(s, row, False, row.checks and next(
                (c["detail"] for c in row.checks if c["passed"] is False), "不符合入学条件") or "不符合入学条件", by)
        first = s.scalar(select(AdmissionsApplication).order_by(AdmissionsApplication.application_no).limit(1))
        duplicate = applications.FormData(first.child_name, deployment.protector.decrypt(first.id_number_enc),
                                          first.gender or "男", "小学", first.hukou_kind, hukou=first.hukou)
        try:
            applications.submit(s, YEAR, duplicate, deployment.protector, by)
            dup = "重复报名未被拦截"
        except applications.ApplicationRefused:
            dup = "重复报名 1 次已被拦截"
    with deployment.db.transaction() as s:
        rnd, _ = allocation.start_round(s, YEAR, "小学", by, public_source=f"{YEAR}年7月10日中国福利彩票3D开奖号码（三位数字）",
                                        public_count=1)
        from junheng.admissions.core.allocation import plan_from_dict

        drawn = len(plan_from_dict(rnd.plan).lottery)
        lottery = f"电脑派位 #{rnd.lottery_id}（{drawn} 人参加）" if rnd.lottery_id else "无超额学校"
    with deployment.db.transaction() as s:
        assigned, exceptions = junior.assign(s, YEAR, by)
    return (f"招生入学：{YEAR} 年小学一年级报名 {approved + len(refused)} 份（审核通过 {approved}，不通过 {len(refused)}，"
            f"{dup}），{'超额学校已移交' if rnd.lottery_id else ''}{lottery}，待抽签后完成分配；小升初对口分配 {assigned} 人，例外 {exceptions} 人")
