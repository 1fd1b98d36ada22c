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
from junheng.scores.core.ranks import percentile_rank, ranks_from_codes, t_scores, value_codes, z_scores
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
) -> ExamAnalysis:
    """Analyse an exam from its canonical wide score table (student_id, name, school, class, one column per
    subject; NaN or empty = absent).

    ``teachers`` (school, class, subject, teacher) adds teacher-level units. ``backend`` is an Ibis backend
    (a fresh in-memory DuckDB by default).
    """
    config = config or AnalysisConfig()
    ef = prepare(frame, exam)
    backend = backend or engine.connect()
    table = engine.table(backend, engine_frame(ef))
    try:
        class_stats = class_statistics(ef, table, backend, config.cutoffs)
        counts = class_bands(ef, table, backend, config.band_width)
    finally:
        engine.drop(backend, table)
    units = unit_table(ef, class_stats, config, teachers)
    bands = band_table(ef, counts, config.band_width)
    standings = student_standings(ef, units)
    students = ef.students.assign(complete=ef.complete, total=ef.scores[:, -1])
    students.insert(0, "student", np.arange(ef.n_students, dtype=np.int32))
    return ExamAnalysis(exam, config, students, standings, units, bands)


def student_standings(ef: ExamFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Ranks (county, school, class), 百分等级, Z and T of every student in every subject sat and in the total."""
    county = units[units["level"] == "county"].set_index("subject")
    present = ~np.isnan(ef.scores)
    sizes = present.sum(axis=0)
    total = int(sizes.sum())
    columns = {
        "student": np.empty(total, np.int32),
        "subject": np.empty(total, np.int16),
        "score": np.empty(total, np.float64),
        "rank": np.empty(total, np.int32),
        "school_rank": np.empty(total, np.int32),
        "class_rank": np.empty(total, np.int32),
        "percentile": np.empty(total, np.float64),
        "z": np.empty(total, np.float64),
    }
    start = 0
    for k, subject in enumerate(ef.subjects):
        rows = np.flatnonzero(present[:, k])
        stop = start + rows.size
        part = slice(start, stop)
        x = ef.scores[rows, k]
        code, n_values = value_codes(x)
        rank = ranks_from_codes(code, n_values)
        columns["student"][part] = rows
        columns["subject"][part] = k
        columns["score"][part] = x
        columns["rank"][part] = rank
        columns["school_rank"][part] = ranks_from_codes(code, n_values, ef.school_code[rows])
        columns["class_rank"][part] = ranks_from_codes(code, n_values, ef.class_code[rows])
        columns["percentile"][part] = percentile_rank(rank, rows.size)
        columns["z"][part] = z_scores(x, float(county.at[subject, "mean"]), float(county.at[subject, "sd"]))
        start = stop
    columns["t"] = t_scores(columns["z"])
    out = pd.DataFrame(columns, copy=False)
    out["subject"] = pd.Categorical.from_codes(out["subject"].to_numpy(), categories=ef.subjects)
    return out[STANDING_COLUMNS]
