"""Declarative sheet specifications shared by templates, readers and documentation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column of an import sheet.

    ``kind`` is one of ``text``, ``int``, ``float``, ``date``, ``code`` (value must be one of ``choices``).
    """

    key: str
    header: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    width: int = 14

    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet: its name, columns and the columns that identify a row (for duplicates and updates)."""

    name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    references: dict[str, str] = field(default_factory=dict)  # column key -> "sheet.key" it must exist in

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)
