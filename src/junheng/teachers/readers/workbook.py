"""Reading the teacher workbooks strictly: every problem with file, sheet, row and column; nothing partial.

Three layouts: the registry-style templates (``junheng template teachers|posts|training``), the training
platform's export (same columns under its own headers, see ``TRAINING`` aliases) and the 全国教师管理信息系统-style
export of teachers' basic information (:func:`read_cntmis`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pandas as pd

from junheng.io.problems import ImportFailed, Problem
from junheng.io.reader import read_sheet
from junheng.registry.core.codes import valid_id_number
from junheng.teachers.core import codes
from junheng.teachers.core.history import History, history
from junheng.teachers.core.schema import OPTIONAL_SHEETS, PAYROLL, POSTS, TEACHER_SHEETS, TIMETABLE, TRAINING


@dataclass
class Workbooks:
    """Validated rows by table name (``teachers_person``, ``teachers_post``, …), with their Excel row numbers."""

    rows: dict[str, list[dict]] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, table: str, rows: list[dict], lines: list[int]) -> None:
        self.rows.setdefault(table, []).extend(rows)
        self.lines.setdefault(table, []).extend(lines)

    def history(self, schools=None) -> History:
        r = self.rows
        ethics = [{**e, "veto": e["veto"] == "是"} for e in r.get("teachers_ethics", [])]
        return history(r.get("teachers_person", []), r.get("teachers_post", []), r.get("teachers_title"),
                       r.get("teachers_recognition"), r.get("teachers_training"), ethics, schools)


def _open(path: Path, label: str, problems: list[Problem]) -> list[str] | None:
    """The workbook's sheet names, or None with the shared located message (damaged, empty, not a workbook)."""
    from junheng.io.workbook import UnreadableFile, open_workbook

    if not Path(path).is_file():
        problems.append(Problem(label, "", None, "", "找不到文件"))
        return None
    try:
        return open_workbook(path, label).sheet_names
    except UnreadableFile as unreadable:
        problems.extend(unreadable.problems)
        return None


def read_teachers(path: Path, problems: list[Problem], into: Workbooks | None = None,
                  label: str | None = None) -> Workbooks:
    """教师档案 workbook: 教师 (required), 职称, 骨干名师, 师德考核, 其他经历 (each optional)."""
    out = into or Workbooks()
    label = label or Path(path).name
    names = _open(path, label, problems)
    if names is None:
        return out
    for spec in TEACHER_SHEETS:
        if spec.name in OPTIONAL_SHEETS and spec.name not in names:
            continue
        got = read_sheet(path, spec, problems, label)
        out.add(spec.table, got.rows, got.row_numbers)
    for r, line in zip(out.rows.get("teachers_person", []), out.lines.get("teachers_person", [])):
        if r.get("id_number") and not valid_id_number(r["id_number"]):
            problems.append(Problem(label, "教师", line, "身份证件号", "身份证件号校验位不正确（或不是 18 位）"))
    _check_ends(out, "teachers_recognition", "骨干名师", "有效期至", label, problems)
    _check_ends(out, "teachers_record", "其他经历", "结束日期", label, problems)
    return out


def read_posts(path: Path, problems: list[Problem], into: Workbooks | None = None,
               label: str | None = None) -> Workbooks:
    """任职经历 workbook (sheet 任职): one row per post; a move is the post it starts."""
    out = into or Workbooks()
    label = label or Path(path).name
    if _open(path, label, problems) is None:
        return out
    got = read_sheet(path, POSTS, problems, label)
    out.add("teachers_post", got.rows, got.row_numbers)
    _check_ends(out, "teachers_post", "任职", "结束日期", label, problems)
    for r, line in zip(got.rows, got.row_numbers):
        if r["kind"] == "任教" and r.get("from_school_id"):
            problems.append(Problem(label, "任职", line, "原学校标识码", "任职类型为「任教」时不填原学校；调动、交流请选择相应类型"))
    _check_overlaps(got.rows, got.row_numbers, label, problems)
    return out


def read_training(path: Path, problems: list[Problem], into: Workbooks | None = None,
                  label: str | None = None) -> Workbooks:
    """培训学时 (sheet 培训记录), as the template or a training platform's export with its own headers."""
    out = into or Workbooks()
    label = label or Path(path).name
    names = _open(path, label, problems)
    if names is None:
        return out
    spec = TRAINING
    if spec.name not in names and len(names) == 1:   # a platform export: one sheet with its own name
        from dataclasses import replace
        spec = replace(TRAINING, name=names[0])
    got = read_sheet(path, spec, problems, label)
    out.add("teachers_training", got.rows, got.row_numbers)
    return out


def read_payroll(path: Path, problems: list[Problem], label: str | None = None) -> pd.DataFrame:
    """工资名册 (payroll list): 教师工号, 姓名, 单位 — the first sheet when none is named 工资名册."""
    label = label or Path(path).name
    names = _open(path, label, problems)
    if names is None:
        return pd.DataFrame(columns=["teacher_id", "name", "unit"])
    from dataclasses import replace
    spec = PAYROLL if PAYROLL.name in names else replace(PAYROLL, name=names[0])
    got = read_sheet(path, spec, problems, label)
    return pd.DataFrame(got.rows, columns=["teacher_id", "name", "unit"])


def read_timetable(path: Path, problems: list[Problem], label: str | None = None) -> set[str]:
    """Teachers who appear in the schools' timetables (课表教师: 教师工号, optional 学校标识码), first sheet."""
    label = label or Path(path).name
    names = _open(path, label, problems)
    if names is None:
        return set()
    from dataclasses import replace
    spec = TIMETABLE if TIMETABLE.name in names else replace(TIMETABLE, name=names[0])
    return {r["teacher_id"] for r in read_sheet(path, spec, problems, label).rows if r["teacher_id"]}


def _check_ends(wb: Workbooks, table: str, sheet: str, column: str, label: str, problems: list[Problem]) -> None:
    for r, line in zip(wb.rows.get(table, []), wb.lines.get(table, [])):
        if r.get("end") and r.get("start") and r["end"] < r["start"]:
            problems.append(Problem(label, sheet, line, column, f"结束日期 {r['end']} 早于开始日期 {r['start']}"))


def _check_overlaps(rows: list[dict], lines: list[int], label: str, problems: list[Problem],
                    non_counting=("走教", "跟岗")) -> None:
    """Two posts of one teacher that both count (not 走教/跟岗) may not cover the same day."""
    by: dict[str, list[tuple[str, str | None, int]]] = {}
    for r, line in zip(rows, lines):
        if r.get("start") and r.get("teacher_id") and r.get("kind") not in non_counting:
            by.setdefault(r["teacher_id"], []).append((r["start"], r.get("end"), line))
    for tid, posts in by.items():
        posts.sort(key=lambda x: (x[0], x[2]))
        for (s0, e0, l0), (s1, _e1, l1) in pairwise(posts):
            if e0 is None or e0 >= s1:
                problems.append(Problem(label, "任职", l1, "开始日期",
                                        f"教师 {tid} 的这段任职（{s1} 起）与第 {l0} 行（{s0}—{e0 or '至今'}）时间重叠，"
                                        "请先填写上一段任职的结束日期"))


def check_references(wb: Workbooks, known_ids: set[str], labels: dict[str, str], problems: list[Problem],
                     school_ids: set[str] | None = None) -> None:
    """Every record's 教师工号 is a teacher (in this import or already stored); every school exists."""
    ids = known_ids | {r["teacher_id"] for r in wb.rows.get("teachers_person", [])}
    sheets = {"teachers_title": "职称", "teachers_recognition": "骨干名师", "teachers_ethics": "师德考核",
              "teachers_record": "其他经历", "teachers_post": "任职", "teachers_training": "培训记录"}
    for table, sheet in sheets.items():
        for r, line in zip(wb.rows.get(table, []), wb.lines.get(table, [])):
            if r.get("teacher_id") and r["teacher_id"] not in ids:
                problems.append(Problem(labels.get(table, ""), sheet, line, "教师工号",
                                        f"教师工号「{r['teacher_id']}」不在教师名单中（请先导入教师档案）"))
            if table == "teachers_post" and school_ids is not None:
                for col, head in (("school_id", "学校标识码"), ("from_school_id", "原学校标识码")):
                    if r.get(col) and r[col] not in school_ids:
                        problems.append(Problem(labels.get(table, ""), sheet, line, head,
                                                f"学校标识码「{r[col]}」不在学校名册中"))


# --- 全国教师管理信息系统-style export (confidence L: headers from the system's field list, no file seen) ---
_EDU = {"博士研究生": "研究生", "硕士研究生": "研究生", "研究生": "研究生", "研究生毕业": "研究生",
        "大学本科": "本科", "本科": "本科", "本科毕业": "本科", "大学专科": "专科", "专科": "专科", "专科毕业": "专科",
        "中等专科": "高中阶段", "中专": "高中阶段", "中师": "高中阶段", "高中": "高中阶段", "高中阶段": "高中阶段",
        "职业高中": "高中阶段", "初中及以下": "高中阶段以下", "高中阶段以下": "高中阶段以下"}
_TITLE = {"正高级教师": "正高级", "高级教师": "高级", "一级教师": "一级", "二级教师": "二级", "三级教师": "三级",
          "中小学正高级教师": "正高级", "中小学高级教师": "高级", "中小学一级教师": "一级", "中小学二级教师": "二级",
          "中小学三级教师": "三级", "未评": "未定级", "未定职级": "未定级"}
CNTMIS_HEADERS = {"teacher_id": ("教职工号", "工号"), "name": ("姓名",), "gender": ("性别",),
                  "birth": ("出生日期",), "id_number": ("身份证件号", "身份证号"), "education": ("最高学历",),
                  "post_type": ("岗位类别",), "certificate": ("教师资格证种类", "是否有教师资格证"),
                  "title": ("专业技术职务",), "backbone": ("是否是县级及以上骨干教师",), "school_id": ("学校标识码",),
                  "joined": ("进本校年月",), "section": ("任教学段",), "subject": ("任教学科",)}


def read_cntmis(path: Path, problems: list[Problem], label: str | None = None) -> Workbooks:
    """A 全国教师管理信息系统-style 教职工基本信息 export: header row found by 姓名 with 身份证件号; values in the
    system's words (大学本科, 中小学一级教师, 专任教师岗位…) mapped to ours. Gives teachers, titles, backbone
    recognitions and, where 学校标识码 and 进本校年月 are filled, the current post (任教 from that month)."""
    from junheng.io.workbook import UnreadableFile, open_workbook

    out = Workbooks()
    label = label or Path(path).name
    names = _open(path, label, problems)
    if names is None:
        return out
    sheet_name = names[0]
    try:
        data = open_workbook(path, label).get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except UnreadableFile as unreadable:
        problems.extend(unreadable.problems)
        return out
    head = next((i for i, row in enumerate(data[:12]) if "姓名" in map(str, row)
                 and any(str(c) in ("身份证件号", "身份证号") for c in row)), None)
    if head is None:
        problems.append(Problem(label, sheet_name, None, "", "前 12 行中找不到含「姓名」和「身份证件号」的表头行"))
        return out
    header = [str(c).strip() for c in data[head]]
    pos = {k: next((header.index(h) for h in hs if h in header), None) for k, hs in CNTMIS_HEADERS.items()}
    for k in ("teacher_id", "name", "gender", "birth", "education"):
        if pos[k] is None:
            problems.append(Problem(label, sheet_name, head + 1, CNTMIS_HEADERS[k][0],
                                    f"缺少必需的列「{CNTMIS_HEADERS[k][0]}」"))
    if any(p.row == head + 1 for p in problems):
        return out
    from junheng.io.reader import _text

    for n, row in enumerate(data[head + 1:], start=head + 2):
        cell = {k: (_text(row[i]) if i is not None and i < len(row) else "") for k, i in pos.items()}
        if not any(cell.values()):
            continue

        def bad(col: str, why: str, line=n) -> None:
            problems.append(Problem(label, sheet_name, line, CNTMIS_HEADERS[col][0], why))

        for k in ("teacher_id", "name"):
            if not cell[k]:
                bad(k, "必填项为空")
        birth = cell["birth"].replace("-", "").replace("/", "").replace(".", "")
        if not (len(birth) >= 6 and birth[:4].isdigit() and 1940 <= int(birth[:4]) <= 2010):
            bad("birth", f"「{cell['birth']}」不是有效的出生日期")
        if cell["gender"] not in codes.GENDERS:
            bad("gender", f"「{cell['gender']}」应为 男 或 女")
        edu = _EDU.get(cell["education"])
        if edu is None:
            bad("education", f"「{cell['education']}」不是可识别的学历（如 大学本科、大学专科、硕士研究生）")
        if cell["id_number"] and not valid_id_number(cell["id_number"]):
            bad("id_number", "身份证件号校验位不正确（或不是 18 位）")
        title = _TITLE.get(cell["title"], cell["title"] or "未定级")
        if title not in codes.TITLES:
            bad("title", f"「{cell['title']}」不是可识别的专业技术职务")
        tid = cell["teacher_id"]
        out.add("teachers_person", [{"teacher_id": tid, "name": cell["name"], "gender": cell["gender"],
                                     "birth_year": int(birth[:4]) if birth[:4].isdigit() else None,
                                     "id_number": cell["id_number"] or None,
                                     "full_time": "是" if cell["post_type"] in ("", "专任教师", "专任教师岗位") else "否",
                                     "education": edu, "certificate": "否" if cell["certificate"] in ("", "否", "无")
                                     else "是"}], [n])
        joined = _month(cell["joined"])
        if title != "未定级":
            out.add("teachers_title", [{"teacher_id": tid, "title": title, "date": joined or "1990-01-01"}], [n])
        if cell["backbone"] == "是":
            out.add("teachers_recognition", [{"teacher_id": tid, "kind": "骨干教师", "level": "县级",
                                              "start": joined or "1990-01-01", "end": None}], [n])
        if cell["school_id"] and joined:
            section = cell["section"] if cell["section"] in codes.SECTIONS else "小学"
            subject = cell["subject"] if cell["subject"] in codes.SUBJECTS else "其他"
            out.add("teachers_post", [{"teacher_id": tid, "school_id": cell["school_id"], "section": section,
                                       "subject": subject, "kind": "任教", "start": joined, "end": None,
                                       "from_school_id": None, "direction": None}], [n])
        elif cell["joined"] and not joined:
            bad("joined", f"「{cell['joined']}」不是有效的年月（应为 YYYYMM 或 YYYY-MM）")
    return out


def _month(text: str) -> str | None:
    t = text.replace("-", "").replace("/", "").replace(".", "")[:6]
    if len(t) == 6 and t.isdigit() and 1 <= int(t[4:]) <= 12:
        return dt.date(int(t[:4]), int(t[4:]), 1).isoformat()
    return None


def fail_if(problems: list[Problem]) -> None:
    if problems:
        raise ImportFailed(problems)
