"""Registration lists (报名名单) as Excel files for the DB, web and browser tests."""

from __future__ import annotations

from pathlib import Path

from tests.factories import id_number

HEADER = ["报名编号", "姓名", "身份证件号", "档次", "兄弟姐妹组"]


def applicant_rows(n: int, tier1: int = 0, twins: int = 0) -> list[list]:
    """``n`` applicants 2026001…; the first ``tier1`` in tier 1, the rest tier 2; ``twins`` pairs of siblings
    (consecutive applicants from the end of the list)."""
    rows = []
    for k in range(1, n + 1):
        rows.append([f"2026{k:03d}", f"申请人{k}", id_number("330102", f"2014{(k % 12) + 1:02d}1{k % 10}", k % 1000),
                     1 if k <= tier1 else 2, ""])
    for t in range(twins):
        a, b = rows[-1 - 2 * t], rows[-2 - 2 * t]
        a[4] = b[4] = f"F{t + 1}"
        b[3] = a[3]
    return rows


def write_applicants(path: Path, rows: list[list], header: list[str] = HEADER, title: str | None = "报名名单") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "报名名单"
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
