"""The written return-to-school notice (复学通知书) as a Word document (python-docx; not imported by the core).

Issued by the township government after repeated persuasion failed (DESIGN §4.4). The legal basis is stated
generically and correctly: 《义务教育法》第五条、第十一条 (parents and guardians shall see that children of
compulsory-school age enrol on time and complete compulsory education), 第五十八条 (when they fail to without a
proper reason, the township government or the county education department criticises, educates and orders them
to put it right within a time limit), and the guardian's duty under 《未成年人保护法》. The notice names the child,
the guardians, the school, the deadline, the people to contact, and ends with a 送达回执 (receipt) to cut off.
The child's ID number is deliberately not printed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from junheng.registry.core.codes import grade_label
from junheng.retention.core.cases import DropoutCase
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.workdays import TermCalendar
from junheng.retention.reports.docx_style import heading, new_document, para, title

LEGAL_BASIS = (
    "接受义务教育是适龄儿童、少年的权利，也是必须履行的义务。依照《中华人民共和国义务教育法》第五条、第十一条的规定，"
    "适龄儿童、少年的父母或者其他法定监护人应当保证其按时入学接受并完成义务教育；《中华人民共和国未成年人保护法》"
    "也要求父母或者其他监护人保障适龄未成年人依法接受并完成义务教育。依照《中华人民共和国义务教育法》第五十八条的规定，"
    "适龄儿童、少年的父母或者其他法定监护人无正当理由未送其入学接受义务教育的，由当地乡镇人民政府或者县级人民政府"
    "教育行政部门给予批评教育，责令限期改正。"
)


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def notice_deadline(issued_on: dt.date, calendar: TermCalendar, settings: RetentionSettings) -> dt.date:
    """The return deadline printed on the notice: ``notice_return_days`` working days after issue."""
    return calendar.add_working_days(issued_on, settings.notice_return_days)


def notice_paragraphs(case: DropoutCase, *, issued_on: dt.date, deadline: dt.date,
                      township_name: str | None = None) -> dict[str, object]:
    """The notice's text, part by part (also used by tests and by bureau templates)."""
    township = township_name or case.township_name or "乡镇"
    if case.guardians:
        names = "、".join(g.name for g in case.guardians)
        relations = "、".join(g.relation for g in case.guardians if g.relation)
        addressee = f"{names}（{case.name}的{relations or '监护人'}）："
    else:
        addressee = f"{case.name}的父母或者其他监护人："
    known = [case.gender] if case.gender else []
    if case.birth_date:
        known.append(f"{_day(dt.date.fromisoformat(case.birth_date))}出生")
    about = case.name + (f"（{'，'.join(known)}）" if known else "")
    klass = f"{grade_label(case.grade) if case.grade else ''}{case.class_name if case.class_name else ''}"
    facts = f"你的孩子{about}系{case.school_name or case.school_id}{klass}学生，经{_day(case.opened_on)}核查，未到校上学。"
    visits = sorted(case.contacts, key=lambda c: c.on)
    if visits:
        facts += (f"{_day(visits[0].on)}以来，学校和{township}人民政府先后{len(visits)}次通过"
                  f"{'、'.join(sorted({c.kind for c in visits}))}等方式劝返，孩子至今未返校。")
    order = (f"现责令你于{_day(deadline)}前送{case.name}到{case.school_name or case.school_id}复学。孩子在学习、生活、"
             "身体等方面有困难的，请及时与学校或乡镇人民政府联系，我们将依照政策帮助解决（如学生资助、随班就读、送教上门等）。"
             "逾期无正当理由仍不送孩子复学的，将依照有关法律法规的规定处理。")
    contacts = []
    for label, person in (("学校联系人", case.school_contact), ("班主任", case.class_teacher),
                          ("乡镇联系人", case.township_official), ("村（社区）联系人", case.village_official)):
        if person is not None and person.name:
            contacts.append(f"{label}：{person.name}{'，电话 ' + person.phone if person.phone else ''}")
    return {"title": "复学通知书", "addressee": addressee, "facts": facts, "law": LEGAL_BASIS, "order": order,
            "contacts": contacts, "issuer": f"{township}人民政府", "date": _day(issued_on),
            "receipt": (f"{township}人民政府：你单位于{_day(issued_on)}发出的关于{case.name}复学的通知书已收到，"
                        f"我们将于{_day(deadline)}前送孩子到{case.school_name or case.school_id}复学。")}


def write_return_notice(case: DropoutCase, path: Path | str, *, issued_on: dt.date, deadline: dt.date | None = None,
                        calendar: TermCalendar | None = None, settings: RetentionSettings | None = None,
                        township_name: str | None = None, number: str = "") -> Path:
    """Write the 复学通知书 for ``case`` to ``path`` (.docx); returns the path."""
    settings = settings or RetentionSettings()
    deadline = deadline or notice_deadline(issued_on, calendar or TermCalendar(), settings)
    text = notice_paragraphs(case, issued_on=issued_on, deadline=deadline, township_name=township_name)
    doc = new_document()
    title(doc, text["title"])
    if number:
        para(doc, number, indent=False, align="center")
    para(doc, text["addressee"], indent=False)
    for key in ("facts", "law", "order"):
        para(doc, text[key])
    for line in text["contacts"]:
        para(doc, line)
    para(doc, "")
    para(doc, f"{text['issuer']}（盖章）", indent=False, align="right")
    para(doc, text["date"], indent=False, align="right")
    para(doc, "", indent=False)
    para(doc, "- - - - - - - - - - - - - - - - 沿此线剪下 - - - - - - - - - - - - - - - -", indent=False,
         align="center")
    heading(doc, "送达回执")
    para(doc, text["receipt"])
    para(doc, "监护人（签名）：____________　　与学生关系：________", indent=False)
    para(doc, "送达人（签名）：____________　　送达日期：____年__月__日", indent=False)
    path = Path(path)
    doc.save(path)
    return path
