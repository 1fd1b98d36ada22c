"""Lottery intake (database edge): the registration list (Excel) validated and stored as a draft's list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session

from junheng.io.problems import ImportFailed, Problem
from junheng.lottery.core.canon import freeze
from junheng.lottery.core.model import Applicant, LotteryInputError, rules_from_dict
from junheng.lottery.store.models import Lottery, LotteryApplicant
from junheng.lottery.store.service import _audit, _draft
from junheng.store.batches import unfit_values


def eligibility_rules(lottery: Lottery):
    from junheng.lottery.reports.excel import EligibilityRules

    e = lottery.eligibility or {}
    return EligibilityRules(tuple(e.get("required_yes", ())), tuple(tuple(c) for c in e.get("tier_columns", ())))


@dataclass(frozen=True)
class ImportSummary:
    applicants: int
    excluded: int
    tiers: dict[int, int]
    groups: int


def import_applicants(session: Session, lottery_id: int, path: Path, username: str,
                      file_label: str | None = None) -> ImportSummary:
    """Validate a registration list (Excel) and make it the draft's list, replacing any earlier one.

    Raises ``ImportFailed`` (file, sheet, row, column, reason) and changes nothing on any problem."""
    from junheng.lottery.reports.excel import COLUMNS, read_applicants_excel

    lottery = _draft(session, lottery_id)
    label = file_label or Path(path).name
    data = read_applicants_excel(path, eligibility=eligibility_rules(lottery), file_label=label)
    rules = rules_from_dict(lottery.rules)
    known = {s.school_id for s in rules.schools}
    sheet = _first_sheet(path)
    rows = {p.applicant_id: p.row for p in data.people}
    applicants: list[Applicant] = []
    problems: list[Problem] = []
    for a in data.applicants:
        a = a if lottery.bundle_siblings else replace(a, sibling_group="")
        if len(known) == 1:
            a = replace(a, choices=())
        elif not a.choices or set(a.choices) - known:
            problems.append(Problem(label, sheet, rows[a.applicant_id], COLUMNS["choices"][0],
                                    f"多校派位须填写志愿学校（学校标识码，用 | 分隔），可选：{'、'.join(sorted(known))}"))
        applicants.append(a)
    if problems:
        raise ImportFailed(problems)
    if not applicants:
        raise ImportFailed([Problem(label, sheet, None, "", "名单中没有符合条件的申请人")])
    try:
        freeze(applicants)          # the same checks the freeze will make (groups, tiers, ids)
    except LotteryInputError as exc:
        raise ImportFailed([Problem(label, sheet, None, "", str(exc))]) from exc
    people = {p.applicant_id: p for p in data.people}
    rows = [
        {"lottery_id": lottery.id, "applicant_id": a.applicant_id, "tier": a.tier, "sibling_group": a.sibling_group,
         "choices": "|".join(a.choices), "name": people[a.applicant_id].name,
         "id_number_masked": people[a.applicant_id].id_number_masked, "source_row": people[a.applicant_id].row,
         "excluded_reason": None} for a in applicants] + [
        {"lottery_id": lottery.id, "applicant_id": x.applicant_id, "tier": 0, "sibling_group": "", "choices": "",
         "name": x.name, "id_number_masked": "", "source_row": x.row, "excluded_reason": x.reason[:255]}
        for x in data.excluded]
    unfit = unfit_values(label, [(LotteryApplicant.__tablename__, ("applicant_id",), rows)], "source_row", sheet)
    if unfit:  # a 100,000-character name, say: refused before the old list is deleted
        raise ImportFailed(unfit)
    session.execute(delete(LotteryApplicant).where(LotteryApplicant.lottery_id == lottery.id))
    session.execute(LotteryApplicant.__table__.insert(), rows)
    lottery.import_file = label
    tiers: dict[int, int] = {}
    for a in applicants:
        tiers[a.tier] = tiers.get(a.tier, 0) + 1
    summary = ImportSummary(len(applicants), len(data.excluded), dict(sorted(tiers.items())),
                            len({a.sibling_group for a in applicants if a.sibling_group}))
    _audit(session, username, "import", lottery, file=label, applicants=summary.applicants,
           excluded=summary.excluded)
    return summary


def _first_sheet(path: Path) -> str:
    from junheng.io.workbook import open_workbook

    return open_workbook(path).sheet_names[0]
