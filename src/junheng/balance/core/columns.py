"""Column keys of school_year_data (DATA.md) with their Chinese labels and statistics-form sources."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""
    source: str = ""
    integer: bool = False
    teacher: bool = False  # derivable from the teacher registry
    school_level: bool = False  # a school figure (not per section): summed over the school's rows


COLUMNS: tuple[Column, ...] = (
    Column("students", "在校学生数", "人", "基础基312/313 在校学生数", integer=True),
    Column("classes", "班级数", "个", "基础基212 班数", integer=True),
    Column("full_time_teachers", "专任教师数", "人", "基础基424 专任教师数合计", True, True),
    Column("teachers_above_required", "高于规定学历专任教师数", "人",
           "基础基424（小学：专科及以上；初中：本科及以上）", True, True),
    Column("backbone_teachers", "县级及以上骨干教师数", "人", "基础基112 骨干教师", True, True),
    Column("pe_arts_teachers", "体育、音乐、美术专任教师数", "人", "基础基424 体育与健康＋音乐＋美术", True, True),
    Column("mid_title_teachers", "中级及以上职称专任教师数", "人", "专任教师职称（正高级、高级、一级）", True, True),
    Column("certified_teachers", "持教师资格证专任教师数", "人", "教师资格证", True, True),
    Column("training_completed_teachers", "完成5年360学时培训的专任教师数", "人", "继续教育学时", True, True),
    Column("exchange_eligible_teachers", "符合交流轮岗条件的教师数", "人", "交流轮岗名册", True, True),
    Column("exchanged_teachers", "本年交流轮岗教师数", "人", "交流轮岗名册", True, True),
    Column("exchanged_backbone_teachers", "其中：交流轮岗骨干教师数", "人", "交流轮岗名册", True, True),
    Column("teaching_room_area", "教学及辅助用房面积（不含室内体育用房）", "㎡", "基础基512 一、教学及辅助用房 减 室内体育用房"),
    Column("gym_area", "室内体育用房面积", "㎡", "基础基512 室内体育用房"),
    Column("sports_ground_area", "室外运动场地面积", "㎡", "基础基522 运动场地面积"),
    Column("equipment_value", "教学仪器设备资产值", "元", "基础基522 教学、实验仪器设备资产值（万元×10000）"),
    Column("multimedia_rooms", "网络多媒体教室", "间", "基础基522 网络多媒体教室", integer=True),
    Column("computers", "计算机", "台", "基础基522 计算机数", integer=True),
    Column("books", "图书", "册", "基础基522 图书", integer=True),
    Column("music_rooms", "音乐专用教室", "间", "专用教室", integer=True, school_level=True),
    Column("music_room_area_min", "最小一间音乐专用教室面积", "㎡", "专用教室", school_level=True),
    Column("art_rooms", "美术专用教室", "间", "专用教室", integer=True, school_level=True),
    Column("art_room_area_min", "最小一间美术专用教室面积", "㎡", "专用教室", school_level=True),
    Column("public_funds", "本年公用经费", "元", "学校年度公用经费（预算）总额", school_level=True),
    Column("training_funds", "教师培训经费", "元", "学校年度教师培训经费", school_level=True),
    Column("max_class_size", "最大班额", "人", "基础基212 班额", integer=True),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
NUMERIC_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
TEACHER_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.teacher)
MIN_KEYS: tuple[str, ...] = ("music_room_area_min", "art_room_area_min")  # combined by minimum, not sum
MAX_KEYS: tuple[str, ...] = ("max_class_size",)  # combined by maximum

SECTION_LABELS: dict[str, str] = {"小学": "小学", "初中": "初中", "高中": "高中", "全校": "全校（共享）"}
SECTION_VALUES: tuple[str, ...] = ("小学", "初中", "高中", "全校")

# Columns of the machine-readable CLI contract (already per section; sports_area = gym + ground)
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "quality_2017": (
        "school_id", "school_name", "stage", "students", "teachers_above_required", "backbone_teachers",
        "pe_arts_teachers", "teaching_room_area", "sports_area", "equipment_value", "multimedia_rooms",
    ),
    "basic_2012": (
        "school_id", "school_name", "stage", "students", "teachers_above_required", "teaching_room_area",
        "sports_area", "equipment_value", "computers", "books", "teachers", "teachers_mid_title",
    ),
}
CONTRACT_RENAMES: dict[str, str] = {"teachers": "full_time_teachers", "teachers_mid_title": "mid_title_teachers"}

LABELS: dict[str, str] = {
    **{c.key: c.label for c in COLUMNS},
    "sports_area": "体育运动场馆面积（室外运动场地＋室内体育用房）",
    "school_id": "学校标识码",
    "school_name": "学校名称",
    "stage": "学段",
    "section": "学部",
    "year": "年度",
    "teachers": "专任教师数",
    "teachers_mid_title": "中级及以上职称专任教师数",
}


def label(key: str) -> str:
    """中文名称 of a column key (the key itself when unknown)."""
    return LABELS.get(key, key)
