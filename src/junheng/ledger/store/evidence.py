"""Evidence files (佐证材料) on disk: ``settings.data_dir / "evidence" / <item_no> / <random>.<ext>``.

The stored name never comes from the user (only the extension, from an allow-list), so an upload cannot reach
another folder or overwrite a file. Photos (JPEG, PNG, GIF, WebP) are checked by their first bytes and shown
inline; documents (PDF, Word, Excel, PowerPoint, text, ZIP) are offered as downloads. SVG and HTML are refused:
a browser would run scripts in them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_BYTES = 20 * 1024 * 1024
PHOTO = "照片"
DOCUMENT = "文件"
# extension -> (kind, content type, magic prefixes or () for no check)
TYPES: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    ".jpg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".png": (PHOTO, "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": (PHOTO, "image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": (PHOTO, "image/webp", (b"RIFF",)),
    ".pdf": (DOCUMENT, "application/pdf", (b"%PDF",)),
    ".doc": (DOCUMENT, "application/msword", ()),
    ".docx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK",)),
    ".xls": (DOCUMENT, "application/vnd.ms-excel", ()),
    ".xlsx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK",)),
    ".ppt": (DOCUMENT, "application/vnd.ms-powerpoint", ()),
    ".pptx": (DOCUMENT, "application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK",)),
    ".txt": (DOCUMENT, "text/plain; charset=utf-8", ()),
    ".zip": (DOCUMENT, "application/zip", (b"PK",)),
}
ACCEPT = ",".join(TYPES)


class EvidenceRefused(ValueError):
    """An upload that is not stored; the message says why, in Chinese."""


@dataclass(frozen=True)
class StoredFile:
    ref: str            # path under the evidence folder, with "/" separators
    name: str           # the uploader's file name, for display only
    kind: str
    content_type: str
    size: int
    sha256: str


def evidence_root(data_dir: Path) -> Path:
    return Path(data_dir) / "evidence"


def display_name(filename: str) -> str:
    """The last path component of an uploaded name, trimmed to 120 characters (keeping the extension)."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip() or "未命名文件"
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:8]) if dot else name[:120]
    return name


def check_upload(filename: str, content: bytes) -> tuple[str, str, str]:
    """(extension, kind, content type) of an acceptable upload, or raise ``EvidenceRefused``."""
    ext = PurePosixPath(display_name(filename)).suffix.lower()
    if ext not in TYPES:
        raise EvidenceRefused(f"不支持的文件类型「{ext or '无扩展名'}」：请上传照片（jpg、png、gif、webp）"
                              "或文档（pdf、doc(x)、xls(x)、ppt(x)、txt、zip）")
    if not content:
        raise EvidenceRefused("文件是空的")
    if len(content) > MAX_BYTES:
        raise EvidenceRefused(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请压缩后再上传")
    kind, content_type, magic = TYPES[ext]
    if magic and not content.startswith(magic):
        raise EvidenceRefused(f"文件内容与扩展名「{ext}」不符（可能已损坏或改过扩展名）")
    return ext, kind, content_type


def store(data_dir: Path, item_no: str, filename: str, content: bytes) -> StoredFile:
    """Check and write an upload; the caller records it (and deletes the file if its transaction fails)."""
    ext, kind, content_type = check_upload(filename, content)
    folder = evidence_root(data_dir) / _safe(item_no)
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(12)}{ext}"
    (folder / stored).write_bytes(content)
    return StoredFile(f"{_safe(item_no)}/{stored}", display_name(filename), kind, content_type, len(content),
                      hashlib.sha256(content).hexdigest())


def path_of(data_dir: Path, ref: str) -> Path:
    """The file of a stored ref; refuses anything that would leave the evidence folder."""
    root = evidence_root(data_dir).resolve()
    path = (root / ref).resolve()
    if root not in path.parents:
        raise EvidenceRefused("无效的文件路径")
    return path


def _safe(item_no: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in item_no)
