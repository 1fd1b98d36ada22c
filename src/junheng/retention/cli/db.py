"""``junheng retention census --term 2024-2``: the census against the database (the deployment of the
environment, as every ``junheng`` command), stored and with cases opened, as on the web."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from junheng.retention.core.settings import RetentionSettings


def census_in_database(term: str, *, settings: RetentionSettings, term_start: dt.date | None,
                       census_date: dt.date, graduating_grades: Iterable[int], json_out: Path | None,
                       excel: Path | None, fail: Callable[[str], None], username: str = "cli",
                       deployment=None) -> dict[str, int]:
    """Run and store the census of ``term``; write the contract JSON and the Excel lists when asked."""
    from junheng.config import Settings
    from junheng.deployment import Deployment
    from junheng.retention.core.terms import parse_term
    from junheng.retention.reports.exports import census_sheets, write_sheets
    from junheng.retention.store.case_open import open_census_cases
    from junheng.retention.store.census import CensusError, census_contract, run_term_census
    from junheng.retention.store.census_views import census_by_school, school_lists

    try:
        parse_term(term)
    except ValueError as exc:
        fail(str(exc))
    dep = deployment or Deployment.open(Settings())
    try:
        with dep.db.transaction() as session:
            run = run_term_census(session, term, username=username, settings=settings, term_start=term_start,
                                  census_date=census_date, graduating_grades=graduating_grades)
            cases = open_census_cases(session, run, username=username)
            counts = dict(run.counts)
            if json_out is not None:
                payload = census_contract(session, term)
                json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
            if excel is not None:
                from junheng.retention.store.audit import audit_export

                summary = census_by_school(session, run)
                sheets = census_sheets(summary, [school_lists(session, run, s.school_id) for s in summary])
                write_sheets(excel, sheets)
                audit_export(session, username, "学籍清查名单", term, len(sheets[1][2]))
    except CensusError as exc:
        fail(str(exc))
    finally:
        if deployment is None:
            dep.db.dispose()
    counts["cases_opened"] = len(cases)
    return counts
