"""督导评价 tables.

- ``evaluation_rubric``: a rubric as imported (its validated JSON), kept so a round always knows its rubric;
- ``evaluation_round``: one evaluation per term, its rubric, settings and state (草稿 → 已审定, then locked);
- ``evaluation_figure``: each figure pulled for a round, frozen with its provenance (value, source, arithmetic);
- ``evaluation_judgement``: one inspector's score of one judged indicator at one school, with evidence;
- ``evaluation_self``: a school's self-evaluation total beside the bureau's score;
- ``evaluation_result``: totals, category and rank written when the round is approved (locked thereafter);
- ``evaluation_inspector`` / ``evaluation_assignment``: the 责任督学 roster and their schools (挂牌督导);
- ``evaluation_visit``: a visit (date, checklist items checked, issues, evidence files, the ledger item opened);
- ``evaluation_interview``: 约谈 records;
- ``evaluation_survey`` / ``evaluation_survey_response``: a satisfaction survey and its imported answers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from junheng.store.base import Base, utcnow


class EvaluationRubric(Base):
    __tablename__ = "evaluation_rubric"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128))
    body: Mapped[dict] = mapped_column(JSON)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class EvaluationRound(Base):
    __tablename__ = "evaluation_round"
    __table_args__ = (UniqueConstraint("period", "title", name="uq_evaluation_round_period_title"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(128))
    rubric_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rubric.id"))
    settings: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="草稿")
    figures_pulled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    disclosed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class EvaluationFigure(Base):
    __tablename__ = "evaluation_figure"
    __table_args__ = (UniqueConstraint("round_id", "school_id", "indicator_id", name="uq_evaluation_figure_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10))
    indicator_id: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(16), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    arithmetic: Mapped[str] = mapped_column(Text, default="")


class EvaluationJudgement(Base):
    __tablename__ = "evaluation_judgement"
    __table_args__ = (UniqueConstraint("round_id", "school_id", "indicator_id", "rater",
                                       name="uq_evaluation_judgement_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10))
    indicator_id: Mapped[str] = mapped_column(String(16))
    rater: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(64))


class EvaluationSelf(Base):
    __tablename__ = "evaluation_self"
    __table_args__ = (UniqueConstraint("round_id", "school_id", name="uq_evaluation_self_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10))
    total: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(64))


class EvaluationResult(Base):
    __tablename__ = "evaluation_result"
    __table_args__ = (UniqueConstraint("round_id", "school_id", name="uq_evaluation_result_cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_round.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    category: Mapped[str] = mapped_column(String(32))
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    coverage: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict] = mapped_column(JSON)


class EvaluationInspector(Base):
    __tablename__ = "evaluation_inspector"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="")
    username: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    monthly_quota: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EvaluationAssignment(Base):
    __tablename__ = "evaluation_assignment"
    __table_args__ = (UniqueConstraint("school_id", name="uq_evaluation_assignment_school"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("evaluation_inspector.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10))


class EvaluationVisit(Base):
    __tablename__ = "evaluation_visit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("evaluation_inspector.id"), index=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    visit_date: Mapped[dt.date] = mapped_column(Date, index=True)
    checked: Mapped[list] = mapped_column(JSON)
    issues: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON)
    ledger_item_no: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class EvaluationInterview(Base):
    __tablename__ = "evaluation_interview"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    school_id: Mapped[str] = mapped_column(String(10), index=True)
    interview_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    attendees: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    round_id: Mapped[int | None] = mapped_column(ForeignKey("evaluation_round.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))


class EvaluationSurvey(Base):
    __tablename__ = "evaluation_survey"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(128))
    questionnaire: Mapped[dict] = mapped_column(JSON)
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))


class EvaluationSurveyResponse(Base):
    __tablename__ = "evaluation_survey_response"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("evaluation_survey.id"), index=True)
    seq: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[str] = mapped_column(String(32))
    school_id: Mapped[str | None] = mapped_column(String(10), nullable=True)
    answers: Mapped[dict] = mapped_column(JSON)
    submitted: Mapped[str] = mapped_column(String(32), default="")
