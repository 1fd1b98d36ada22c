"""小升初: each primary graduate (grade 6) goes to the 对口 junior school of their primary school (the zone
table's 小升初对口 sheet). Exceptions are listed, never guessed: a primary school with no 对口 school, and a
对口 school missing from this year's seats."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Graduate:
    student_id: str
    name: str
    primary_school: str


@dataclass(frozen=True, slots=True)
class JuniorAssignment:
    student_id: str
    primary_school: str
    junior_school: str | None
    reason: str


def assign_juniors(graduates: Iterable[Graduate], feeders: Mapping[str, str],
                   junior_schools: Mapping[str, str]) -> list[JuniorAssignment]:
    """``feeders``: primary → 对口 junior; ``junior_schools``: junior id → name (schools that admit this year)."""
    out = []
    for g in sorted(graduates, key=lambda g: (g.primary_school, g.student_id)):
        target = feeders.get(g.primary_school)
        if target is None:
            out.append(JuniorAssignment(g.student_id, g.primary_school, None, "例外：毕业小学没有对口初中，请在学区表中补充"))
        elif target not in junior_schools:
            out.append(JuniorAssignment(g.student_id, g.primary_school, None,
                                        f"例外：对口初中 {target} 不在本年度招生计划中"))
        else:
            out.append(JuniorAssignment(g.student_id, g.primary_school, target,
                                        f"按学区对口升入{junior_schools[target]}"))
    return out
