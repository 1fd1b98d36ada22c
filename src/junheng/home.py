"""Home-page tiles: what a module tells one user on the home page (issue 15 §2).

A module offers tiles by ``api.home_tiles(session, viewer) -> list[Tile]``; ``junheng.modules.home_tiles``
collects them through the registry, so a new module adds its own tiles without touching the home page. Each
module decides which tiles a role gets and keeps them within the viewer's scope (a school clerk's tiles count
only their school, a township official's only their township). Tiles must be cheap: counts, or results a module
already caches — never a heavy analysis computed for the home page.

The page a role sees (``Viewer.page``):

- ``cockpit`` — the bureau leader and the admin: the county's standing, each figure linking to its page;
- ``queue`` — bureau staff: what waits for the bureau (to check, to draw, overdue);
- ``school`` — a school clerk: their school's to-dos;
- ``township`` — a township official: their township's cases, those due this week first;
- ``other`` — roles with their own module pages (责任督学, 卫生健康专干): whatever modules offer them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = ("bad", "warn", "info", "ok")  # the order tiles are shown in: what needs action first
PAGES = {"leader": "cockpit", "bureau_admin": "cockpit", "bureau_staff": "queue", "school_clerk": "school",
         "township_official": "township"}


@dataclass(frozen=True)
class Viewer:
    """Who the home page is for: role and scope (``junheng.accounts.Scope``), the day, the data folder, and the
    user name (a 责任督学's tiles are their own visits)."""

    scope: Any
    today: dt.date
    data_dir: Path | None = None
    username: str = ""

    @property
    def role(self) -> str:
        return self.scope.role

    @property
    def page(self) -> str:
        return PAGES.get(self.role, "other")

    @property
    def school_id(self) -> str | None:
        return self.scope.school_id if self.role == "school_clerk" else None

    @property
    def township_code(self) -> str | None:
        return self.scope.township_code if self.role == "township_official" else None

    def week_end(self) -> dt.date:
        """The Sunday of the viewer's week (what "due this week" means)."""
        return self.today + dt.timedelta(days=6 - self.today.weekday())


@dataclass(frozen=True)
class Line:
    """One entry of a tile's list: a case, an item, a form — with where to open it."""

    text: str
    link: str = ""
    note: str = ""
    status: str = "info"


@dataclass(frozen=True)
class Tile:
    """One figure on the home page.

    ``value`` is a count or a short text (None: nothing to show, rendered as —); ``status`` is bad (needs action
    now: overdue, failing), warn (soon), info or ok; ``link`` opens the page behind the figure; ``headline``
    puts it in the cockpit's strip; ``lines`` lists the entries behind a count (a few, most urgent first)."""

    module: str
    key: str
    title: str
    value: float | int | str | None
    unit: str = ""
    status: str = "info"
    link: str = ""
    detail: str = ""
    headline: bool = False
    lines: tuple[Line, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown tile status {self.status!r}; one of {STATUSES}")


def ordered(tiles: list[Tile]) -> list[Tile]:
    """Bad first, then warn, info, ok; the modules' own order within a status (a stable sort)."""
    return sorted(tiles, key=lambda t: STATUSES.index(t.status))


def count_status(n: int, *, bad: bool = True) -> str:
    """A count of things that wait: bad (or warn) when any, ok when none."""
    return ("bad" if bad else "warn") if n else "ok"
