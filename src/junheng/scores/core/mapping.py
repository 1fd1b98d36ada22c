"""Column mapping of an exam file: detected, shown to the user, confirmed or overridden.

``propose_mapping(rows, …)`` finds the header in the first rows (``姓名`` with ``准考证号``/``考号``/``学号``
…), reads one or two header rows (group labels of merged cells carried forward), and gives every column a
role. The web preview shows ``ColumnMapping.describe()``; the CLI's ``--map COLUMN=ROLE[:SUBJECT]`` and the
web form apply ``ColumnMapping.override``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

from junheng.scores.core.headers import (
    HEADER_IDS,
    HEADER_NAMES,
    ID_ROLES,
    LabelKind,
    classify_label,
    find_subject,
    metric_role,
    normalize,
)  # fmt: skip
from junheng.scores.core.model import ScoresInputError

HEADER_SCAN_ROWS = 12
HEADER_PLACES = {"班级", "学校", "class", "school"}
ROLES = {
    "student_id": "学生编号", "registry_id": "学籍号", "exam_no": "考号", "custom_no": "自定义考号",
    "local_no": "学号", "id_number": "身份证件号", "name": "姓名", "school": "学校", "class": "班级",
    "score": "科目得分", "total": "总分", "rank": "名次（仅核对）", "scaled": "赋分", "item": "小题",
    "choice": "选择题选项", "part": "分项得分", "subject_name": "科目（长表）", "long_score": "成绩（长表）",
    "ignore": "忽略", "unknown": "未识别（忽略）",
}  # fmt: skip
ROLE_ALIASES = {label: role for role, label in ROLES.items()} | {
    "考号": "exam_no", "准考证号": "exam_no", "学校": "school", "班级": "class", "姓名": "name",
    "科目": "score", "总分": "total", "名次": "rank", "忽略": "ignore", "小题": "item",
}  # fmt: skip


def column_letter(index: int) -> str:
    """0 → 'A', 27 → 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' → 0, 'AB' → 27."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + ord(ch) - 64
    return value - 1


@dataclass(frozen=True)
class ColumnSpec:
    """One column: where it is, what its header says, and what it means."""

    index: int
    label: str
    role: str
    subject: str | None = None
    item: str | None = None
    rank_level: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def describe(self) -> str:
        what = ROLES.get(self.role, self.role)
        extra = "".join(f"：{x}" for x in (self.subject, self.item) if x)
        return f"{self.letter} 列“{self.label}” → {what}{extra}"


@dataclass(frozen=True)
class ColumnMapping:
    """Where the data is and what each column means (the proposal the user confirms or fixes)."""

    file: str
    sheet: str
    header_rows: tuple[int, ...]  # 0-based sheet rows
    data_start: int  # first data row (0-based)
    columns: tuple[ColumnSpec, ...]
    subject_hint: str | None = None  # the subject of a single-subject file (from its titles or name)
    notes: tuple[str, ...] = field(default=())

    @property
    def layout(self) -> str:
        """'long' (one row per student and subject) or 'wide'."""
        roles = {c.role for c in self.columns}
        if {"subject_name", "long_score"} <= roles and "score" not in roles:
            return "long"
        return "wide"

    def by_role(self, role: str) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role == role]

    def first(self, role: str) -> ColumnSpec | None:
        found = self.by_role(role)
        return found[0] if found else None

    @property
    def subjects(self) -> list[str]:
        """Subjects with a score column, in file order."""
        seen: list[str] = []
        for c in self.by_role("score"):
            if c.subject and c.subject not in seen:
                seen.append(c.subject)
        return seen

    def describe(self) -> list[str]:
        """One Chinese line per column, for the preview."""
        return [c.describe() for c in self.columns]

    def find(self, column: str | int) -> ColumnSpec:
        """A column by 0-based index, Excel letter or header label."""
        if isinstance(column, int):
            matches = [c for c in self.columns if c.index == column]
        else:
            text = normalize(column)
            matches = [c for c in self.columns if normalize(c.label) == text]
            if not matches and text.isascii() and text.isalpha():
                matches = [c for c in self.columns if c.index == column_index(text)]
        if len(matches) != 1:
            raise ScoresInputError(f"找不到唯一的列“{column}”（可用列字母，如 E）")
        return matches[0]

    def override(self, column: str | int, role: str, subject: str | None = None, item: str | None = None) -> ColumnMapping:
        """A new mapping with one column's role changed (role: an English key or Chinese name of ROLES)."""
        role = ROLE_ALIASES.get(role, role)
        if role not in ROLES:
            raise ScoresInputError(f"未知的列角色“{role}”，可用：" + "、".join(ROLES))
        if role in ("score", "item", "scaled") and not (subject or self.find(column).subject or self.subject_hint):
            raise ScoresInputError(f"把列“{column}”设为{ROLES[role]}时须指明科目，如 E=score:语文")
        target = self.find(column)
        changed = replace(target, role=role, subject=subject or target.subject or self.subject_hint, item=item or target.item)
        if role == "student_id":  # only one student_id: the previous one keeps its own kind
            columns = tuple(
                replace(c, role=_id_kind(c.label)) if c.role == "student_id" and c.index != target.index else c
                for c in self.columns
            )
        else:
            columns = self.columns
        return replace(self, columns=tuple(changed if c.index == target.index else c for c in columns))

    def with_overrides(self, texts: Sequence[str]) -> ColumnMapping:
        """Apply CLI-style overrides ``COLUMN=ROLE[:SUBJECT]`` (e.g. ``F=score:语文``, ``序号=ignore``)."""
        mapping = self
        for text in texts:
            column, sep, rest = text.partition("=")
            if not sep or not rest:
                raise ScoresInputError(f"列映射“{text}”的格式应为 列=角色[:科目]，如 F=score:语文")
            role, _, subject = rest.partition(":")
            mapping = mapping.override(column.strip(), role.strip(), subject.strip() or None)
        return mapping


def _id_kind(label: str) -> str:
    kind = classify_label(normalize(label), "").role
    return kind if kind in ID_ROLES else "ignore"


def _cells(row: Sequence[object]) -> list[str]:
    return [normalize(v) for v in row]


def find_header_row(rows: Sequence[Sequence[object]]) -> int | None:
    """The first of the first 12 rows holding an identifier header (准考证号, 考号, 学号, 学籍号 …) together with
    姓名 — or, for files without names, with 班级 or 学校."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = {c.lower() if c.isascii() else c for c in _cells(row)}
        has_id = bool(cells & HEADER_IDS)
        has_person = bool(cells & (HEADER_NAMES | HEADER_PLACES))
        if has_id and has_person:
            return i
    return None


def _key_columns(key: list[str]) -> list[int]:
    return [i for i, c in enumerate(key) if c in HEADER_NAMES | HEADER_IDS or c.lower() in ("name", "student_id")]


def _is_metric_row(row: list[str], key: list[str]) -> bool:
    """A second header row under the key row: nothing of its own under 姓名 and the identifier (merged from
    above, or repeated), and at least one metric word (得分, 校次, 赋分, an item number …)."""
    if not any(row):
        return False
    empty_keys = all(i >= len(row) or not row[i] or row[i] == key[i] for i in _key_columns(key))
    metrics = sum(1 for c in row if c and metric_role(c) in ("score", "rank", "scaled", "item", "part"))
    return empty_keys and metrics >= 1


def _is_group_row(above: list[str], key: list[str]) -> bool:
    """A group row above the key row: subject or total labels above metric words (得分, 校次 …)."""
    groups = sum(1 for c in above if c and classify_label(c, "").role in ("score", "total"))
    metrics = sum(1 for c in key if c and metric_role(c) in ("score", "rank", "scaled"))
    return groups >= 1 and metrics >= 1 and sum(1 for c in above if c) >= 2  # a title is one cell


def propose_mapping(
    rows: Sequence[Sequence[object]],
    *,
    file: str = "",
    sheet: str = "",
    subjects: Collection[str] = (),
    subject: str | None = None,
) -> ColumnMapping:
    """Detect the header and propose a role for every column.

    ``subjects``: subject names known in advance (the full marks given); ``subject``: the subject of a
    single-subject file when its titles do not say. Raises ``ScoresInputError`` when no header is found.
    """
    key_row = find_header_row(rows)
    if key_row is None:
        raise ScoresInputError(
            f"文件 {file}{f' 工作表 {sheet}' if sheet else ''}：前 {HEADER_SCAN_ROWS} 行中找不到表头"
            "（需要“准考证号/考号/学号/学籍号”之一，以及“姓名”或“班级”）。"
            "若这是每名学生一块的“单科成绩单”，请改为导出“得分明细”或“成绩汇总”工作表。"
        )
    key = _cells(rows[key_row])
    header_rows: tuple[int, ...] = (key_row,)
    group, metric = key, [""] * len(key)
    below = _cells(rows[key_row + 1]) if key_row + 1 < len(rows) else []
    above = _cells(rows[key_row - 1]) if key_row > 0 else []
    if below and _is_metric_row(below, key):
        header_rows = (key_row, key_row + 1)
        group, metric = key, below
    elif above and _is_group_row(above, key):
        header_rows = (key_row - 1, key_row)
        group, metric = above, key
    width = max(len(group), len(metric))
    group = group + [""] * (width - len(group))
    metric = metric + [""] * (width - len(metric))
    if len(header_rows) == 2:  # merged group labels sit in the first cell of their range: carry forward
        carried = ""
        for i in range(width):
            if group[i]:
                carried = group[i] if metric[i] else ""
            elif metric[i] and carried:
                group[i] = carried
    titles = [str(v) for r in rows[: header_rows[0]] for v in r if v not in (None, "")]
    hint = subject or find_subject([*titles, sheet, file])
    columns: list[ColumnSpec] = []
    last_subject: str | None = None
    for i in range(width):
        g, m = group[i], metric[i]
        kind: LabelKind = classify_label(g, m, subjects)
        label = "/".join(x for x in (g, m) if x) or column_letter(i)
        sub = kind.subject
        if kind.role in ("score", "total"):
            last_subject = sub
        if kind.role == "rank" and sub is None:
            sub = last_subject or "总分"
        if kind.role == "item" and sub is None:
            sub = hint
        columns.append(ColumnSpec(i, label, kind.role, sub, kind.item, kind.rank_level))
    columns = _choose_student_id(columns)
    notes = []
    single_subject = not any(c.role == "score" for c in columns) and any(c.role == "total" for c in columns)
    if single_subject and hint:  # single-subject download: its 总分 is the subject's score
        columns = [replace(c, role="score", subject=hint) if c.role == "total" else c for c in columns]
        notes.append(f"单科文件：“总分”列按科目“{hint}”的得分处理")
    unknown = [c.label for c in columns if c.role == "unknown" and c.label != column_letter(c.index)]
    if unknown:
        notes.append("未识别的列已忽略：" + "、".join(unknown) + "；如是科目，请指定（如 F=score:语文）")
    return ColumnMapping(
        file=file, sheet=sheet, header_rows=header_rows, data_start=header_rows[-1] + 1,
        columns=tuple(columns), subject_hint=hint, notes=tuple(notes),
    )  # fmt: skip


def _choose_student_id(columns: list[ColumnSpec]) -> list[ColumnSpec]:
    """The student_id is the first present of: student_id, 学籍号, 准考证号/考号, 自定义考号, 学号, 身份证件号."""
    for role in ID_ROLES:
        found = [c for c in columns if c.role == role]
        if found:
            chosen = found[0].index
            return [replace(c, role="student_id") if c.index == chosen else c for c in columns]
    return columns
