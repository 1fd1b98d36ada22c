"""Read an applicant CSV (the CLI contract's input, or a published frozen list).

Accepted: UTF-8 with or without BOM, LF or CRLF; a header row naming ``applicant_id``, ``tier``,
``sibling_group`` (any order; ``choices`` optional, school ids separated by ``|``; other columns ignored).
Values are trimmed. Every problem is reported with file, row and column, in Chinese.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from junheng.lottery.core.canon import BASE_COLUMNS, CHOICE_SEPARATOR, CHOICES_COLUMN, check_applicants
from junheng.lottery.core.model import Applicant, LotteryInputError

COLUMN_LABELS = {"applicant_id": "报名编号", "tier": "档次", "sibling_group": "兄弟姐妹组", "choices": "志愿学校"}


def parse_applicants_csv(text: str, file_label: str = "申请人名单") -> tuple[Applicant, ...]:
    """Parse CSV text into a validated, sorted applicant tuple; raise ``LotteryInputError`` listing problems."""
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows:
        raise LotteryInputError(f"{file_label}：文件为空")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in BASE_COLUMNS if c not in header]
    if missing:
        raise LotteryInputError(
            f"{file_label}，第 1 行（表头）：缺少列 {', '.join(missing)}；表头应为 applicant_id,tier,sibling_group")
    pos = {c: header.index(c) for c in (*BASE_COLUMNS, CHOICES_COLUMN) if c in header}
    problems: list[str] = []
    applicants: list[Applicant] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in pos.items()}

        def where(col: str, line_no: int = line_no) -> str:
            return f"{file_label}，第 {line_no} 行，{col}（{COLUMN_LABELS[col]}）列"

        aid = cells["applicant_id"]
        if not aid:
            problems.append(f"{where('applicant_id')}：报名编号为空")
            continue
        if aid in seen:
            problems.append(f"{where('applicant_id')}：报名编号「{aid}」与第 {seen[aid]} 行重复")
            continue
        seen[aid] = line_no
        tier_text = cells["tier"]
        if not re.fullmatch(r"[0-9]+", tier_text) or int(tier_text) < 1:
            problems.append(f"{where('tier')}：档次「{tier_text}」应为正整数（1 为第一档）")
            continue
        choices = tuple(c.strip() for c in cells.get("choices", "").split(CHOICE_SEPARATOR) if c.strip())
        applicants.append(Applicant(aid, int(tier_text), cells["sibling_group"], choices))
    if problems:
        raise LotteryInputError("\n".join(problems))
    try:
        return check_applicants(applicants)
    except LotteryInputError as exc:
        raise LotteryInputError(f"{file_label}：{exc}") from exc


def read_applicants_csv(path: str | Path) -> tuple[Applicant, ...]:
    """Read and parse a CSV file; a missing or non-UTF-8 file is a ``LotteryInputError`` too."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise LotteryInputError(f"找不到申请人名单文件：{p}") from exc
    except UnicodeDecodeError as exc:
        raise LotteryInputError(f"{p.name}：不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）") from exc
    except OSError as exc:
        raise LotteryInputError(f"无法读取 {p}：{exc.strerror}") from exc
    return parse_applicants_csv(text, p.name)
