"""The whole allocation from files, without a database (the CLI contract, docs/admissions.md §7)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from junheng.admissions.core import (
    AdmissionSettings,
    AdmissionsInputError,
    Allocation,
    candidates_from,
    finish,
    outcomes_from_result,
    plan,
    review_all,
)
from junheng.admissions.readers.workbooks import read_applications, read_seats, read_zones
from junheng.lottery.core import freeze, result_to_dict, run_draw

_HEX64 = re.compile(r"[0-9a-f]{64}")


def read_seed(path: Path) -> tuple[str, str | None]:
    """The seed of a lottery result file (``junheng lottery draw --json``) or of ``{"seed": HEX}``, and the
    list SHA-256 that file was drawn on (None for a bare seed file)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AdmissionsInputError(f"找不到种子文件：{path}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise AdmissionsInputError(f"种子文件 {Path(path).name} 不是有效的 JSON：{exc}") from exc
    seed = str(data.get("seed", "")).strip().lower() if isinstance(data, dict) else ""
    if not _HEX64.fullmatch(seed):
        raise AdmissionsInputError(f"种子文件 {Path(path).name} 中没有 64 位十六进制的「seed」字段")
    return seed, data.get("list_sha256")


@dataclass
class OfflineRun:
    allocation: Allocation
    lottery_sha256: str | None
    seed_list_sha256: str | None
    lottery_result: dict | None


def allocate_files(zones: Path, applicants: Path, seats: Path, seed_file: Path | None,
                   settings: AdmissionSettings | None = None, section: str = "小学") -> OfflineRun:
    settings = settings or AdmissionSettings()
    table = read_zones(zones).table
    places = read_seats(seats, settings, section=section)
    known = set(places) | set(read_seats(seats, settings, section="初中" if section == "小学" else "小学"))
    data = read_applications(applicants, known_schools=known)
    apps = [a for a in data.applications if a.section == section]
    reviews = review_all(apps, table, places, settings)
    cands, bad = candidates_from(reviews, places, {a.application_no: a.sibling_group for a in apps})
    p = plan(cands, places, bad)
    if not p.needs_lottery:
        return OfflineRun(finish(p), None, None, None)
    if seed_file is None:
        raise AdmissionsInputError("有学校报名人数超过名额，须用 --seed-from 给出派位种子（派位结果文件或种子文件）")
    seed, drawn_on = read_seed(seed_file)
    frozen = freeze(p.lottery)
    result = result_to_dict(run_draw(frozen, seed, p.rules))
    return OfflineRun(finish(p, outcomes_from_result(result)), frozen.sha256, drawn_on, result)
