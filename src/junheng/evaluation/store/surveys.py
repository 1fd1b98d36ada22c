"""Satisfaction surveys: a questionnaire and the responses of a survey-tool export, imported in one transaction
as one undoable batch (``junheng.store.batches``); rates computed by the core."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from junheng.evaluation.core.survey import Questionnaire, Response, SurveyResult, satisfaction
from junheng.evaluation.readers.survey import read_responses
from junheng.evaluation.store.models import EvaluationSurvey, EvaluationSurveyResponse
from junheng.evaluation.store.rounds import EvaluationError, audit
from junheng.evaluation.store.schools import schools
from junheng.io.problems import ImportFailed, Problem
from junheng.store.batches import upsert_batch


@dataclass
class SurveyImport:
    survey_id: int
    batch_id: int
    responses: int
    schools: int


def _map_schools(session: Session, responses: list[Response], file: str) -> list[Response]:
    """School answers (a school's name or code) → 学校标识码; an unknown school is a problem naming the answer."""
    known = schools(session)
    by_name = {s.name: c for c, s in known.items()}
    out, problems = [], []
    for r in responses:
        if r.school is None or r.school in known:
            out.append(r)
        elif r.school in by_name:
            out.append(replace(r, school=by_name[r.school]))
        else:
            problems.append(Problem(file, "", None, "学校", f"序号 {r.seq}：学校「{r.school}」不在学校名册中"))
    if problems:
        raise ImportFailed(problems)
    return out


def import_survey(session: Session, q: Questionnaire, period: str, path: Path, username: str,
                  file_name: str | None = None) -> SurveyImport:
    """Read every response (or raise ImportFailed, nothing written), then store the survey and its responses."""
    if not (len(period) == 4 and period.isdigit()):
        raise EvaluationError(f"学年「{period}」应为四位年份，如 2024（2024–2025 学年）")
    name = file_name or Path(path).name
    responses = _map_schools(session, read_responses(q, path), name)
    survey = EvaluationSurvey(period=period, title=q.title, questionnaire=q.model_dump(mode="json"), file_name=name,
                              imported_by=username)
    session.add(survey)
    session.flush()
    rows = [{"survey_id": survey.id, "seq": r.seq, "group_id": r.group, "school_id": r.school,
             "answers": {str(k): v for k, v in r.answers.items()}, "submitted": r.submitted} for r in responses]
    batch = upsert_batch(session, "evaluation_survey", name, username,
                         [("evaluation_survey_response", ("survey_id", "seq"), rows)])
    audit(session, username, "survey", str(survey.id), period=period, responses=len(rows), batch=batch.batch_id)
    return SurveyImport(survey.id, batch.batch_id, len(rows), len({r.school for r in responses if r.school}))


def surveys(session: Session) -> list[tuple[EvaluationSurvey, int]]:
    counts = dict(session.execute(select(EvaluationSurveyResponse.survey_id, func.count())
                                  .group_by(EvaluationSurveyResponse.survey_id)).all())
    return [(s, counts.get(s.id, 0)) for s in session.scalars(select(EvaluationSurvey)
                                                              .order_by(EvaluationSurvey.period.desc(),
                                                                        EvaluationSurvey.id.desc()))]


def survey_result(session: Session, survey_id: int) -> tuple[EvaluationSurvey, Questionnaire, SurveyResult]:
    survey = session.get(EvaluationSurvey, survey_id)
    if survey is None:
        raise EvaluationError(f"没有编号为 {survey_id} 的调查")
    q = Questionnaire.model_validate(survey.questionnaire)
    rows = session.scalars(select(EvaluationSurveyResponse).where(EvaluationSurveyResponse.survey_id == survey_id))
    responses = [Response(r.seq, r.group_id, r.school_id, {int(k): v for k, v in r.answers.items()}, r.submitted)
                 for r in rows]
    return survey, q, satisfaction(q, responses)


def latest_survey(session: Session, period: str) -> int | None:
    """The newest survey of the school year that has responses (the one published)."""
    for s, n in surveys(session):
        if s.period == period and n:
            return s.id
    return None
