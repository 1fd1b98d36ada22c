"""The full standard report set of one exam: unit statistics, score bands and student standings.

``analyze_exam`` is the one entry point; its result is a plain dataclass of DataFrames that the CLI, the
reports, the Excel export and (later) the web pages read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from ibis.backends import BaseBackend

from junheng.scores.core import engine
from junheng.scores.core.bands import band_table, class_bands
from junheng.scores.core.frame import ExamFrame, prepare
from junheng.scores.core.model import TOTAL, AnalysisConfig, Exam
from junheng.scores.core.ranks import t_scores, z_scores
from junheng.scores.core.standings import standing_ranks
from junheng.scores.core.stats import class_statistics, engine_frame, unit_table

STANDING_COLUMNS = ["student", "subject", "score", "rank", "school_rank", "class_rank", "percentile", "z", "t"]


@dataclass
class ExamAnalysis:
    """Result of :func:`analyze_exam`.

    - ``students``: one row per student (``student`` = row number): student_id, name, school, class,
      complete (sat every subject), total (NaN unless complete).
    - ``standings``: one row per student and subject sat, plus ``总分`` for complete students: score, county
      ``rank``, ``school_rank``, ``class_rank`` (competition ranks, 1 = best), ``percentile`` (百分等级 in the
      county), ``z`` and ``t``.
    - ``units``: one row per unit and subject (levels county, school, class, teacher): n, absent, mean, sd,
      max, min, the three rates, 得分率, 超均率, 综合指数, and the unit's rank in the county by mean and by index.
    - ``bands``: score-band counts for county, schools and classes.
    """

    exam: Exam
    config: AnalysisConfig
    students: pd.DataFrame
    standings: pd.DataFrame
    units: pd.DataFrame
    bands: pd.DataFrame

    @property
    def subjects(self) -> list[str]:
        """Exam subjects followed by ``总分``."""
        return [*self.exam.subjects, TOTAL]

    def level(self, level: str, subject: str | None = None) -> pd.DataFrame:
        """Unit rows of one level (``county``, ``school``, ``class``, ``teacher``), optionally one subject."""
        rows = self.units[self.units["level"] == level]
        if subject is not None:
            rows = rows[rows["subject"] == subject]
        return rows.reset_index(drop=True)

    def county(self, subject: str = TOTAL) -> pd.Series:
        """The county row of a subject."""
        return self.level("county", subject).iloc[0]

    def student_table(self, subject: str = TOTAL) -> pd.DataFrame:
        """Students with their standing in one subject (absent students have no row)."""
        rows = self.standings[self.standings["subject"] == subject]
        return self.students.iloc[rows["student"].to_numpy()].reset_index(drop=True).join(
            rows.drop(columns=["student", "subject"]).reset_index(drop=True)
        )


def analyze_exam(
    frame: pd.DataFrame,
    exam: Exam,
    config: AnalysisConfig | None = None,
    teachers: pd.DataFrame | None = None,
    backend: BaseBackend | None = None,
    rank_method: str = "auto",
) -> ExamAnalysis:
    """Analyse an exam from its canonical wide score table (student_id, name, school, class, one column per
    subject; NaN or empty = absent).

    ``teachers`` (school, class, subject, teacher) adds teacher-level units. ``backend`` is an Ibis backend
    from ``junheng.analytics.engines.connect`` (a fresh in-memory DuckDB by default); the statistics, bands
    and ranks run in it. ``rank_method``: see :func:`~junheng.scores.core.standings.standing_ranks`.
    """
    config = config or AnalysisConfig()
    ef = prepare(frame, exam)
    own = backend is None
    backend = backend or engine.connect("duckdb")
    table = engine.table(backend, engine_frame(ef))
    try:
        class_stats = class_statistics(ef, table, backend, config.cutoffs)
        counts = class_bands(ef, table, backend, config.band_width)
        ranks = standing_ranks(ef, table, backend, rank_method)
    finally:
        engine.drop(backend, table)
        if own:
            engine.release(backend)
    units = unit_table(ef, class_stats, config, teachers)
    bands = band_table(ef, counts, config.band_width)
    standings = student_standings(ef, units, ranks)
    students = ef.students.assign(complete=ef.complete, total=ef.scores[:, -1])
    students.insert(0, "student", np.arange(ef.n_students, dtype=np.int32))
    return ExamAnalysis(exam, config, students, standings, units, bands)


def student_standings(ef: ExamFrame, units: pd.DataFrame, ranks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Ranks (county, school, class), 百分等级, Z and T of every student in every subject sat and in the total.

    ``ranks`` are :func:`~junheng.scores.core.standings.standing_ranks` (computed in memory when not given).
    """
    if ranks is None:
        ranks = standing_ranks(ef)
    county = units[units["level"] == "county"].set_index("subject")
    subject = ranks["subject"].to_numpy()
    mean = county["mean"].reindex(ef.subjects).to_numpy(dtype=np.float64)
    sd = county["sd"].reindex(ef.subjects).to_numpy(dtype=np.float64)
    z = np.empty(len(ranks), np.float64)
    score = ranks["score"].to_numpy(dtype=np.float64)
    bounds = np.searchsorted(subject, np.arange(len(ef.subjects) + 1))
    for k in range(len(ef.subjects)):
        part = slice(bounds[k], bounds[k + 1])
        z[part] = z_scores(score[part], float(mean[k]), float(sd[k]))
    out = ranks.assign(z=z, t=t_scores(z))
    out["subject"] = pd.Categorical.from_codes(subject.astype(np.int16), categories=ef.subjects)
    return out[STANDING_COLUMNS]
