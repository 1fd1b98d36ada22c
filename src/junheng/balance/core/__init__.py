"""优质均衡 / 基本均衡 assessment (DESIGN §4.1–4.2) — the pure API.

Importing this package loads no web, ORM, Excel or Word library (Excel: ``junheng.balance.reports.excel``; Word:
``junheng.balance.reports.word``).
"""

from junheng.balance.core.assess import AssessmentError, assess, assess_county
from junheng.balance.core.cv import CVStats, cv_without_each, raise_floor_to_limit, weighted_cv
from junheng.balance.core.inputs import Checklist, ChecklistEntry, CountyInputs, Judgement, checklist_entries
from junheng.balance.core.items import COMPUTATIONS, register
from junheng.balance.core.plan import Plan, PlanError, optimise_plan
from junheng.balance.core.plan_model import TransferPolicy, UnitCosts
from junheng.balance.core.plan_solution import PlanAction
from junheng.balance.core.projection import ProjectionResult, project_enrolment, project_failures
from junheng.balance.core.results import (
    Assessment,
    CompositeCV,
    Contribution,
    CVResult,
    DimensionResult,
    IndicatorResult,
    ItemFailure,
    ItemResult,
    Provenance,
    SectionResult,
    StageResult,
)
from junheng.balance.core.scenarios import (
    Change,
    ScenarioComparison,
    add_equipment,
    add_multimedia_rooms,
    add_teachers,
    apply_changes,
    build_area,
    move_students,
    run_scenario,
)
from junheng.balance.core.sections import SectionTable, build_sections
from junheng.balance.core.shortfalls import CVDriver, RaiseStep, Shortfall, cv_drivers, shortfalls
from junheng.balance.core.teachers import (
    derive_teacher_columns,
    fill_teacher_columns,
    teacher_types,
    teacher_types_from_totals,
)
from junheng.balance.core.validate import DataIssue, validate_school_year_data, validate_sections

__all__ = [
    "COMPUTATIONS",
    "Assessment",
    "AssessmentError",
    "CVDriver",
    "CVResult",
    "CVStats",
    "Change",
    "Checklist",
    "ChecklistEntry",
    "CompositeCV",
    "Contribution",
    "CountyInputs",
    "DataIssue",
    "DimensionResult",
    "IndicatorResult",
    "ItemFailure",
    "ItemResult",
    "Judgement",
    "Plan",
    "PlanAction",
    "PlanError",
    "ProjectionResult",
    "Provenance",
    "RaiseStep",
    "ScenarioComparison",
    "SectionResult",
    "SectionTable",
    "Shortfall",
    "StageResult",
    "TransferPolicy",
    "UnitCosts",
    "add_equipment",
    "add_multimedia_rooms",
    "add_teachers",
    "apply_changes",
    "assess",
    "assess_county",
    "build_area",
    "build_sections",
    "checklist_entries",
    "cv_drivers",
    "cv_without_each",
    "derive_teacher_columns",
    "fill_teacher_columns",
    "move_students",
    "optimise_plan",
    "project_enrolment",
    "project_failures",
    "raise_floor_to_limit",
    "register",
    "run_scenario",
    "shortfalls",
    "teacher_types",
    "teacher_types_from_totals",
    "validate_school_year_data",
    "validate_sections",
    "weighted_cv",
]
