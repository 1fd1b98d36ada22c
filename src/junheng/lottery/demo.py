"""Demo lottery: the registration list of a 民办 school's first year of junior secondary (about 300
applicants for 150 seats), written as Excel, imported through the normal path and frozen — not drawn, so the
demo user performs the draw (one public value to enter).

Tier 1: 户籍 and 房产 both in the school's zone (eligibility columns); six pairs of twins register as sibling
groups; two applicants failed the eligibility review (资格审核通过 = 否) and are listed but not drawn.
Deterministic: the same registry gives the same file, list and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import select

from junheng.lottery.store import intake, service
from junheng.registry.store.models import County, School

APPLICANTS = 300
SEATS = 150
TWINS = 6
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "子涵浩宇欣怡梓萱一诺宇轩雨桐思远佳琪俊杰若曦明轩诗涵博文语嫣天佑可馨泽宇梦瑶嘉怡"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _id_number(region: str, birth: dt.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS)) % 11]


def _pick_school(session) -> School | None:
    schools = list(session.scalars(select(School).order_by(School.school_id)))
    for wanted in (lambda s: s.ownership == "民办" and s.kind in ("九年一贯制", "初中", "完全中学", "十二年一贯制"),
                   lambda s: s.ownership == "民办", lambda s: s.kind in ("初中", "九年一贯制"), lambda s: True):
        found = [s for s in schools if wanted(s)]
        if found:
            return found[0]
    return None


def applicant_rows(year: int, region: str, rng: random.Random) -> list[list]:
    """Rows of the registration list: 报名编号, 姓名, 身份证件号, 户籍在片区, 房产在片区, 资格审核通过, 兄弟姐妹组."""
    rows = []
    k = 0
    while len(rows) < APPLICANTS:
        k += 1
        birth = dt.date(year - 12, 9, 1) + dt.timedelta(days=rng.randrange(365))
        surname = rng.choice(SURNAMES)
        in_zone = rng.random() < 0.38
        flags = ["是" if in_zone else rng.choice(("是", "否")), "是" if in_zone else "否"]
        twins = len(rows) % 47 == 5 and sum(1 for r in rows if r[6]) < 2 * TWINS
        for member in range(2 if twins else 1):
            number = f"YC{year}{len(rows) + 1:03d}"
            given = rng.choice(GIVEN) + rng.choice(GIVEN)
            group = f"双胞胎{len([r for r in rows if r[6]]) // 2 + 1}" if twins else ""
            rows.append([number, surname + given, _id_number(region, birth, (k * 2 + member) % 1000), *flags, "是",
                         group])
    for index in (41, 187):            # two failed the eligibility review
        if not rows[index][6]:
            rows[index][5] = "否"
    return rows[:APPLICANTS]


def write_list(path: Path, title: str, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "报名名单"
    ws.append([title])
    ws.append(["报名编号", "姓名", "身份证件号", "户籍在片区", "房产在片区", "资格审核通过", "兄弟姐妹组"])
    for row in rows:
        ws.append(row)
    for column, width in zip("ABCDEFG", (14, 10, 22, 12, 12, 14, 12)):
        ws.column_dimensions[column].width = width
    wb.save(path)
    return path


def load(deployment, files_dir: Path, username: str) -> str:
    """Write, import and freeze the demo lottery; returns a one-line Chinese summary."""
    today = dt.date.today()
    year = today.year + (1 if today.month >= 9 else 0)
    with deployment.db.sessions() as session:
        school = _pick_school(session)
        county = session.scalars(select(County.county_code)).first() or "330100"
    if school is None:
        return "电脑派位：名册中没有学校，未生成演示派位"
    title = f"{year}年{school.name}七年级新生电脑派位"
    rows = applicant_rows(year, (county + "000000")[:6], random.Random(f"lottery-demo-{school.school_id}"))
    path = write_list(Path(files_dir) / f"{school.name}七年级报名名单.xlsx", f"{title}报名名单", rows)
    setup = service.Setup(
        title=title, schools=(service.SchoolSeats(school.school_id, school.name, SEATS),),
        tier_labels={"1": "户籍和房产均在学校所在片区", "2": "其他符合条件的适龄儿童"},
        tier_columns=(("户籍在片区", "房产在片区"),), required_columns=("资格审核通过",),
        public_count=1, public_source=f"抽签当日（{year}年7月15日）开奖的中国福利彩票3D开奖号码（三位数字）")
    with deployment.db.transaction() as session:
        lottery, _ = service.create_lottery(session, setup, username)
        summary = intake.import_applicants(session, lottery.id, path, username, path.name)
    with deployment.db.transaction() as session:
        sealed = service.freeze_lottery(session, lottery.id, username)
    return (f"电脑派位：{title}，报名 {summary.applicants + summary.excluded} 人（参加 {summary.applicants} 人，"
            f"第一档 {summary.tiers.get(1, 0)} 人，双胞胎 {summary.groups} 组），名额 {SEATS} 个；名单已冻结"
            f"（SHA-256 {sealed.list_sha256[:12]}…），待现场抽签")
