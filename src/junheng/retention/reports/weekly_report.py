"""The weekly 控辍保学 report as a Word document (python-docx; not imported by the core)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.shared import Pt

from junheng.retention.core.weekly import WeeklySummary
from junheng.retention.reports.docx_style import heading, new_document, para, table, title

SMALL = Pt(12)


def _day(d: dt.date | None) -> str:
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


def _people(*names: str) -> str:
    """Both people of a line, or 未明确 when nobody is named yet."""
    named = [n for n in names if n]
    return "、".join(named) if named else "未明确"


def write_weekly_report(summary: WeeklySummary, path: Path | str, *, county: str = "",
                        author: str = "县教育局基础教育股") -> Path:
    """Write the weekly report: totals, cases by township and status, overdue steps, new and returned cases,
    and the monthly zero-report state when present."""
    t = summary.totals
    doc = new_document(body_size=SMALL)
    title(doc, f"{county}控辍保学工作周报", size=Pt(18))
    para(doc, f"（{_day(summary.week_start)}至{_day(summary.week_end)}）", indent=False, align="center", size=SMALL)
    heading(doc, "一、总体情况", SMALL)
    para(doc, f"截至{_day(summary.week_end)}，全县共有辍学个案{t['cases']}件，其中未结案{t['open']}件。本周新增"
              f"{t['opened_this_week']}件，复学{t['returned_this_week']}人；有逾期未办事项的个案{t['overdue_cases']}件；"
              f"本周发出复学通知书{t['notices_issued_this_week']}份，另有{t['notices_due']}件已达发出条件尚未发出。",
         size=SMALL)
    heading(doc, "二、各乡镇个案状态", SMALL)
    bt = summary.by_township
    if len(bt):
        table(doc, ["乡镇", *bt.columns], [[idx, *row] for idx, row in zip(bt.index, bt.to_numpy().tolist())])
    else:
        para(doc, "本周无个案。", size=SMALL)
    heading(doc, "三、逾期事项（请责任人立即办理）", SMALL)
    if len(summary.overdue):
        table(doc, ["学生", "学校", "乡镇", "状态", "逾期事项", "政府线责任人", "教育线责任人"],
              [[r.name, r.school_name, r.township, r.status, r.overdue_steps,
                _people(r.township_official, r.village_official), _people(r.school_contact, r.class_teacher)]
               for r in summary.overdue.itertuples()], widths_mm=[16, 28, 16, 16, 44, 18, 18])
    else:
        para(doc, "无逾期事项。", size=SMALL)
    heading(doc, "四、本周新增个案", SMALL)
    if len(summary.opened):
        table(doc, ["学生", "学校", "乡镇", "状态", "下一步", "期限"],
              [[r.name, r.school_name, r.township, r.status, r.next_step, _day(r.next_due)]
               for r in summary.opened.itertuples()], widths_mm=[18, 36, 18, 18, 40, 26])
    else:
        para(doc, "本周无新增个案。", size=SMALL)
    heading(doc, "五、本周复学", SMALL)
    if len(summary.returned):
        table(doc, ["学生", "学校", "乡镇"], [[r.name, r.school_name, r.township]
                                            for r in summary.returned.itertuples()])
    else:
        para(doc, "本周无复学学生。", size=SMALL)
    if summary.zero_report is not None:
        z = summary.zero_report
        missing = z[z["status"] == "未报送"]
        heading(doc, f"六、月度零报告（{z['month'].iloc[0] if len(z) else ''}）", SMALL)
        para(doc, f"应报{len(z)}所，已报{int((z['status'] == '已报送').sum())}所，未报{len(missing)}所。"
                  + (f"未报学校：{'、'.join(missing['school_id'])}。" if len(missing) else ""), size=SMALL)
    para(doc, "", size=SMALL)
    para(doc, author, indent=False, align="right", size=SMALL)
    para(doc, _day(summary.week_end), indent=False, align="right", size=SMALL)
    path = Path(path)
    doc.save(path)
    return path
