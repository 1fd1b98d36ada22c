"""Code lists of the registry and small pure rules about them."""

from __future__ import annotations

SCHOOL_KINDS = ("小学", "初中", "九年一贯制", "十二年一贯制", "完全中学", "教学点", "特殊教育学校")
LOCATIONS = ("城区", "镇区", "乡村")
OWNERSHIPS = ("公办", "民办")
YES_NO = ("是", "否")
TOWNSHIP_KINDS = ("乡", "镇", "街道")
SECTIONS = ("小学", "初中", "高中")
GENDERS = ("男", "女")
EDUCATION_LEVELS = ("研究生", "本科", "专科", "高中阶段", "高中阶段以下")
TITLES = ("正高级", "高级", "一级", "二级", "三级", "未定级")
BACKBONE_LEVELS = ("无", "县级", "市级", "省级", "国家级")
SUBJECTS = ("道德与法治", "语文", "数学", "外语", "物理", "化学", "生物", "历史", "地理", "科学", "信息技术",
            "体育与健康", "音乐", "美术", "劳动", "综合实践活动", "心理健康", "其他")
STUDENT_STATUSES = ("在读", "休学", "转出", "毕业", "死亡", "辍学", "其他")
LEFT_BEHIND = ("非留守儿童", "单亲留守儿童", "双亲留守儿童")
DISABILITIES = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重残疾")

_KIND_SECTIONS = {
    "小学": ("小学",), "教学点": ("小学",), "初中": ("初中",), "九年一贯制": ("小学", "初中"),
    "十二年一贯制": ("小学", "初中", "高中"), "完全中学": ("初中", "高中"), "特殊教育学校": ("小学", "初中"),
}


def sections_for_kind(kind: str) -> tuple[str, ...]:
    """The stages (学部) a school of this kind has.

    >>> sections_for_kind("九年一贯制")
    ('小学', '初中')
    """
    return _KIND_SECTIONS[kind]


def grade_label(grade: int) -> str:
    """>>> grade_label(7)
    '七年级'
    """
    names = "一二三四五六七八九"
    if 1 <= grade <= 9:
        return f"{names[grade - 1]}年级"
    return f"高{names[grade - 10]}"


def section_of_grade(grade: int) -> str:
    return "小学" if grade <= 6 else "初中" if grade <= 9 else "高中"


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def valid_id_number(value: str) -> bool:
    """GB 11643 check digit of an 18-character resident ID number.

    >>> valid_id_number("11010519491231002X")
    True
    """
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS))
    return _CHECK[total % 11] == value[17].upper()


def mask_id_number(value: str) -> str:
    """Show only the first four and last four characters.

    >>> mask_id_number("330102201003041234")
    '3301**********1234'
    """
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
