"""Exchange proposals: the balance plan's "transfer" actions turned into named eligible teachers.

Input: transfers ``{"from": school_id, "to": school_id, "stage": "小学"|"初中", "count": int, "reason": str}``
(or the JSON ``junheng balance plan … --json`` writes: its ``transfer_in`` actions). For each transfer the
candidates are the eligible teachers of the sending school's section who have not moved this year and are not
yet proposed; the reason decides who
comes first (骨干 → backbone teachers, 体育/艺术 → PE and arts teachers, 学历 → teachers above the required
education), then the longest stay at the school, then the 工号. A person confirms the list; nothing moves here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from junheng.standards import EDUCATION_ORDER, load_standard
from junheng.teachers.core.codes import COMPULSORY
from junheng.teachers.core.exchange import eligibility, exchanges
from junheng.teachers.core.history import History, school_names
from junheng.teachers.core.settings import TeacherSettings


class TransferError(ValueError):
    """A transfer list that cannot be read; the message says which item and field, in Chinese."""


@dataclass(frozen=True)
class Transfer:
    from_school: str
    to_school: str
    stage: str
    count: int
    reason: str = ""


@dataclass(frozen=True)
class ProposalItem:
    teacher_id: str
    name: str
    from_school: str
    to_school: str
    stage: str
    subject: str
    tenure_years: int
    backbone: bool
    why: str

    def as_dict(self) -> dict:
        return dict(vars(self))


@dataclass(frozen=True)
class Proposal:
    year: int
    items: tuple[ProposalItem, ...]
    notes: tuple[str, ...]   # transfers that could not be filled in full

    def as_dict(self) -> dict:
        return {"year": self.year, "items": [i.as_dict() for i in self.items], "notes": list(self.notes)}


def parse_transfers(data) -> list[Transfer]:
    """Validate a list of transfer dicts.

    >>> parse_transfers([{"from": "1", "to": "2", "stage": "小学", "count": 2, "reason": "补骨干"}])[0].count
    2
    """
    if not isinstance(data, list):
        raise TransferError("交流方案应为一个列表（每项含 from、to、stage、count、reason）")
    out = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise TransferError(f"第 {n} 项不是对象")
        for k in ("from", "to", "stage", "count"):
            if item.get(k) in (None, ""):
                raise TransferError(f"第 {n} 项缺少「{k}」")
        if item["stage"] not in COMPULSORY:
            raise TransferError(f"第 {n} 项的 stage「{item['stage']}」应为 小学 或 初中")
        count = item["count"]
        if isinstance(count, bool) or not isinstance(count, (int, float)) or count != int(count) or count < 1:
            raise TransferError(f"第 {n} 项的 count「{count}」应为正整数")
        if str(item["from"]) == str(item["to"]):
            raise TransferError(f"第 {n} 项的调出学校与调入学校相同（{item['from']}）")
        out.append(Transfer(str(item["from"]), str(item["to"]), item["stage"], int(count), str(item.get("reason", ""))))
    return out


def plan_transfers(plan: dict) -> list[Transfer]:
    """The transfers of a balance plan JSON (``actions`` with ``action == "transfer_in"``)."""
    if not isinstance(plan, dict) or not isinstance(plan.get("actions"), list):
        raise TransferError("不是优质均衡方案文件：缺少 actions 列表（请用 junheng balance plan … --json 生成）")
    out = []
    for a in plan["actions"]:
        if a.get("action") != "transfer_in":
            continue
        count = round(float(a.get("amount", 0)))
        if count >= 1 and a.get("counterpart"):
            out.append(Transfer(str(a["counterpart"]), str(a["school_id"]), str(a["stage"]), count,
                                str(a.get("text", ""))))
    return out


def propose(h: History, year: int, transfers: list[Transfer], settings: TeacherSettings | None = None,
            standard: str = "quality_2017") -> Proposal:
    """Name eligible teachers for each transfer (who, from where, to where, why)."""
    st = settings or TeacherSettings()
    std = load_standard(standard)
    el = eligibility(h, year, st)
    moved = set(exchanges(h, year, st, el)["teacher_id"])       # already on exchange this year
    el = el[el["eligible"] & ~el["teacher_id"].isin(moved)].copy()
    rank = {e: i for i, e in enumerate(EDUCATION_ORDER)}
    edu = dict(zip(h.teachers["teacher_id"], h.teachers["education"]))
    req = el["section"].map({k: rank[v] for k, v in std.sections.required_education.items()})
    el["above"] = (el["teacher_id"].map(edu).map(rank) >= req).to_numpy()
    el["pe_arts"] = el["subject"].isin(list(std.sections.pe_arts_subjects)).to_numpy()
    names = school_names(h)
    used: set[str] = set()
    items: list[ProposalItem] = []
    notes: list[str] = []
    for tr in transfers:
        pool = el[(el["school_id"] == tr.from_school) & (el["section"] == tr.stage) & ~el["teacher_id"].isin(used)]
        prefer = pd.Series(0, index=pool.index)
        if "骨干" in tr.reason:
            prefer -= pool["backbone"].astype(int) * 4
        if "体育" in tr.reason or "艺术" in tr.reason:
            prefer -= pool["pe_arts"].astype(int) * 2
        if "学历" in tr.reason:
            prefer -= pool["above"].astype(int)
        pool = pool.assign(_p=prefer, _t=-pool["tenure_years"]).sort_values(["_p", "_t", "teacher_id"])
        chosen = pool.head(tr.count)
        src, dst = names.get(tr.from_school, tr.from_school), names.get(tr.to_school, tr.to_school)
        for r in chosen.itertuples(index=False):
            used.add(r.teacher_id)
            bits = [f"在{src}连续任教 {int(r.tenure_years)} 年，符合交流条件"]
            if r.backbone:
                bits.append("县级及以上骨干教师")
            if tr.reason:
                bits.append(f"方案：{tr.reason}")
            items.append(ProposalItem(r.teacher_id, str(r.name), tr.from_school, tr.to_school, tr.stage,
                                      str(r.subject), int(r.tenure_years), bool(r.backbone), "；".join(bits)))
        if len(chosen) < tr.count:
            notes.append(f"{src}（{tr.stage}）→ {dst}：方案需要 {tr.count} 人，符合交流条件且未被提名的只有 "
                         f"{len(chosen)} 人")
    return Proposal(year, tuple(items), tuple(notes))
