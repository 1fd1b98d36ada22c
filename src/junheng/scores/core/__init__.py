"""Exam analytics (DESIGN §4.3): import model, 一分三率, ranks, bands, value-added, growth percentiles,
item analysis, student tracking.

The pure API is re-exported here. File reading (``junheng.scores.readers.importer``), Word reports
(``junheng.scores.reports.word``), Excel export (``junheng.scores.reports.excel``) and the CLI (``junheng.scores.cli.files``) are
separate modules that this package does not import.
"""

from junheng.scores.core.analyze import ExamAnalysis, analyze_exam
from junheng.scores.core.bands import band_index
from junheng.scores.core.contract import analysis_json, value_added_json
from junheng.scores.core.critical import critical_counts, critical_students, cut_from_rank
from junheng.scores.core.crosscheck import cross_check_ranks
from junheng.scores.core.growth import fit_growth, growth_percentiles
from junheng.scores.core.items import ItemAnalysis, analyze_items, cronbach_alpha
from junheng.scores.core.mapping import ColumnMapping, ColumnSpec, propose_mapping
from junheng.scores.core.mixed import MixedFit, fit_random_intercepts
from junheng.scores.core.model import TOTAL, AnalysisConfig, Cutoffs, Exam, IndexWeights, ScoresInputError
from junheng.scores.core.parse import ImportIssue, ImportResult, parse_rows
from junheng.scores.core.ranks import competition_rank, percentile_rank, t_scores, z_scores
from junheng.scores.core.tracking import list_changes, struggling_students, student_trends, top_students
from junheng.scores.core.value_added import ValueAddedResult, value_added

__all__ = [
    "TOTAL", "AnalysisConfig", "ColumnMapping", "ColumnSpec", "Cutoffs", "Exam", "ExamAnalysis", "ImportIssue",
    "ImportResult", "IndexWeights", "ItemAnalysis", "MixedFit", "ScoresInputError", "ValueAddedResult",
    "analysis_json", "analyze_exam", "analyze_items", "band_index", "competition_rank", "critical_counts",
    "critical_students", "cronbach_alpha", "cross_check_ranks", "cut_from_rank", "fit_growth",
    "fit_random_intercepts", "growth_percentiles", "list_changes", "parse_rows", "percentile_rank",
    "propose_mapping", "struggling_students", "student_trends", "t_scores", "top_students", "value_added",
    "value_added_json", "z_scores",
]  # fmt: skip
