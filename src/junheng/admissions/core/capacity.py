"""Seats against demand (docs/admissions.md §5): per school, the applicants against the seats, the class size
that results, and the share of large classes (大班额) now and after the allocation.

- seats = planned classes × class-size limit (45 小学, 50 初中; settings);
- projected class size = applicants ÷ planned classes (the class size if every applicant were taken);
- classes after the allocation: the admitted children split as evenly as possible over the planned classes;
- shares: of classes over the limit (45/50), over ``large_class`` (55, 大班额) and over ``huge_class``
  (65, 超大班额), each a fraction of the classes counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from junheng.admissions.core.settings import AdmissionSettings


def even_split(children: int, classes: int) -> list[int]:
    """``children`` over ``classes`` as evenly as possible, largest first.

    >>> even_split(92, 2), even_split(91, 2), even_split(0, 0)
    ([46, 46], [46, 45], [])
    """
    if classes <= 0:
        return []
    base, extra = divmod(children, classes)
    return [base + 1] * extra + [base] * (classes - extra)


@dataclass(frozen=True)
class ClassShares:
    classes: int
    over_limit: int
    large: int
    huge: int

    def share(self, count: int) -> float | None:
        return count / self.classes if self.classes else None

    @property
    def over_limit_share(self) -> float | None:
        return self.share(self.over_limit)

    @property
    def large_share(self) -> float | None:
        return self.share(self.large)

    @property
    def huge_share(self) -> float | None:
        return self.share(self.huge)


def class_shares(sizes: Iterable[int], limit: int, settings: AdmissionSettings) -> ClassShares:
    """Counts of classes over the limit, over 55 and over 65 (strictly more than)."""
    s = list(sizes)
    return ClassShares(len(s), sum(1 for n in s if n > limit), sum(1 for n in s if n > settings.large_class),
                       sum(1 for n in s if n > settings.huge_class))


@dataclass(frozen=True)
class SchoolDemand:
    school_id: str
    name: str
    section: str
    classes: int
    limit: int
    seats: int
    applicants: int
    admitted: int
    current_sizes: tuple[int, ...] = ()      # the school's classes now (registry), all grades of the section

    @property
    def projected_class_size(self) -> float | None:
        return self.applicants / self.classes if self.classes else None

    @property
    def shortfall(self) -> int:
        return max(0, self.applicants - self.seats)

    def after(self, settings: AdmissionSettings) -> ClassShares:
        return class_shares(even_split(self.admitted, self.classes), self.limit, settings)

    def if_all_taken(self, settings: AdmissionSettings) -> ClassShares:
        return class_shares(even_split(self.applicants, self.classes), self.limit, settings)

    def now(self, settings: AdmissionSettings) -> ClassShares:
        return class_shares(self.current_sizes, self.limit, settings)


def county_shares(rows: Sequence[SchoolDemand], settings: AdmissionSettings, which: str) -> ClassShares:
    """The county's shares over every school's classes (``which``: now, after or if_all_taken)."""
    parts = [getattr(r, which)(settings) for r in rows]
    return ClassShares(sum(p.classes for p in parts), sum(p.over_limit for p in parts), sum(p.large for p in parts),
                       sum(p.huge for p in parts))


@dataclass(frozen=True)
class JuniorLoad:
    """A junior school's 小升初: the grade-6 children assigned to it by 对口 against its planned seats."""

    school_id: str
    name: str
    seats: int
    assigned: int

    @property
    def over(self) -> int:
        return max(0, self.assigned - self.seats)

    @property
    def spare(self) -> int:
        return max(0, self.seats - self.assigned)


def junior_loads(assigned: dict[str, int], schools: dict[str, tuple[str, int]]) -> list[JuniorLoad]:
    """Every junior school with a plan (``schools``: id → (name, seats)) or an assignment, most overfull first.

    >>> [(j.school_id, j.over, j.spare) for j in junior_loads({"A": 460, "B": 300}, {"A": ("甲", 450), "B": ("乙", 500)})]
    [('A', 10, 0), ('B', 0, 200)]
    """
    ids = set(schools) | set(assigned)
    loads = [JuniorLoad(sid, schools.get(sid, (sid, 0))[0], schools.get(sid, (sid, 0))[1], assigned.get(sid, 0))
             for sid in ids]
    return sorted(loads, key=lambda j: (-j.over, j.spare, j.school_id))
