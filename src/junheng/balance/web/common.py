"""What every balance page shares: who may do what (DESIGN §6), the year/standard/county selection, and the
filter of section rows by the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from junheng.accounts import BUREAU_ROLES, WRITE_ROLES, Scope
from junheng.balance.store.queries import (
    STANDARDS,
    CountyAssessment,
    NoData,
    county_assessment,
    default_county,
    years,
)
from junheng.web.deps import Forbidden, NotFound

TABS = (  # (path, label, roles that see it)
    ("/balance", "县域总览", None),
    ("/balance/heatmap", "校际热力图", BUREAU_ROLES + ("township_official",)),
    ("/balance/cv", "差异系数", BUREAU_ROLES + ("township_official",)),
    ("/balance/shortfalls", "短板清单", None),
    ("/balance/plan", "优化方案", BUREAU_ROLES),
    ("/balance/scenario", "情景模拟", BUREAU_ROLES),
    ("/balance/projection", "入学预测", BUREAU_ROLES),
    ("/balance/checklist", "评议与县级填报", BUREAU_ROLES),
    ("/balance/data", "数据采集", None),
    ("/balance/reports", "报告下载", BUREAU_ROLES),
)


def can_write(user) -> bool:
    return user.role in WRITE_ROLES


def require_write(user) -> None:
    if user.role == "leader":
        raise Forbidden("局领导账号为只读，不能修改数据")
    if user.role not in WRITE_ROLES:
        raise Forbidden("您没有修改县级数据的权限")


def require_county(user) -> None:
    """Pages over every school of the county: bureau roles (leader read-only) only."""
    if user.role not in BUREAU_ROLES:
        raise Forbidden("此页面包含全县各校数据，仅教育局用户可以查看")


def require_township_or_county(user) -> None:
    if user.role not in BUREAU_ROLES + ("township_official",):
        raise Forbidden("此页面包含多所学校的数据，学校用户请查看本校页面")


def allows(scope: Scope, school_id: str, township_code: str | None) -> bool:
    return scope.allows_school(school_id, township_code)


def visible_sections(ca: CountyAssessment, scope: Scope) -> list:
    return [s for s in ca.assessment.sections() if allows(scope, s.school_id, s.township_code)]


@dataclass
class Selection:
    """The county, year and standard a page shows, and the years that have data."""

    county_code: str
    county_name: str
    year: int | None
    standard: str
    years: list[int] = field(default_factory=list)

    @property
    def standard_label(self) -> str:
        return STANDARDS[self.standard]

    def query(self, **extra) -> str:
        from urllib.parse import urlencode

        params = {"year": self.year or "", "standard": self.standard, **extra}
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def select_view(session: Session, year: int | None, standard: str, county: str = "") -> Selection:
    if standard not in STANDARDS:
        raise NotFound(f"未知的评估标准「{standard}」")
    code, name = default_county(session, county)
    found = years(session, code)
    if year is not None and year not in found:
        raise NotFound(f"{year} 年尚无办学条件数据")
    return Selection(code, name, year if year is not None else (found[0] if found else None), standard, found)


def load(session: Session, sel: Selection) -> CountyAssessment | None:
    if sel.year is None:
        return None
    try:
        return county_assessment(session, sel.year, sel.standard, sel.county_code)
    except NoData:
        return None


def tabs_for(user) -> list[tuple[str, str]]:
    return [(href, label) for href, label, roles in TABS if roles is None or user.role in roles]
