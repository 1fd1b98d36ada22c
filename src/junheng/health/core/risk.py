"""Per-student risk flags this module offers the 控辍保学 early warning (a setting decides which are sent)."""

from __future__ import annotations

import pandas as pd

from junheng.health.core.settings import HealthSettings

FITNESS_FAIL = "体质测试不及格"
PSYCH_HIGH = "心理测评高风险"


def risk_flags(scored: pd.DataFrame, psych: pd.DataFrame, settings: HealthSettings | None = None
               ) -> dict[str, list[str]]:
    """``scored``: student_id, total, complete; ``psych``: student_id, level. → {学籍号: [flags]}."""
    s = settings or HealthSettings()
    flags: dict[str, list[str]] = {}
    if s.risk_fitness_fail and not scored.empty:
        weak = scored[scored["complete"] & (scored["total"] < s.risk_fitness_below)]
        for sid in sorted(set(weak["student_id"])):
            flags.setdefault(sid, []).append(FITNESS_FAIL)
    if s.risk_psych_high and not psych.empty:
        for sid in sorted(set(psych.loc[psych["level"] == "高风险", "student_id"])):
            flags.setdefault(sid, []).append(PSYCH_HIGH)
    return flags
