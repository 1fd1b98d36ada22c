"""Rectification ledger (整改台账), pure core: items, their life, deadlines, escalation and statistics.

Create an item (``create_item``) or generate items from the balance shortfall list
(``items_from_shortfalls``); move it through 待整改 → 整改中 → 待验收 → 已销号 (``start``, ``add_evidence``,
``submit``, ``accept``, ``reject``); 逾期 is derived (``is_overdue``, ``display_status``). Escalation
(``escalate``, ``leader_dashboard``), statistics (``count_by_status``, ``by_unit``, ``by_category``,
``age_distribution``, ``summary``) and the weekly report (``weekly_report``). Excel import is in
``junheng.ledger.reports.excel`` and the Word/Excel report in ``junheng.ledger.reports.word`` (not imported here).
"""

from junheng.ledger.core.deadlines import (
                                      age_days,
                                      days_overdue,
                                      days_to_deadline,
                                      display_status,
                                      finished_late,
                                      is_overdue,
)
from junheng.ledger.core.escalation import (
                                      Escalation,
                                      EscalationPolicy,
                                      Level,
                                      due_soon,
                                      escalate,
                                      leader_dashboard,
)
from junheng.ledger.core.model import (
                                      DISPLAY_STATUSES,
                                      OVERDUE,
                                      Action,
                                      Category,
                                      Evidence,
                                      HistoryEntry,
                                      IndicatorLink,
                                      LedgerItem,
                                      ResponsibleUnit,
                                      Severity,
                                      Source,
                                      Status,
                                      UnitKind,
                                      items_of_unit,
)
from junheng.ledger.core.serialize import item_from_dict, item_to_dict
from junheng.ledger.core.shortfall import check_indicators, items_from_shortfalls
from junheng.ledger.core.stats import (
                                      LedgerSummary,
                                      age_distribution,
                                      by_category,
                                      by_unit,
                                      count_by_status,
                                      crosstab,
                                      summary,
)
from junheng.ledger.core.weekly import WeeklyReport, weekly_report
from junheng.ledger.core.workflow import (
                                      TransitionError,
                                      accept,
                                      add_evidence,
                                      create_item,
                                      edit,
                                      extend_deadline,
                                      record_indicator_check,
                                      reject,
                                      start,
                                      submit,
)

__all__ = [
    "DISPLAY_STATUSES", "OVERDUE", "Action", "Category", "Escalation", "EscalationPolicy", "Evidence",
    "HistoryEntry", "IndicatorLink", "LedgerItem", "LedgerSummary", "Level", "ResponsibleUnit", "Severity",
    "Source", "Status", "TransitionError", "UnitKind", "WeeklyReport", "accept", "add_evidence", "age_days",
    "age_distribution", "by_category", "by_unit", "check_indicators", "count_by_status", "create_item", "crosstab",
    "days_overdue", "days_to_deadline", "display_status", "due_soon", "edit", "escalate", "extend_deadline",
    "finished_late", "is_overdue", "item_from_dict", "item_to_dict", "items_from_shortfalls", "items_of_unit",
    "leader_dashboard", "record_indicator_check", "reject", "start", "submit", "summary", "weekly_report",
]
