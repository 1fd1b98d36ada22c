"""Import problems: where (file, sheet, row, column) and why, in the user's language."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}，工作表「{self.sheet}」" if self.sheet else self.file
        if self.row is not None:
            where += f"，第 {self.row} 行"
        if self.column:
            where += f"，「{self.column}」列"
        return f"{where}：{self.reason}"

    def as_dict(self) -> dict:
        return asdict(self)


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.sheet, p.row or 0, p.column))
        super().__init__(f"导入失败，共 {len(problems)} 处问题，未写入任何数据")
