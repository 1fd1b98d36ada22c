"""Registry of standards by file name.

Every ``*.yaml`` next to this module is a built-in standard named after its file (``quality_2017.yaml`` →
``quality_2017``). A province adds its own rules with :func:`register_standard_file` (or by dropping a file in a
directory given to :func:`register_standard_dir`); no code changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from junheng.standards.model import Standard

BUILTIN_DIR = Path(__file__).parent

_extra_files: dict[str, Path] = {}


class StandardError(ValueError):
    """A standard file is missing or invalid (message in Chinese)."""


def _builtin_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted(BUILTIN_DIR.glob("*.yaml"))}


def register_standard_file(path: str | Path) -> str:
    """Register a standard file under its file name; returns the name."""
    p = Path(path)
    if not p.is_file():
        raise StandardError(f"标准文件不存在：{p}")
    _extra_files[p.stem] = p.resolve()
    _load_path.cache_clear()
    return p.stem


def register_standard_dir(directory: str | Path) -> list[str]:
    """Register every ``*.yaml`` of a directory."""
    return [register_standard_file(p) for p in sorted(Path(directory).glob("*.yaml"))]


def available_standards() -> list[str]:
    """Names of all registered standards (built-in first)."""
    names = list(_builtin_files())
    names += [n for n in _extra_files if n not in names]
    return names


@lru_cache(maxsize=32)
def _load_path(path: Path) -> Standard:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise StandardError(f"标准文件 {path.name} 不是合法的 YAML：{exc}") from exc
    if not isinstance(data, dict):
        raise StandardError(f"标准文件 {path.name} 的内容应为映射")
    data.setdefault("name", path.stem)
    if data["name"] != path.stem:
        raise StandardError(f"标准文件 {path.name} 的 name 应与文件名一致（{path.stem}）")
    try:
        return Standard.model_validate(data)
    except ValueError as exc:
        raise StandardError(f"标准文件 {path.name} 无效：{exc}") from exc


def load_standard(name: str | Path | Standard) -> Standard:
    """Load a standard by registered name (``quality_2017``) or by path to a YAML file."""
    if isinstance(name, Standard):
        return name
    files = {**_builtin_files(), **_extra_files}
    if isinstance(name, str) and name in files:
        return _load_path(files[name])
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return _load_path(p.resolve())
    raise StandardError(f"未知的评估标准：{name}（可用：{', '.join(available_standards())}）")
