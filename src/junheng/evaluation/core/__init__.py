"""督导评价 core: the rubric as data, scoring with rules and raters, ranks within category, the survey.

Pure: figures and responses come in as plain data; no module's internals are imported."""

from junheng.evaluation.core.periods import school_year_of
from junheng.evaluation.core.rubric import (
    DEFAULT_RUBRIC,
    Rubric,
    RubricError,
    RubricWarning,
    SchoolInfo,
    check_rubric,
    load_rubric,
    parse_rubric,
)
from junheng.evaluation.core.scoring import (
    IndicatorResult,
    RoundResult,
    SchoolResult,
    aggregate_raters,
    competition_ranks,
    score_round,
    score_value,
)
from junheng.evaluation.core.settings import EvaluationSettings
from junheng.evaluation.core.survey import (
    DEFAULT_QUESTIONNAIRE,
    Questionnaire,
    Response,
    SurveyError,
    SurveyResult,
    load_questionnaire,
    parse_responses,
    satisfaction,
    wilson,
)

__all__ = [
    "DEFAULT_QUESTIONNAIRE", "DEFAULT_RUBRIC", "EvaluationSettings", "IndicatorResult", "Questionnaire", "Response",
    "RoundResult", "Rubric", "RubricError", "RubricWarning", "SchoolInfo", "SchoolResult", "SurveyError",
    "SurveyResult", "aggregate_raters", "check_rubric", "competition_ranks", "load_questionnaire", "load_rubric",
    "parse_responses", "parse_rubric", "satisfaction", "school_year_of", "score_round", "score_value", "wilson",
]
