"""控辍保学 (retention): term census, population reconciliation, dropout cases with deadlines and two
responsibility lines, dropout and 巩固率 rates, monthly zero-report, early warning (DESIGN §4.4).

This package's ``__init__`` re-exports the pure API only (pandas/numpy). File reading is in
``junheng.retention.readers.roster_io``, Word documents in ``junheng.retention.reports.notice`` and
``junheng.retention.reports.weekly_report``, the CLI in ``junheng.retention.cli.files``. The database edge: ``db_rosters``,
``db_census``, ``db_cases``/``db_case_open``, ``db_population``, ``db_monitor``, ``db_cohort``, ``queries``,
``census_views`` and ``service`` (``consolidation_rate`` for the balance module); the web edge: ``routes`` and
the ``web_*`` page modules; the demo: ``demo_load``.
"""

from junheng.retention.core.case_factory import cases_from_census, cases_from_reconciliation
from junheng.retention.core.case_records import case_from_record, case_to_record
from junheng.retention.core.case_steps import Step, case_board, case_steps, notice_due
from junheng.retention.core.cases import (
    CLOSED,
    CONTACT_KINDS,
    TRANSITIONS,
    CaseError,
    CaseStatus,
    Contact,
    DropoutCase,
    Guardian,
    Responsible,
    assign,
    issue_notice,
    log_contact,
    record_report,
    transition,
)
from junheng.retention.core.census import OUTCOMES, CensusResult, run_census
from junheng.retention.core.deadlines import census_due, census_status, report_deadlines
from junheng.retention.core.early_warning import FACTORS, risk_scores, warning_list
from junheng.retention.core.follow_up import classify_contacts, follow_up
from junheng.retention.core.idnumber import birth_dates_from_id, parse_birth_dates, valid_id_numbers
from junheng.retention.core.rates import (
    census_dropout_counts,
    dropout_rates,
    dropouts_from_balance,
    retention_rates,
)
from junheng.retention.core.reconcile import Reconciliation, ages_on, name_distance, reconcile
from junheng.retention.core.roster import ROSTER_COLUMNS, RosterCheck, normalize_population, normalize_roster
from junheng.retention.core.settings import RetentionSettings
from junheng.retention.core.vocab import STATUS_LABELS, STATUSES, map_status, parse_grade
from junheng.retention.core.weekly import WeeklySummary, weekly_summary
from junheng.retention.core.workdays import TermCalendar, parse_days
from junheng.retention.core.zero_report import report_due, zero_report_status

__all__ = [
    "CLOSED",
    "CONTACT_KINDS",
    "FACTORS",
    "OUTCOMES",
    "ROSTER_COLUMNS",
    "STATUSES",
    "STATUS_LABELS",
    "TRANSITIONS",
    "CaseError",
    "CaseStatus",
    "CensusResult",
    "Contact",
    "DropoutCase",
    "Guardian",
    "Reconciliation",
    "Responsible",
    "RetentionSettings",
    "RosterCheck",
    "Step",
    "TermCalendar",
    "WeeklySummary",
    "ages_on",
    "assign",
    "birth_dates_from_id",
    "case_board",
    "case_from_record",
    "case_steps",
    "case_to_record",
    "cases_from_census",
    "cases_from_reconciliation",
    "census_dropout_counts",
    "census_due",
    "census_status",
    "classify_contacts",
    "dropout_rates",
    "dropouts_from_balance",
    "follow_up",
    "issue_notice",
    "log_contact",
    "map_status",
    "name_distance",
    "normalize_population",
    "normalize_roster",
    "notice_due",
    "parse_birth_dates",
    "parse_days",
    "parse_grade",
    "reconcile",
    "record_report",
    "report_deadlines",
    "report_due",
    "retention_rates",
    "risk_scores",
    "run_census",
    "transition",
    "valid_id_numbers",
    "warning_list",
    "weekly_summary",
    "zero_report_status",
]
