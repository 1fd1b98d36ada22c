"""Demo ledger: inspection problem lists written from the registry's schools and imported through the normal
import path, then moved along the workflow so the demo shows every status (逾期 included).

``junheng demo generate`` writes no inspection list, so this module writes five (deterministic for a given
day: dates are counted back from today so that deadlines fall on both sides of it) into
``files_dir / "整改台账"`` and imports each as its own batch on the day after its inspection.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from junheng.ledger.reports.excel import SPEC
from junheng.ledger.store import intake, service
from junheng.ledger.store.models import LedgerItemRecord
from junheng.registry.store.models import School, Student

# (inspection, days ago, inspector, {category: problems}, how many items)
INSPECTIONS = (
    ("秋季开学安全隐患排查", 75, "安全稳定股 刘强", "安全隐患", 12),
    ("义务教育优质均衡发展督导检查", 50, "督导室 王建国", "办学条件|教学管理", 12),
    ("师德师风专项检查", 30, "人事股 陈静", "师德师风", 3),
    ("群众来信来访转办", 12, "信访办", "群众投诉", 4),
    ("冬季校园安全检查", 4, "安全稳定股 刘强", "安全隐患", 6),
)
PROBLEMS = {
    "安全隐患": ("消防通道堆放杂物，影响疏散", "教学楼二楼楼梯扶手松动", "食堂燃气泄漏报警器失效",
              "校门口未设置减速带和警示标志", "实验室危险化学品未落实双人双锁管理", "宿舍楼应急照明灯损坏三处",
              "校园围墙东侧局部开裂倾斜", "配电房未上锁，无警示标识", "消防栓水压不足", "监控摄像头两处故障未修复"),
    "办学条件": ("厕所蹲位不足，课间学生排队时间长", "图书室图书陈旧，近五年新书不足一成", "运动场塑胶跑道破损起皮",
              "多媒体教室投影设备老化，画面模糊", "音乐教室未配齐专用器材", "学生课桌椅高度不合标准"),
    "教学管理": ("作业总量超标，未建立作业公示制度", "课后服务未按规定开设", "课程表未开齐开足体育与艺术课程",
              "教案检查记录缺失", "集体备课流于形式，无过程记录"),
    "师德师风": ("个别教师有偿补课线索待核查整改", "教师言语不当问题家长反映，需约谈整改", "师德考核档案不完整"),
    "群众投诉": ("家长反映校车接送时间不合理", "家长反映食堂饭菜分量不足", "家长反映放学时段校门口交通拥堵",
              "家长反映班级群内收费通知不规范"),
}
EVIDENCE = {"安全隐患": "整改前后对比照片", "办学条件": "整改后照片及采购验收单", "教学管理": "制度文件及执行记录",
            "师德师风": "调查处理报告", "群众投诉": "回复家长的书面材料"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
SEVERITIES = ("一般", "一般", "一般", "较重", "较重", "严重")
FOLDER = "整改台账"


def _schools(session) -> list[School]:
    """Schools that can be inspected (not 教学点), the largest first (the demo clerk's school is the largest)."""
    counts = dict(session.execute(select(Student.school_id, func.count()).group_by(Student.school_id)).all())
    schools = [s for s in session.scalars(select(School).order_by(School.school_id)) if s.kind != "教学点"]
    return sorted(schools, key=lambda s: (-counts.get(s.school_id, 0), s.school_id))


def write_inspection(path: Path, name: str, day: dt.date, inspector: str, categories: list[str], count: int,
                     schools: list[School], rng: random.Random) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SPEC.name
    ws.append([f"{day.year}年{name}问题清单"])
    ws.append(["序号", "检查名称", "检查日期", "检查人", "问题类别", "问题描述", "严重程度", "责任单位", "责任人",
               "整改期限", "佐证材料要求"])
    picked = schools[:2] + rng.sample(schools[2:], min(count, len(schools) - 2)) if len(schools) > 2 else schools
    for k in range(count):
        category = categories[k % len(categories)]
        school = picked[k % len(picked)]
        severity = rng.choice(SEVERITIES)
        deadline = day + dt.timedelta(days={"严重": 15, "较重": 30, "一般": 45}[severity] + rng.choice((0, 0, 15)))
        ws.append([k + 1, name, day, inspector, category, rng.choice(PROBLEMS[category]), severity, school.name,
                   f"{rng.choice(SURNAMES)}校长", deadline, EVIDENCE[category]])
    wb.save(path)
    return path


@cache
def photo(label: str) -> bytes:
    """A small stand-in photo (JPEG) with a caption, for the demo's evidence."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (480, 320), (96, 125, 139))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 300), outline=(236, 239, 241), width=4)
    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 28)
    except OSError:
        font = ImageFont.load_default()
    draw.text((40, 130), label, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


# fate → steps; each step is (fraction of the time since creation, action)
FATES = (
    ("closed", ((0.2, "start"), (0.35, "evidence"), (0.5, "submit"), (0.7, "accept"))),
    ("closed", ((0.1, "start"), (0.3, "evidence"), (0.4, "submit"), (0.6, "accept"))),
    ("rejected", ((0.2, "start"), (0.3, "evidence"), (0.5, "submit"), (0.7, "reject"))),
    ("awaiting", ((0.3, "start"), (0.5, "evidence"), (0.8, "submit"))),
    ("working", ((0.4, "start"), (0.6, "evidence"))),
    ("pending", ()),
    ("pending", ()),
)


def _advance(session, data_dir: Path, item_no: str, created: dt.datetime, now: dt.datetime, steps, clerk: str,
             inspector: str) -> None:
    span = now - created
    for fraction, step in steps:
        at = (created + span * fraction).replace(microsecond=0)
        if step == "evidence":
            service.attach_evidence(session, data_dir, item_no, clerk, "整改后现场照片.jpg", photo("整改后现场照片（演示）"),
                                    "整改完成后拍摄", at=at)
        elif step == "reject":
            service.transition(session, item_no, "reject", inspector, "佐证照片未反映整改全貌，请补充整改前后对比照片",
                               at=at)
        else:
            service.transition(session, item_no, step, inspector if step == "accept" else clerk,
                               "现场复核，整改到位" if step == "accept" else "", at=at)


def load(deployment, files_dir: Path, username: str) -> str:
    """Write and import the demo inspection lists, then move the items along; returns a Chinese summary."""
    rng = random.Random(20240901)
    today = dt.date.today()
    now = dt.datetime.now().replace(microsecond=0)
    folder = Path(files_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with deployment.db.sessions() as session:
        schools = _schools(session)
    if not schools:
        return "整改台账：名册中没有学校，未生成演示事项"
    total = 0
    for name, days_ago, inspector, categories, count in INSPECTIONS:
        day = today - dt.timedelta(days=days_ago)
        path = write_inspection(folder / f"{name}.xlsx", name, day, inspector, categories.split("|"), count,
                                schools, rng)
        created = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9, 0))
        with deployment.db.transaction() as session:
            result = intake.import_inspection(session, path, username, path.name, at=min(created, now))
        total += result.counts["ledger_item"].inserted
        with deployment.db.transaction() as session:
            numbers = [row.item_no for row in session.scalars(
                select(LedgerItemRecord).where(LedgerItemRecord.source_inspection == name)
                .order_by(LedgerItemRecord.item_no))]
            for no in numbers:
                _, steps = rng.choice(FATES)
                _advance(session, deployment.settings.data_dir, no, min(created, now), now, steps, "学校填报员",
                         inspector.split()[-1])
    from junheng.accounts import Scope
    from junheng.ledger.store.queries import dashboard

    with deployment.db.sessions() as session:
        board = dashboard(session, Scope("leader"), today)
    s = board.summary
    return (f"整改台账：导入 {len(INSPECTIONS)} 份检查问题清单共 {total} 项，已销号 {s.closed} 项，待验收 {s.awaiting_check} 项，"
            f"逾期 {s.overdue} 项")
