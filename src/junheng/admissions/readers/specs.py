"""The three workbooks of admissions, as sheet specifications (templates, readers and docs share them)."""

from __future__ import annotations

from junheng.admissions.core.addresses import KINDS, PARITIES
from junheng.admissions.core.model import HUKOU_KINDS, OWNERS, PRIVATE, PUBLIC
from junheng.admissions.core.zones import MODES, SECTIONS
from junheng.io.spec import Column, SheetSpec

ZONES = SheetSpec("学区划片", "admissions_zone_unit", (
    Column("zone_id", "片区编号", help="同一片区的各行编号相同，如 XQ01"),
    Column("section", "学段", "code", choices=SECTIONS),
    Column("mode", "划片方式", "code", choices=MODES),
    Column("schools", "学校标识码", help="单校划片填一所；多校划片按顺序填多所，用 、 或 | 分隔", width=26),
    Column("kind", "地址类型", "code", choices=KINDS),
    Column("place", "地址名称", help="道路名（如 人民路）或社区、村的全称", width=20),
    Column("first", "起始门牌", "int", required=False, minimum=1, help="道路必填"),
    Column("last", "截止门牌", "int", required=False, minimum=1, help="道路必填，含本号"),
    Column("parity", "单双号", "code", required=False, choices=PARITIES, help="道路：全部、单号或双号，留空为全部"),
), key=("zone_id", "section", "kind", "place", "first", "parity"), description="每行一个地址单元")

FEEDERS = SheetSpec("小升初对口", "admissions_feeder", (
    Column("primary", "小学学校标识码"),
    Column("junior", "对口初中学校标识码"),
), key=("primary",), description="每所小学的对口初中")

ALL_UNITS = SheetSpec("地址清单", "admissions_address", (
    Column("section", "学段", "code", choices=SECTIONS),
    Column("kind", "地址类型", "code", choices=KINDS),
    Column("place", "地址名称"),
    Column("first", "起始门牌", "int", required=False, minimum=1),
    Column("last", "截止门牌", "int", required=False, minimum=1),
), key=("section", "kind", "place", "first"), description="（可选）全县应划片的全部地址，用于查找未划片地址")

SEATS = SheetSpec("招生计划", "admissions_places", (
    Column("school", "学校标识码"),
    Column("name", "学校名称", width=22),
    Column("section", "学段", "code", choices=SECTIONS),
    Column("ownership", "办学性质", "code", choices=(PUBLIC, PRIVATE)),
    Column("classes", "计划班数", "int", minimum=0, maximum=60),
    Column("limit", "班额上限", "int", required=False, minimum=1, maximum=70, help="留空：小学 45、初中 50"),
    Column("fallbacks", "调剂学校", required=False, help="本校派位未录取者依次调剂的学校标识码，用 、 分隔", width=26),
), key=("school", "section"), description="每校每学段一行")

APPLICATIONS = SheetSpec("报名名单", "admissions_application", (
    Column("application_no", "报名编号", help="唯一，如 2025XX0001"),
    Column("name", "儿童姓名"),
    Column("id_number", "身份证件号", help="18 位居民身份证号，校验位须正确", width=22),
    Column("birth_date", "出生日期", "date", required=False, help="留空则取身份证号中的出生日期"),
    Column("gender", "性别", "code", required=False, choices=("男", "女")),
    Column("section", "学段", "code", choices=SECTIONS),
    Column("hukou_kind", "户籍类型", "code", choices=HUKOU_KINDS),
    Column("hukou", "户籍地址", required=False, help="本县户籍必填，如 人民路23号 或 东关社区", width=22),
    Column("property", "房产地址", required=False, help="父母或祖父母名下房产，无则留空", width=22),
    Column("owner", "房产产权人", "code", required=False, choices=OWNERS),
    Column("permit", "居住证地址", required=False, help="外地户籍（随迁子女）填写", width=22),
    Column("permit_months", "居住证月数", "int", required=False, minimum=0, maximum=600),
    Column("insurance_months", "社保月数", "int", required=False, minimum=0, maximum=600),
    Column("home", "现住址", required=False, width=22),
    Column("sibling_group", "同胞组", required=False, help="双胞胎/多胞胎填同一组名，整组派位"),
    Column("chosen", "志愿学校", required=False, help="报民办学校或多校划片时填学校标识码"),
    Column("guardian", "监护人", required=False),
    Column("phone", "联系电话", required=False),
), key=("application_no",), description="每行一名儿童")
