"""Write results back in the national upload layout (one sheet, the layout's headers, times as 分'秒)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from junheng.health.core.measure import TIMED_LONG, format_seconds
from junheng.health.core.standard import load_standard
from junheng.health.readers.layout import UPLOAD


def upload_rows(results: pd.DataFrame) -> list[dict]:
    """Rows keyed by the layout's column keys (sex 1/2, grade as 年级编号)."""
    codes = load_standard().grade_codes
    out = []
    for rec in results.to_dict("records"):
        row = {c.key: rec.get(c.key) for c in UPLOAD.columns}
        row["sex"] = {"male": "1", "female": "2"}.get(rec.get("sex"), "")
        row["grade_code"] = str(codes.get(int(rec["grade"]), "")) if rec.get("grade") else ""
        for key in ("height", "weight", "vital_capacity", "run50", "sit_reach", "rope", "situp", "long_jump",
                    "pullup", *TIMED_LONG):
            v = rec.get(key)
            if v is None or (isinstance(v, float) and np.isnan(v)):
                row[key] = None
            elif key in TIMED_LONG:
                row[key] = format_seconds(v)
            elif key in ("height", "weight", "run50", "sit_reach"):
                row[key] = round(float(v), 1)
            else:
                row[key] = round(float(v))
        out.append(row)
    return out


def write_upload(path: Path, results: pd.DataFrame) -> Path:
    from junheng.io.template import write_template

    return write_template(path, [UPLOAD], "国家学生体质健康标准数据上报", {UPLOAD.name: upload_rows(results)},
                          notes=["性别：1 男，2 女；年级编号：11–16 小学一至六年级，21–23 初一至初三。",
                                 "800米、1000米、50米×8往返跑写成 分'秒（如 3'45）；不测的项目留空。"])
