"""The public result file (JSON): list hash, seed and its source, rules, results and every receipt.

Stable keys of the machine-readable contract: ``list_sha256``, ``seed``, ``admitted`` (in order of
admission), ``waitlist`` (in draw order). The other keys are added information; readers must ignore keys
they do not know.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from junheng.lottery.core.model import ALGORITHM, LotteryInputError, rules_to_dict
from junheng.lottery.core.nogc import without_gc
from junheng.lottery.core.outcome import DrawResult, Receipt
from junheng.lottery.core.seed import SeedSource

FORMAT = "junheng-lottery-result"
FORMAT_VERSION = 1
REQUIRED_KEYS = ("list_sha256", "seed", "admitted", "waitlist", "rules")


def receipt_to_dict(receipt: Receipt, labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "applicant_id": receipt.applicant_id,
        "draw_number": receipt.draw_number,
        "tier": receipt.tier,
        "sibling_group": receipt.sibling_group,
        "position": receipt.position,
        "result": receipt.result,
        "school_id": receipt.school_id,
        "school_name": labels.get(receipt.school_id, ""),
        "round": receipt.round_no,
        "waitlist_position": receipt.waitlist_position,
        "rule": receipt.rule,
    }


def result_to_dict(result: DrawResult, seed_source: SeedSource | None = None) -> dict[str, Any]:
    """The whole draw as the public JSON object."""
    labels = {s.school_id: s.label for s in result.rules.schools}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "algorithm": ALGORITHM,
        "list_sha256": result.list_sha256,
        "applicant_count": len(result.receipts),
        "seed": result.seed,
        "seed_source": seed_source.to_dict() if seed_source else None,
        "rules": rules_to_dict(result.rules),
        "admitted": list(result.admitted),
        "waitlist": list(result.waitlist),
        "admissions": [{"applicant_id": a.applicant_id, "school_id": a.school_id, "round": a.round_no}
                       for a in result.admissions],
        "receipts": [receipt_to_dict(r, labels) for r in result.receipts],
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(value, ensure_ascii=False) builds per call


def _one(value: Any) -> str:
    return _ENCODER.encode(value)


def dumps(data: Mapping[str, Any]) -> str:
    """JSON text with one top-level key per line and one element per line for lists of objects.

    (``json.dumps(indent=…)`` falls back to the slow pure-Python encoder; this layout is as readable.)
    """
    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            body = ",\n  ".join(_one(v) for v in value)
            lines.append(f"{_one(key)}: [\n  {body}\n ]")
        else:
            lines.append(f"{_one(key)}: {_one(value)}")
    return "{\n " + ",\n ".join(lines) + "\n}\n"


@without_gc
def write_result_file(result: DrawResult, path: str | Path, seed_source: SeedSource | None = None) -> Path:
    """Write the result file as UTF-8 JSON."""
    p = Path(path)
    p.write_text(dumps(result_to_dict(result, seed_source)), encoding="utf-8", newline="\n")
    return p


@without_gc
def load_result(text: str, label: str = "结果文件") -> dict[str, Any]:
    """Parse result-file text; raise ``LotteryInputError`` when it is not a result file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LotteryInputError(f"{label}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from exc
    if not isinstance(data, dict):
        raise LotteryInputError(f"{label}：顶层应为 JSON 对象")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise LotteryInputError(f"{label}：缺少字段 {', '.join(missing)}")
    for key in ("admitted", "waitlist"):
        if not isinstance(data[key], list) or not all(isinstance(x, str) for x in data[key]):
            raise LotteryInputError(f"{label}：字段 {key} 应为报名编号（字符串）列表")
    return data


def read_result_file(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LotteryInputError(f"找不到结果文件：{p}") from exc
    except (UnicodeDecodeError, OSError) as exc:
        raise LotteryInputError(f"无法读取结果文件 {p}：{exc}") from exc
    return load_result(text, p.name)
