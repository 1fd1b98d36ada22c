"""Charts for the Word reports (matplotlib, Agg canvas, no pyplot global state; CJK font Noto Sans CJK).

Every school's report has the same three charts, whose county part is shared: :class:`ChartSet` builds each
figure once per exam (county bars, axes, ticks, titles, every school's value-added interval) and per school
only changes the school's own artists (bar heights, the band line, the highlighted interval) before saving.
The layout is computed once, when a figure is built (constrained layout over the exam's texts, with "本校"
for the school's name), then frozen, so a school's figures do not depend on the schools drawn before it: the
same school gives the same PNG bytes in any order and in any process.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_family: list[str] = []
SCHOOL_COLOR, COUNTY_COLOR, HIGHLIGHT = "#3b6fb6", "#b0b7c3", "#c0392b"


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


def _freeze_layout(figure: Figure) -> None:
    """Lay the figure out once (constrained) and keep those axes positions for every later save."""
    figure.canvas.draw()
    figure.set_layout_engine("none")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    return buffer.getvalue()


def _style(ax: object) -> None:
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)  # type: ignore[attr-defined]


class ChartSet:
    """The three report charts of one exam, built once and redrawn per school.

    ``units``: the analysis' unit table (level, school, subject, score_rate); ``bands``: its band table for
    one subject (level, school, band_low, count); ``effects``: value-added school rows (school, status,
    effect, ci_low, ci_high) or None.
    """

    def __init__(self, units: pd.DataFrame, bands: pd.DataFrame, band_subject: str,
                 effects: pd.DataFrame | None = None) -> None:  # fmt: skip
        self.family = _font_family()
        schools = units[units["level"] == "school"]
        self.rates = schools.pivot_table(index="school", columns="subject", values="score_rate", aggfunc="first",
                                         observed=True, dropna=False)  # fmt: skip
        county = units[units["level"] == "county"]
        self.subjects = [str(s) for s in county["subject"]]
        self._county_rates = county.set_index("subject")["score_rate"].reindex(self.subjects).to_numpy(dtype=float)
        county_bands = bands[bands["level"].astype(str) == "county"].sort_values("band_low")
        self.band_lows = county_bands["band_low"].to_numpy(dtype=float)
        school_bands = bands[bands["level"].astype(str) == "school"]
        self.school_bands = {str(k): g.set_index("band_low")["count"] for k, g in school_bands.groupby("school", observed=True)}
        self.band_subject = band_subject
        self._county_bands = county_bands["count"].to_numpy(dtype=float)
        self.effects = None if effects is None else effects[effects["status"] == "有效"].sort_values("effect") \
            .reset_index(drop=True)  # fmt: skip
        self._subject_fig = self._band_fig = self._va_fig = None

    # -- 各科得分率：本校与全县
    def _build_subjects(self) -> None:
        figure = self._subject_fig = _figure()
        ax = figure.add_subplot()
        x = np.arange(len(self.subjects))
        self._mine = ax.bar(x - 0.2, np.zeros(len(x)), 0.4, label="本校", color=SCHOOL_COLOR)
        ax.bar(x + 0.2, self._county_rates * 100, 0.4, label="全县", color=COUNTY_COLOR)
        ax.set_xticks(x, self.subjects, fontfamily=self.family)
        ax.set_ylabel("得分率（%）", fontfamily=self.family)
        ax.set_ylim(0, 100)
        self._subject_legend = ax.legend(prop={"family": self.family}, frameon=False, ncols=2, loc="upper right")
        ax.set_title("各科得分率：本校与全县", fontfamily=self.family)
        _style(ax)
        _freeze_layout(figure)

    def subjects_png(self, school: str) -> bytes:
        """Bars of 得分率 per subject, the school beside the county."""
        if self._subject_fig is None:
            self._build_subjects()
        mine = (self.rates.loc[school].reindex(self.subjects).to_numpy(dtype=float) * 100 if school in self.rates.index
                else np.full(len(self.subjects), np.nan))  # fmt: skip
        for rect, value in zip(self._mine.patches, mine, strict=True):
            rect.set_height(0.0 if np.isnan(value) else value)
            rect.set_visible(not np.isnan(value))
        self._subject_legend.get_texts()[0].set_text(school)
        return _png(self._subject_fig)

    # -- 分数段分布
    def _build_bands(self) -> None:
        figure = self._band_fig = _figure()
        ax = self._band_ax = figure.add_subplot()
        labels = [f"{lo:g}-" for lo in self.band_lows]
        x = np.arange(len(labels))
        theirs = self._county_bands
        self._county_pct = 100 * theirs / max(theirs.sum(), 1)
        # the county's bars as one collection: a hundred bands drawn as one artist, not a hundred rectangles
        ax.add_collection(PolyCollection([[(i - 0.4, 0), (i - 0.4, h), (i + 0.4, h), (i + 0.4, 0)]
                                          for i, h in zip(x, self._county_pct, strict=True)],
                                         facecolors=COUNTY_COLOR, edgecolors="none", label="全县"))  # fmt: skip
        ax.set_xlim(-0.6, len(x) - 0.4)
        (self._band_line,) = ax.plot(x, np.zeros(len(x)), color=HIGHLIGHT, marker="o", label="本校")
        step = max(len(labels) // 12, 1)
        ax.set_xticks(x[::step], labels[::step], fontsize=7)
        ax.set_ylabel("人数占比（%）", fontfamily=self.family)
        ax.set_title(f"{self.band_subject}分数段分布", fontfamily=self.family)
        ax.legend(prop={"family": self.family}, frameon=False)
        _style(ax)
        ax.set_ylim(0, 100)  # the widest tick labels a school's share can need, for the one layout
        _freeze_layout(figure)

    def bands_png(self, school: str) -> bytes:
        """Percent of students per score band, the school's line against the county's bars."""
        if self._band_fig is None:
            self._build_bands()
        counts = self.school_bands.get(school)
        mine = (np.zeros(len(self.band_lows)) if counts is None
                else counts.reindex(self.band_lows).fillna(0).to_numpy(dtype=float))  # fmt: skip
        pct = 100 * mine / max(mine.sum(), 1)
        self._band_line.set_ydata(pct)
        top = max(float(np.max(self._county_pct, initial=0)), float(np.max(pct, initial=0)), 1.0)
        self._band_ax.set_ylim(0, top * 1.08)
        return _png(self._band_fig)

    # -- 各校增值效应
    def _build_value_added(self) -> None:
        rows = self.effects
        assert rows is not None
        figure = self._va_fig = _figure(6.0, 3.4)
        ax = figure.add_subplot()
        x = np.arange(len(rows))
        self._va_lines = ax.vlines(x, rows["ci_low"], rows["ci_high"], colors=SCHOOL_COLOR, linewidth=0.8)
        self._va_dots = ax.scatter(x, rows["effect"], c=[SCHOOL_COLOR] * len(rows), s=8, zorder=3)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xticks([])
        ax.set_xlabel("学校（按增值效应排序）", fontfamily=self.family)
        ax.set_ylabel("增值效应（分）", fontfamily=self.family)
        ax.set_title("各校增值效应及 95% 区间", fontfamily=self.family)
        _style(ax)
        _freeze_layout(figure)
        self._va_names = rows["school"].astype(str).to_numpy()

    def value_added_png(self, school: str) -> bytes | None:
        """Effects with 95 % intervals, sorted, the school in red; None without value-added for the school."""
        if self.effects is None:
            return None
        if self._va_fig is None:
            self._build_value_added()
        colors = np.where(self._va_names == school, HIGHLIGHT, SCHOOL_COLOR)
        self._va_lines.set_colors(colors)
        self._va_dots.set_facecolors(colors)
        self._va_dots.set_edgecolors(colors)
        return _png(self._va_fig)
