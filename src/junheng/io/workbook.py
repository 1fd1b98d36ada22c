"""Opening the workbooks users bring (python-calamine), in one place for every reader.

A damaged or foreign file (cut short, bit-flipped, a broken XML part, an empty file, a zip that is no workbook,
a password) becomes ``UnreadableFile``: an ``ImportFailed`` whose one problem names the file and says, in Chinese,
what is wrong, so every importer that reports ``ImportFailed`` shows it as it shows any other problem; it is also
a ``ValueError`` for readers whose callers catch their own input errors. Calamine parses a sheet lazily, so the
sheet's ``to_python`` is guarded too. Rows below the last one holding a value (Excel keeps formatted or
space-only cells down to row 1,048,576) are dropped, so no reader walks a million empty rows.

    book = open_workbook(path, label="学籍花名册.xlsx")
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
"""

from __future__ import annotations

from pathlib import Path

from junheng.io.problems import ImportFailed, Problem

DAMAGED = "文件损坏或不是有效的 Excel 文件（.xlsx、.xls）"
STREAM_ROWS = 50_000   # taller sheets are read row by row (see Sheet._streamed)


class UnreadableFile(ImportFailed, ValueError):
    """The file cannot be read as a workbook; ``problems`` holds one located problem, ``str()`` is the message."""

    def __init__(self, label: str, reason: str, sheet: str = ""):
        self.label, self.reason = label, reason
        super().__init__([Problem(label, sheet, None, "", reason)])
        self.args = (f"{reason}：文件 {label}" + (f"，工作表「{sheet}」" if sheet else ""),)

    def __str__(self) -> str:
        return self.args[0]


def describe(exc: BaseException) -> str:
    """What a reading error means to the user, with the reader's own words in brackets for whoever helps them."""
    kind = type(exc).__name__
    detail = str(exc).splitlines()[0][:120] if str(exc) else kind
    if kind == "PasswordError":
        return "文件设有打开密码，请在 Excel 中去掉密码另存后再导入"
    if isinstance(exc, FileNotFoundError):
        return "找不到文件"
    if isinstance(exc, PermissionError):
        return "没有读取该文件的权限"
    if kind == "XmlError":
        return f"文件内容损坏，工作表无法解析（{detail}），请在 Excel 中打开后另存为 .xlsx 再导入"
    if isinstance(exc, MemoryError):
        return "文件过大，无法读取"
    return f"{DAMAGED}（{detail}），请在 Excel 中打开后另存为 .xlsx 再导入"


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def drop_trailing_blank_rows(rows: list[list]) -> list[list]:
    """``rows`` without the rows after the last one holding a value (in place; the list is returned)."""
    end = len(rows)
    while end and (not any(rows[end - 1]) or all(_blank(v) for v in rows[end - 1])):  # any(): C speed for "" / None
        end -= 1
    del rows[end:]
    return rows


class Sheet:
    """A calamine sheet whose reading errors are ``UnreadableFile`` and whose rows stop at the last value."""

    def __init__(self, sheet, label: str):
        self._sheet, self._label = sheet, label

    @property
    def name(self) -> str:
        return self._sheet.name

    @property
    def merged_cell_ranges(self):
        try:
            return self._sheet.merged_cell_ranges
        except Exception as exc:
            raise UnreadableFile(self._label, describe(exc), self.name) from exc

    def to_python(self, skip_empty_area: bool = True, nrows: int | None = None) -> list[list]:
        """The sheet's cells row by row, as calamine's ``to_python``, without the blank rows at the end."""
        try:
            sheet = self._sheet
            if nrows is not None or sheet.start is None or sheet.total_height < STREAM_ROWS:
                options = {"nrows": nrows} if nrows is not None else {}
                return drop_trailing_blank_rows(sheet.to_python(skip_empty_area=skip_empty_area, **options))
            return self._streamed(skip_empty_area)
        except UnreadableFile:
            raise
        except Exception as exc:
            raise UnreadableFile(self._label, describe(exc), self.name) from exc

    def _streamed(self, skip_empty_area: bool) -> list[list]:
        """A tall sheet row by row, keeping blank rows only while a value follows: a stray value in row 1,000,000
        costs one pass, not a million rows in memory. (calamine's ``iter_rows`` starts at row 1 and at the first
        used column.)"""
        first_row, first_col = self._sheet.start
        pad = [] if skip_empty_area else [""] * first_col
        rows: list[list] = []
        blank = 0
        for i, row in enumerate(self._sheet.iter_rows()):
            if skip_empty_area and i < first_row:
                continue
            if not any(row) or all(_blank(v) for v in row):
                blank += 1
                continue
            rows.extend([""] * (len(pad) + len(row)) for _ in range(blank))
            blank = 0
            rows.append(pad + row if pad else row)
        return rows


class Workbook:
    """The calamine workbook of a user's file; see ``open_workbook``."""

    def __init__(self, book, label: str):
        self._book, self.label = book, label
        self.sheet_names: list[str] = list(book.sheet_names)
        self.sheets_metadata = book.sheets_metadata

    def _sheet(self, get, key) -> Sheet:
        try:
            return Sheet(get(key), self.label)
        except Exception as exc:
            raise UnreadableFile(self.label, describe(exc), str(key)) from exc

    def get_sheet_by_name(self, name: str) -> Sheet:
        return self._sheet(self._book.get_sheet_by_name, name)

    def get_sheet_by_index(self, index: int) -> Sheet:
        return self._sheet(self._book.get_sheet_by_index, index)


def open_workbook(path: str | Path, label: str | None = None) -> Workbook:
    """Open ``path`` (xlsx, xlsm, xls, xlsb, ods); raise ``UnreadableFile`` naming ``label`` (the file's name)."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    label = label or path.name
    try:
        if path.stat().st_size == 0:
            raise UnreadableFile(label, "文件是空的（0 字节），请重新导出或上传")
        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:  # a damaged workbook index: every reader would take "the first sheet"
            raise UnreadableFile(label, "工作簿中没有工作表，请在 Excel 中打开后另存为 .xlsx 再导入")
        return Workbook(book, label)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(label, describe(exc)) from exc
