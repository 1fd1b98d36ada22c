"""The module registry: every feature of Junheng, listed once.

The web app, the CLI, Alembic, ``demo serve``, backup/restore and the navigation find a module's parts here, by
the layout every feature package shares (docs/architecture.md):

    junheng/<name>/core/           pure computation (no web, ORM, Excel or Word import)
    junheng/<name>/store/models.py its tables; store/migrations/ its Alembic branch
    junheng/<name>/web/routes.py   ``router``; web/templates/ its pages; web/static/ its page scripts, served
                                   at /static/<name>/ (pages carry no inline script: see junheng.web.headers)
    junheng/<name>/cli.py or cli/  Typer ``app``s, mounted as ``junheng <name> …``
    junheng/<name>/demo.py         ``load(deployment, files_dir, by) -> str``: loads the demo county's files
    junheng/<name>/api.py          figures published to other modules (``FIGURES``, ``figures(...)``) and the
                                   home page's tiles (``home_tiles(session, viewer)``, junheng.home)

Parts are found by importable name, never imported here, so listing a module costs nothing at start-up and
this file imports no layer of any feature. Adding a module is adding its package and one line to ``MODULES``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Module:
    """One feature: its package name under ``junheng``, its menu title and the roles that see the menu entry."""

    name: str
    title: str
    nav: bool = True
    nav_roles: tuple[str, ...] | None = None  # None: every role

    @property
    def package(self) -> str:
        return f"junheng.{self.name}"

    @property
    def url(self) -> str:
        return f"/{self.name}"

    def _find(self, dotted: str) -> str | None:
        try:
            return dotted if importlib.util.find_spec(f"{self.package}.{dotted}") is not None else None
        except ModuleNotFoundError:
            return None

    def _folder(self, relative: str) -> Path | None:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations))) / relative
        return folder if folder.is_dir() else None

    def router(self):
        """The FastAPI router of ``web/routes.py``, or None for a module without pages."""
        found = self._find("web.routes")
        return importlib.import_module(f"{self.package}.{found}").router if found else None

    def cli_modules(self) -> list:
        """``cli.py``, or each module of ``cli/`` (files first, then database commands); each has a Typer
        ``app`` mounted as ``junheng <name>``, and may have a ``template_app`` mounted under ``junheng template``."""
        if self._find("cli") is None:
            return []
        cli = importlib.import_module(f"{self.package}.cli")
        if hasattr(cli, "app"):
            return [cli]
        parts = [importlib.import_module(f"{self.package}.cli.{part}")
                 for part in ("files", "db") if self._find(f"cli.{part}")]  # fmt: skip
        return [p for p in parts if hasattr(p, "app")]

    def models(self) -> str | None:
        return f"{self.package}.store.models" if self._find("store.models") else None

    def migrations(self) -> Path | None:
        return self._folder("store/migrations")

    def templates(self) -> Path | None:
        return self._folder("web/templates")

    def static(self) -> Path | None:
        return self._folder("web/static")

    def demo_loader(self):
        found = self._find("demo")
        return importlib.import_module(f"{self.package}.demo").load if found else None

    def api(self):
        found = self._find("api")
        return importlib.import_module(f"{self.package}.api") if found else None


# The order is the menu's order and the demo's loading order (later modules read earlier ones' data).
MODULES: tuple[Module, ...] = (
    Module("registry", "学校名册", nav=False),
    Module("balance", "优质均衡"),
    Module("scores", "教学质量"),
    Module("retention", "控辍保学"),
    Module("ledger", "整改台账"),
    Module("lottery", "电脑派位"),
    Module("teachers", "教师队伍"),
    Module("health", "学生健康"),
    Module("admissions", "招生入学"),
    Module("evaluation", "督导评价"),
    Module("survey", "满意度调查", nav=False),
)


def module(name: str) -> Module:
    for m in MODULES:
        if m.name == name:
            return m
    raise KeyError(name)


def api_of(name: str):
    """The published ``api`` of a registered module, or None when the module is not installed or has none —
    how one module reads another that a deployment may leave out."""
    for m in MODULES:
        if m.name == name:
            return m.api()
    return None


def load_models() -> None:
    """Import every module's tables so that ``Base.metadata`` knows them (Alembic, backup, tests)."""
    importlib.import_module("junheng.store.models")
    for m in MODULES:
        if (dotted := m.models()) is not None:
            importlib.import_module(dotted)


def migration_folders() -> Iterator[Path]:
    for m in MODULES:
        if (folder := m.migrations()) is not None:
            yield folder


def figure_catalogue() -> dict[str, str]:
    """Every published figure: key → what it means (each module's ``api.FIGURES``)."""
    out: dict[str, str] = {}
    for m in MODULES:
        if (api := m.api()) is not None:
            out.update(getattr(api, "FIGURES", {}))
    return out


def home_tiles(session, viewer) -> list:
    """Every module's home-page tiles for ``viewer`` (``junheng.home.Viewer``), in registry order: each module's
    ``api.home_tiles(session, viewer)``, so a new module adds its own tiles by offering that function."""
    out: list = []
    for m in MODULES:
        api = m.api()
        if api is not None and hasattr(api, "home_tiles"):
            out.extend(api.home_tiles(session, viewer))
    return out


def collect_figures(session, period: str, keys: set[str] | None = None) -> list:
    """The figures modules publish for ``period`` (``junheng.figures.Figure``), optionally only ``keys``.

    This is the one way modules read each other's results: a provider is ``api.figures(session, period, keys)``
    in the module that owns the data, so the reader imports none of its internals."""
    out: list = []
    for m in MODULES:
        api = m.api()
        if api is None or not hasattr(api, "figures"):
            continue
        if keys is not None and not any(k in keys for k in getattr(api, "FIGURES", {})):
            continue
        out.extend(api.figures(session, period, keys))
    return out
