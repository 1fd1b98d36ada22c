"""Chinese column headers for the result tables (Excel export, Word reports, web tables)."""

from __future__ import annotations

import pandas as pd

LABELS = {
    "level": "层级", "school": "学校", "class": "班级", "teacher": "教师", "subject": "科目",
    "full_marks": "满分", "n": "参考人数", "absent": "缺考人数", "listed": "名单人数", "mean": "平均分",
    "sd": "标准差", "max": "最高分", "min": "最低分", "excellent_rate": "优秀率", "pass_rate": "及格率",
    "low_rate": "低分率", "score_rate": "得分率", "above_mean_rate": "超均率", "index": "综合指数",
    "rank": "名次", "index_rank": "综合指数名次", "band": "分数段序号", "band_low": "分数段下限",
    "band_high": "分数段上限", "count": "人数", "student_id": "学生编号", "name": "姓名", "score": "得分",
    "school_rank": "校内名次", "class_rank": "班内名次", "percentile": "百分等级", "z": "Z 分数", "t": "T 分数",
    "complete": "全科参考", "total": "总分", "effect": "增值效应", "se": "标准误", "ci_low": "95%区间下限",
    "ci_high": "95%区间上限", "shrinkage": "收缩系数", "status": "状态", "reason": "原因", "gap": "与线差",
    "side": "线上/线下", "item": "小题", "difficulty": "难度", "point_biserial": "点双列相关",
    "discrimination": "区分度(27%)", "flag": "提示", "option": "选项", "key": "正确答案", "sgp": "增长百分位",
    "median_sgp": "增长百分位中位数", "rate": "比例", "expected": "预期分", "residual": "残差", "current": "本次得分",
}  # fmt: skip
LEVELS = {"county": "全县", "school": "学校", "class": "班级", "teacher": "教师"}
RATE_COLUMNS = ("excellent_rate", "pass_rate", "low_rate", "score_rate", "above_mean_rate")


def chinese(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with Chinese headers and level names."""
    out = frame.copy()
    if "level" in out.columns:
        out["level"] = out["level"].astype(str).map(LEVELS).fillna(out["level"].astype(str))
    return out.rename(columns={k: v for k, v in LABELS.items() if k in out.columns})
