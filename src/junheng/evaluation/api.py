"""Figures the evaluation module publishes to other modules.

``evaluation.survey_satisfaction`` (school year): the satisfaction rate of the newest survey of that school year
with responses — for the county (school = None; 优质均衡 社会认可度 S1 reads it) and per school. The arithmetic
gives the group rates, weights and counts; ``detail`` the Wilson interval and sample size."""

from __future__ import annotations

from junheng.figures import Figure

FIGURES: dict[str, str] = {
    "evaluation.survey_satisfaction": "满意度调查满意率（全县按群体权重加权；各校同法），0–1",
}
KEY = "evaluation.survey_satisfaction"


def figures(session, period: str, keys: set[str] | None = None) -> list[Figure]:
    if keys is not None and KEY not in keys:
        return []
    if not (len(period) == 4 and period.isdigit()):
        return []          # a school-year figure
    from junheng.evaluation.store.surveys import latest_survey, survey_result

    survey_id = latest_survey(session, period)
    if survey_id is None:
        return []
    survey, _, result = survey_result(session, survey_id)
    source = f"满意度调查「{survey.title}」（{survey.file_name}，{survey.imported_at:%Y-%m-%d} 导入）"

    def figure(school, w) -> Figure:
        detail = (f"样本 {w.respondents} 人",)
        if w.rate is not None:
            detail += (f"95% 区间 {w.low:.4f}–{w.high:.4f}",)
        return Figure(KEY, school, period, w.rate, "", source, w.arithmetic, detail)

    return [figure(None, result.county), *(figure(code, w) for code, w in sorted(result.schools.items()))]


def read_survey_export(questionnaire, path):
    """The responses of a survey-tool export (问卷星-style) for a questionnaire, for other modules' commands
    (``junheng survey``); raises ``junheng.io.problems.ImportFailed`` naming file, sheet, row and column."""
    from junheng.evaluation.readers.survey import read_responses

    return read_responses(questionnaire, path)


def home_tiles(session, viewer) -> list:
    """The home page's tiles (``junheng.home``): a 责任督学's month of visits; inspectors below quota for the bureau."""
    from junheng.evaluation.store.home import tiles

    return tiles(session, viewer)
