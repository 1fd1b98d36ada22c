"""Exam analytics (DESIGN §4.3): import model, 一分三率, ranks, bands, value-added, growth percentiles,
item analysis, student tracking.

The pure API is re-exported here. File reading (``junheng.scores.importer``), Word reports
(``junheng.scores.report``), Excel export (``junheng.scores.excel``) and the CLI (``junheng.scores.cli``) are
separate modules that this package does not import.
"""

from junheng.scores.analyze import ExamAnalysis, analyze_exam
from junheng.scores.bands import band_index
from junheng.scores.contract import analysis_json, value_added_json
from junheng.scores.critical import critical_counts, critical_students, cut_from_rank
from junheng.scores.crosscheck import cross_check_ranks
from junheng.scores.growth import fit_growth, growth_percentiles
from junheng.scores.items import ItemAnalysis, analyze_items, cronbach_alpha
from junheng.scores.mapping import ColumnMapping, ColumnSpec, propose_mapping
from junheng.scores.mixed import MixedFit, fit_random_intercepts
from junheng.scores.model import TOTAL, AnalysisConfig, Cutoffs, Exam, IndexWeights, ScoresInputError
from junheng.scores.parse import ImportIssue, ImportResult, parse_rows
from junheng.scores.ranks import competition_rank, percentile_rank, t_scores, z_scores
from junheng.scores.tracking import list_changes, struggling_students, student_trends, top_students
from junheng.scores.value_added import ValueAddedResult, value_added

__all__ = [
    "TOTAL", "AnalysisConfig", "ColumnMapping", "ColumnSpec", "Cutoffs", "Exam", "ExamAnalysis", "ImportIssue",
    "ImportResult", "IndexWeights", "ItemAnalysis", "MixedFit", "ScoresInputError", "ValueAddedResult",
    "analysis_json", "analyze_exam", "analyze_items", "band_index", "competition_rank", "critical_counts",
    "critical_students", "cronbach_alpha", "cross_check_ranks", "cut_from_rank", "fit_growth",
    "fit_random_intercepts", "growth_percentiles", "list_changes", "parse_rows", "percentile_rank",
    "propose_mapping", "struggling_students", "student_trends", "t_scores", "top_students", "value_added",
    "value_added_json", "z_scores",
]  # fmt: skip
