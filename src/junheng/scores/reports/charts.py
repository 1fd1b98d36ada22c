"""Charts for the Word reports (matplotlib, Agg canvas, no pyplot global state; CJK font Noto Sans CJK)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_family: list[str] = []


def _font_family() -> str:
    """Register the CJK font once and return its family name (DejaVu Sans when it is not installed)."""
    if not _family:
        if CJK_FONT.exists():
            font_manager.fontManager.addfont(str(CJK_FONT))
            _family.append(font_manager.FontProperties(fname=str(CJK_FONT)).get_name())
        else:
            _family.append("DejaVu Sans")
    return _family[0]


def _figure(width: float = 6.0, height: float = 3.2) -> Figure:
    figure = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(figure)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _style(ax: object) -> None:
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)  # type: ignore[attr-defined]


def subject_comparison(school: pd.DataFrame, county: pd.DataFrame, school_name: str) -> bytes:
    """Bars of 得分率 per subject, the school beside the county (rows: subject, score_rate)."""
    family = _font_family()
    figure = _figure()
    ax = figure.add_subplot()
    subjects = list(county["subject"])
    x = np.arange(len(subjects))
    mine = school.set_index("subject").reindex(subjects)["score_rate"].to_numpy(dtype=float) * 100
    theirs = county.set_index("subject").reindex(subjects)["score_rate"].to_numpy(dtype=float) * 100
    ax.bar(x - 0.2, mine, 0.4, label=school_name, color="#3b6fb6")
    ax.bar(x + 0.2, theirs, 0.4, label="全县", color="#b0b7c3")
    ax.set_xticks(x, subjects, fontfamily=family)
    ax.set_ylabel("得分率（%）", fontfamily=family)
    ax.set_ylim(0, 100)
    ax.legend(prop={"family": family}, frameon=False, ncols=2, loc="upper right")
    ax.set_title("各科得分率：本校与全县", fontfamily=family)
    _style(ax)
    return _png(figure)


def band_chart(school: pd.DataFrame, county: pd.DataFrame, subject: str) -> bytes:
    """Percent of students per score band, school line against county bars (rows: band_low, band_high, count)."""
    family = _font_family()
    figure = _figure()
    ax = figure.add_subplot()
    county = county.sort_values("band_low")
    mine = school.set_index("band_low").reindex(county["band_low"])["count"].fillna(0).to_numpy(dtype=float)
    theirs = county["count"].to_numpy(dtype=float)
    labels = [f"{lo:g}-" for lo in county["band_low"]]
    x = np.arange(len(labels))
    ax.bar(x, 100 * theirs / max(theirs.sum(), 1), color="#b0b7c3", label="全县")
    ax.plot(x, 100 * mine / max(mine.sum(), 1), color="#c0392b", marker="o", label="本校")
    step = max(len(labels) // 12, 1)
    ax.set_xticks(x[::step], labels[::step], fontsize=7)
    ax.set_ylabel("人数占比（%）", fontfamily=family)
    ax.set_title(f"{subject}分数段分布", fontfamily=family)
    ax.legend(prop={"family": family}, frameon=False)
    _style(ax)
    return _png(figure)


def caterpillar(units: pd.DataFrame, highlight: str | None = None, label: str = "school") -> bytes:
    """Effects with 95 % intervals, sorted, the highlighted unit in red; 样本不足 units left out."""
    family = _font_family()
    rows = units[units["status"] == "有效"].sort_values("effect").reset_index(drop=True)
    figure = _figure(6.0, 3.4)
    ax = figure.add_subplot()
    x = np.arange(len(rows))
    colors = np.where(rows[label].astype(str).to_numpy() == (highlight or ""), "#c0392b", "#3b6fb6")
    ax.vlines(x, rows["ci_low"], rows["ci_high"], colors=colors, linewidth=0.8)
    ax.scatter(x, rows["effect"], c=colors, s=8, zorder=3)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks([])
    ax.set_xlabel("学校（按增值效应排序）", fontfamily=family)
    ax.set_ylabel("增值效应（分）", fontfamily=family)
    ax.set_title("各校增值效应及 95% 区间", fontfamily=family)
    _style(ax)
    return _png(figure)
