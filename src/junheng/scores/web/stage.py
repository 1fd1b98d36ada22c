"""An uploaded exam file waiting for its mapping to be confirmed: the file and a JSON of what the user chose,
under ``data_dir/uploads/scores/<token>/``. Only the user who uploaded it may go on with it."""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from junheng.scores.core.model import ScoresInputError
from junheng.scores.readers.importer import SPREADSHEETS, TEXTS
from junheng.scores.store.service import ExamMeta

_TOKEN = re.compile(r"^[0-9a-f]{16}$")


@dataclass
class Stage:
    token: str
    folder: Path
    file_name: str
    username: str
    meta: ExamMeta
    sheet: str = ""
    roles: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    checked: bool = False

    @property
    def path(self) -> Path:
        return self.folder / f"upload{Path(self.file_name).suffix.lower()}"

    def save(self) -> None:
        data = {"file_name": self.file_name, "username": self.username, "meta": self.meta.as_dict(),
                "sheet": self.sheet, "roles": {str(k): list(v) for k, v in self.roles.items()},
                "checked": self.checked}  # fmt: skip
        (self.folder / "stage.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def drop(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _root(data_dir: Path) -> Path:
    root = Path(data_dir) / "uploads" / "scores"
    root.mkdir(parents=True, exist_ok=True)
    return root


def create(data_dir: Path, content: bytes, file_name: str, username: str, meta: ExamMeta) -> Stage:
    suffix = Path(file_name).suffix.lower()
    if suffix not in SPREADSHEETS | TEXTS:
        raise ScoresInputError(f"不支持的文件类型“{suffix or file_name}”，请上传 xlsx、xls 或 csv 文件")
    if not content:
        raise ScoresInputError(f"文件 {file_name} 是空的")
    token = secrets.token_hex(8)
    folder = _root(data_dir) / token
    folder.mkdir()
    stage = Stage(token, folder, Path(file_name).name, username, meta)
    stage.path.write_bytes(content)
    stage.save()
    return stage


def open_stage(data_dir: Path, token: str, username: str) -> Stage | None:
    """The stage, or None when the token is unknown, expired or another user's."""
    if not _TOKEN.match(token):
        return None
    folder = _root(data_dir) / token
    try:
        data = json.loads((folder / "stage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("username") != username:
        return None
    meta = ExamMeta(**data["meta"])
    roles = {int(k): (v[0], v[1]) for k, v in data.get("roles", {}).items()}
    return Stage(token, folder, data["file_name"], username, meta, data.get("sheet", ""), roles,
                 bool(data.get("checked")))  # fmt: skip
