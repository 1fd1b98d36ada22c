"""Zero or absent: what a 0 in a score file means (issue 15; FORMATS.md, "Exam exports").

Marking systems mark an absent student with a blank cell or a word (``缺考``, ``缺``, ``未扫描``, ``-`` …, see
``cells.ABSENT_TOKENS``); some hand-made sheets write 0 in every subject instead, and some exports fill every
empty cell of a subject the student did not sit with 0. The rules, for files of two subjects or more:

1. The file marks absents elsewhere (any blank or absent word in a score cell): a 0 is a score, even when a
   student has 0 in every subject — kept, with a warning per row.
2. The file has no absent mark at all and rows of only zeros: those rows are absent (a warning says so).
3. A lone 0 in a row where every other subject is blank: absent (a zero-filled export), with a warning.

``mode`` overrides: ``"scores"`` (``--zeros-are-scores``) keeps every 0 as a score, ``"absent"``
(``--zeros-are-absent``) takes all-zero and lone-zero rows as absent whatever the file's marks. The decision is
data (:class:`ZeroRule`): the preview shows it with its counts, the CLI prints it, the exam stores it.

>>> import numpy as np
>>> m = np.array([[80.0, 90.0], [0.0, 0.0]])
>>> rule = resolve_zeros(m, np.zeros_like(m, dtype=bool), np.array([3, 4]), {})
>>> rule.all_zero_absent, rule.all_zero_rows, np.isnan(m[1]).all()
(True, (4,), True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from junheng.scores.core.model import ScoresInputError

MODES = {
    "auto": "自动判断（推荐）",
    "scores": "0 分都是成绩",
    "absent": "全 0 行和“只有一科 0 分、其余空白”的行按缺考",
}
"""The choices, as the preview and ``--help`` name them."""


class ZeroModeError(ScoresInputError):
    """An unknown mode (the message is Chinese)."""


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ZeroModeError(f"0 分处理方式“{mode}”未知，可选：" + "、".join(MODES))
    return mode


@dataclass(frozen=True)
class ZeroRule:
    """What a file's zeros were taken to mean, and why.

    ``markers``: the absent marks found in score cells (``{"空白": 30, "缺考": 2}``); ``all_zero_rows`` /
    ``lone_zero_rows``: Excel rows with 0 in every subject / a single 0 and every other subject blank;
    ``*_absent``: whether those rows were taken as absent.
    """

    mode: str = "auto"
    markers: Mapping[str, int] = field(default_factory=dict)
    all_zero_rows: tuple[int, ...] = ()
    lone_zero_rows: tuple[int, ...] = ()
    all_zero_absent: bool = False
    lone_zero_absent: bool = False

    @property
    def has_markers(self) -> bool:
        return any(self.markers.values())

    @property
    def affected(self) -> int:
        """Rows whose meaning depends on the choice (all-zero and lone-zero rows)."""
        return len(self.all_zero_rows) + len(self.lone_zero_rows)

    @property
    def absent_rows(self) -> int:
        """Rows taken as absent by this rule."""
        return len(self.all_zero_rows) * self.all_zero_absent + len(self.lone_zero_rows) * self.lone_zero_absent

    def absent_under(self, mode: str) -> int:
        """Rows that ``mode`` would take as absent in this file (for the preview's choices)."""
        check_mode(mode)
        if mode == "scores":
            return 0
        if mode == "absent":
            return self.affected
        return len(self.lone_zero_rows) + (0 if self.has_markers else len(self.all_zero_rows))

    def marker_text(self) -> str:
        if not self.has_markers:
            return "文件中没有任何缺考标记（空白、缺考、-等）"
        parts = "、".join(f"{k} {v} 处" for k, v in self.markers.items() if v)
        return f"文件中有缺考标记（{parts}）"

    def groups(self) -> list[tuple[str, tuple[int, ...], str]]:
        """(issue kind, Excel rows, what was done and why) per group of rows the rule decided on."""
        out = []
        how = {"scores": "（已选择“0 分都是成绩”）", "absent": "（已选择按缺考处理）"}.get(self.mode, "")
        if self.all_zero_rows:
            if self.all_zero_absent:
                why = how or f"（{self.marker_text()}，全 0 行视为缺考）"
                out.append(("zero_row", self.all_zero_rows, f"各科均为 0，按缺考处理{why}"))
            else:
                why = how or f"（{self.marker_text()}，0 分是成绩）"
                out.append(("zero_row", self.all_zero_rows, f"各科均为 0，按 0 分计入{why}，请核对是否缺考"))
        if self.lone_zero_rows:
            if self.lone_zero_absent:
                why = how or "（导出时用 0 填补的缺考）"
                out.append(("lone_zero", self.lone_zero_rows, f"只有一科为 0、其余科目空白，按缺考处理{why}"))
            else:
                out.append(("lone_zero", self.lone_zero_rows, f"只有一科为 0、其余科目空白，按 0 分计入{how}，请核对是否缺考"))
        return out

    def lines(self) -> list[str]:
        """The decision in Chinese, one line per group of rows (empty when no row is affected)."""
        return [f"{len(rows)} 行{text}" for _, rows, text in self.groups()]

    def as_dict(self) -> dict:
        """What the exam stores (JSON)."""
        return {"mode": self.mode, "markers": dict(self.markers), "all_zero_rows": len(self.all_zero_rows),
                "lone_zero_rows": len(self.lone_zero_rows), "all_zero_absent": self.all_zero_absent,
                "lone_zero_absent": self.lone_zero_absent}  # fmt: skip


def resolve_zeros(matrix: np.ndarray, absent: np.ndarray, excel_row: np.ndarray, markers: Mapping[str, int],
                  mode: str = "auto") -> ZeroRule:  # fmt: skip
    """Apply the rules of the module docstring to ``matrix`` (students × subjects, NaN = absent or unreadable)
    and ``absent`` in place; ``markers`` are the absent marks counted in the score cells. Returns the rule."""
    check_mode(mode)
    if matrix.ndim != 2 or matrix.shape[1] < 2 or matrix.shape[0] == 0:
        return ZeroRule(mode, dict(markers))
    given = ~np.isnan(matrix)
    zeros = given & (matrix == 0)
    all_zero = zeros.all(axis=1)
    lone_zero = (zeros.sum(axis=1) == 1) & (given.sum(axis=1) == 1) & (absent | zeros).all(axis=1)
    has_markers = any(markers.values())
    all_absent = mode == "absent" or (mode == "auto" and not has_markers)
    lone_absent = mode in ("auto", "absent")
    for rows, taken in ((all_zero, all_absent), (lone_zero, lone_absent)):
        if taken and rows.any():
            matrix[rows] = np.nan
            absent[rows] = True
    return ZeroRule(mode, dict(markers), tuple(int(r) for r in excel_row[all_zero]),
                    tuple(int(r) for r in excel_row[lone_zero]), bool(all_absent), bool(lone_absent))  # fmt: skip
