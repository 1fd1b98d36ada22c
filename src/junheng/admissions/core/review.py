"""The rules' review of one application (docs/admissions.md §3): age by the cut-off date, address in a
zone, the 住户一致 tier from 户籍/房产/居住证, and for 民办 schools the 公民同招 rule (no tiers).

A reviewer decides afterwards (store layer); this gives the checks the reviewer sees and the default."""

from __future__ import annotations

from collections.abc import Mapping

from junheng.admissions.core.addresses import Address, normalise
from junheng.admissions.core.model import PRIVATE, Application, Check, Review, SchoolPlaces
from junheng.admissions.core.settings import AdmissionSettings, age_on
from junheng.admissions.core.tiers import Tier, default_tiers, tier_of
from junheng.admissions.core.zones import ZoneMatch, ZoneTable

PRIVATE_TIER_LABEL = "民办学校报名（公民同招，不分档）"


def _same(a: Address | None, b: Address | None) -> bool:
    return a is not None and b is not None and normalise(a.place) == normalise(b.place) and a.number == b.number


def age_check(app: Application, settings: AdmissionSettings) -> list[Check]:
    """入学年龄: 小学 children must be ``entry_age`` full years old on the cut-off date (inclusive)."""
    if app.section != "小学":
        return []
    day = settings.cutoff_date()
    age = age_on(app.birth_date, day)
    checks = [Check("入学年龄", age >= settings.entry_age,
                    f"出生日期 {app.birth_date:%Y-%m-%d}，截至 {day:%Y-%m-%d} 满 {age} 周岁"
                    + ("" if age >= settings.entry_age else f"，未满 {settings.entry_age} 周岁"))]
    if age >= settings.over_age:
        checks.append(Check("超龄", None, f"截至 {day:%Y-%m-%d} 已满 {age} 周岁，请核实缓学原因", blocking=False))
    return checks


def zone_facts(app: Application, school: str, zones: ZoneTable, settings: AdmissionSettings) -> dict[str, bool]:
    """The tier facts of an application for one public school's zone."""
    def zoned(addr: Address | None) -> bool:
        return addr is not None and school in zones.schools_for(addr, app.section)

    local = app.hukou_kind == "本县"
    owned = app.property if app.property_owner == "父母" else None
    return {
        "hukou_local": local,
        "hukou_in_zone": local and zoned(app.hukou),
        "property_in_zone": zoned(owned),
        "hukou_at_property": local and _same(app.hukou, owned),
        "permit_in_zone": not local and zoned(app.permit),
        "permit_ok": app.permit_months >= settings.permit_months and app.insurance_months >= settings.insurance_months,
    }


def _matches(app: Application, zones: ZoneTable) -> list[ZoneMatch]:
    out: list[ZoneMatch] = []
    owned = app.property if app.property_owner == "父母" else None
    addresses = [owned, app.hukou if app.hukou_kind == "本县" else None, app.permit if app.hukou_kind == "外地" else None]
    for addr in addresses:
        if addr is not None:
            out.extend(m for m in zones.lookup(addr, app.section) if m.zone_id not in {x.zone_id for x in out})
    return out


def _fact_checks(app: Application, facts: dict[str, bool], settings: AdmissionSettings) -> list[Check]:
    checks = [Check("户籍", None, f"{app.hukou_kind}户籍" + (
        f"，户籍地址 {app.hukou.label}{'在' if facts['hukou_in_zone'] else '不在'}学区内" if app.hukou else ""),
        blocking=False)]
    if app.property is not None:
        checks.append(Check("房产", None, f"房产 {app.property.label}（产权人：{app.property_owner}）"
                            f"{'在' if facts['property_in_zone'] else '不计入/不在'}学区内"
                            + ("，与户籍同一地址（人户一致）" if facts["hukou_at_property"] else ""), blocking=False))
    if app.hukou_kind == "外地":
        checks.append(Check("居住证", facts["permit_ok"] and facts["permit_in_zone"],
                            f"居住证 {app.permit.label if app.permit else '无'}，持有 {app.permit_months} 个月"
                            f"（要求 {settings.permit_months}），社保 {app.insurance_months} 个月"
                            f"（要求 {settings.insurance_months}）", blocking=False))
    return checks


def review(app: Application, zones: ZoneTable, places: Mapping[str, SchoolPlaces],
           settings: AdmissionSettings | None = None, tiers: tuple[Tier, ...] | None = None) -> Review:
    """Apply every rule to one application; ``eligible`` is the default decision a reviewer confirms."""
    settings = settings or AdmissionSettings()
    tiers = tiers or default_tiers()
    checks = age_check(app, settings)
    age_ok = all(c.passed is not False for c in checks)
    matches = _matches(app, zones)
    zone_schools = tuple(dict.fromkeys(s for m in matches for s in m.schools if s in places
                                       and places[s].ownership != PRIVATE))
    chosen = places.get(app.chosen) if app.chosen else None
    if app.chosen and chosen is None:
        checks.append(Check("所报学校", False, f"所报学校「{app.chosen}」不在本年度招生计划中"))
        return Review(app.application_no, False, None, None, "", "", zone_schools, tuple(checks))
    if chosen is not None and chosen.section != app.section:
        checks.append(Check("所报学校", False, f"所报学校「{chosen.name}」不招收{app.section}新生"))
        return Review(app.application_no, False, None, None, "", "", zone_schools, tuple(checks))
    if chosen is not None and chosen.ownership == PRIVATE:
        checks.append(Check("所报学校", True, f"报名民办学校「{chosen.name}」：公民同招，报名人数超过名额时全部参加电脑派位"))
        return Review(app.application_no, age_ok, chosen.school_id, 1, PRIVATE_TIER_LABEL,
                      matches[0].zone_id if matches else "", zone_schools, tuple(checks))
    candidates = [s for s in zone_schools if s in places]
    if not candidates:
        where = "、".join(a.label for a in (app.property, app.hukou, app.permit) if a is not None) or "未填写"
        checks.append(Check("学区", False, f"房产/户籍/居住证地址（{where}）不在任何{app.section}学区内，由教育局统筹安排"))
        return Review(app.application_no, False, None, None, "", "", (), tuple(checks))
    if chosen is not None and chosen.school_id not in candidates:
        checks.append(Check("学区", False, f"所报学校「{chosen.name}」不是该地址的学区学校（学区学校：{'、'.join(candidates)}）"))
        return Review(app.application_no, False, None, None, "", "", zone_schools, tuple(checks))
    ranked = []
    for s in ([chosen.school_id] if chosen is not None else candidates):
        facts = zone_facts(app, s, zones, settings)
        ranked.append((tier_of(facts, tiers), s, facts))
    found = [r for r in ranked if r[0] is not None]
    tier, school, facts = min(found, key=lambda r: r[0].tier) if found else ranked[0]
    zone_id = next(m.zone_id for m in matches if school in m.schools)
    zone_schools = next(m.schools for m in matches if school in m.schools)
    zone_schools = tuple(s for s in zone_schools if s in places)
    checks.append(Check("学区", True, f"片区 {zone_id}（{'、'.join(zone_schools)}）"))
    checks.extend(_fact_checks(app, facts, settings))
    if tier is None:
        checks.append(Check("入学类别", False, "不符合学区内任一入学类别（人户一致、有房无户、有户无房、随迁子女），由教育局统筹安排"))
        return Review(app.application_no, False, school, None, "", zone_id, zone_schools, tuple(checks))
    checks.append(Check("入学类别", True, f"第 {tier.tier} 类：{tier.label}"))
    return Review(app.application_no, age_ok, school, tier.tier, tier.label, zone_id, zone_schools, tuple(checks))
