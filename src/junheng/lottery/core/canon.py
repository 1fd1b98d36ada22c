"""The frozen applicant list: one canonical text, one SHA-256.

Canonical form (rule ``junheng-lottery-v1``, docs/lottery.md §2):
- UTF-8 without BOM, LF line endings, a final LF;
- header ``applicant_id,tier,sibling_group`` — plus ``,choices`` only when some applicant lists schools;
- one row per applicant, sorted by ``applicant_id`` (Unicode code point order, the same as byte order of
  UTF-8); ``tier`` as a decimal integer; ``choices`` as school ids joined by ``|``;
- CSV quoting only where needed (a value containing a comma or a double quote is quoted, quotes doubled).
``list_sha256`` is the SHA-256 of these bytes, so ``sha256sum frozen.csv`` gives the same hex.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from junheng.lottery.core.model import Applicant, LotteryInputError
from junheng.lottery.core.nogc import without_gc

BASE_COLUMNS = ("applicant_id", "tier", "sibling_group")
CHOICES_COLUMN = "choices"
CHOICE_SEPARATOR = "|"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _bad_text(value: str) -> str | None:
    if value != value.strip():
        return "首尾不能有空格"
    if _CONTROL.search(value):
        return "不能含换行或控制字符"
    return None


def check_applicants(applicants: Iterable[Applicant]) -> tuple[Applicant, ...]:
    """Validate the list and return it sorted by applicant_id.

    Rules: ids non-empty and unique; tier a positive integer; members of one sibling group share tier and
    choices (they are drawn and admitted as one unit); a group has at least two members.
    """
    items = sorted(applicants, key=lambda a: a.applicant_id)
    if not items:
        raise LotteryInputError("申请人名单为空")
    seen: set[str] = set()
    groups: dict[str, list[Applicant]] = {}
    for a in items:
        if not a.applicant_id:
            raise LotteryInputError("有申请人的报名编号为空")
        for label, value in (("报名编号", a.applicant_id), ("兄弟姐妹组", a.sibling_group),
                             *(("志愿学校", c) for c in a.choices)):
            problem = _bad_text(value)
            if problem:
                raise LotteryInputError(f"申请人「{a.applicant_id}」的{label}「{value}」{problem}")
        if a.applicant_id in seen:
            raise LotteryInputError(f"报名编号「{a.applicant_id}」重复")
        seen.add(a.applicant_id)
        if not isinstance(a.tier, int) or isinstance(a.tier, bool) or a.tier < 1:
            raise LotteryInputError(f"申请人「{a.applicant_id}」的档次应为正整数，实际为 {a.tier!r}")
        if any(not c or CHOICE_SEPARATOR in c for c in a.choices) or len(set(a.choices)) != len(a.choices):
            raise LotteryInputError(f"申请人「{a.applicant_id}」的志愿学校有空值、重复或含「|」")
        if a.sibling_group:
            groups.setdefault(a.sibling_group, []).append(a)
    for name, members in groups.items():
        if len(members) < 2:
            raise LotteryInputError(f"兄弟姐妹组「{name}」只有一人（{members[0].applicant_id}），请核对或清空该组")
        if len({(m.tier, m.choices) for m in members}) > 1:
            ids = "、".join(m.applicant_id for m in members)
            raise LotteryInputError(f"兄弟姐妹组「{name}」（{ids}）的档次或志愿不一致；同组应整组派位，须一致")
    return tuple(items)


def canonical_csv(applicants: Iterable[Applicant]) -> str:
    """The canonical CSV text of the list (see module docstring)."""
    return _canonical_text(check_applicants(applicants))


def _canonical_text(items: tuple[Applicant, ...]) -> str:
    with_choices = any(a.choices for a in items)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(BASE_COLUMNS + ((CHOICES_COLUMN,) if with_choices else ()))
    for a in items:
        row = [a.applicant_id, str(a.tier), a.sibling_group]
        if with_choices:
            row.append(CHOICE_SEPARATOR.join(a.choices))
        writer.writerow(row)
    return out.getvalue()


def list_sha256(applicants: Iterable[Applicant]) -> str:
    """SHA-256 (lower-case hex) of the canonical CSV bytes."""
    return hashlib.sha256(canonical_csv(applicants).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FrozenList:
    """An applicant list after freezing: sorted, validated, its canonical text and hash fixed.

    Build it with ``freeze``; it holds tuples only, so nothing can be added, removed or edited afterwards.
    """

    applicants: tuple[Applicant, ...]
    canonical_csv: str
    sha256: str

    def __len__(self) -> int:
        return len(self.applicants)


@without_gc
def freeze(applicants: Iterable[Applicant] | FrozenList) -> FrozenList:
    """Freeze a list: validate, sort, and fix its canonical text and SHA-256 (to publish before the draw).

    A ``FrozenList`` is returned as it is.
    """
    if isinstance(applicants, FrozenList):
        return applicants
    items = check_applicants(applicants)
    text = _canonical_text(items)
    return FrozenList(items, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
