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
    while end and all(_blank(v) for v in rows[end - 1]):
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

    def to_python(self, **options) -> list[list]:
        try:
            rows = self._sheet.to_python(**options)
        except Exception as exc:
            raise UnreadableFile(self._label, describe(exc), self.name) from exc
        return drop_trailing_blank_rows(rows)


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
        return Workbook(book, label)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(label, describe(exc)) from exc
