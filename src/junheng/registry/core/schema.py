"""The registry template's sheets (学校名册): what a county hands to its schools, and what the importer reads."""

from __future__ import annotations

from junheng.io.spec import Column as C
from junheng.io.spec import SheetSpec
from junheng.registry.core import codes

COUNTY = SheetSpec("县区", "county", (
    C("county_code", "县区代码", help="6 位行政区划代码"),
    C("name", "县区名称"),
), key=("county_code",))

TOWNSHIPS = SheetSpec("乡镇", "township", (
    C("township_code", "乡镇代码", help="9 位乡镇（街道）代码"),
    C("name", "乡镇名称"),
    C("kind", "类型", "code", choices=codes.TOWNSHIP_KINDS),
    C("county_code", "县区代码"),
), key=("township_code",), references={"county_code": "县区.county_code"})

SCHOOLS = SheetSpec("学校", "school", (
    C("school_id", "学校标识码", help="10 位学校标识码", width=16),
    C("name", "学校名称", width=28),
    C("kind", "办学类型", "code", choices=codes.SCHOOL_KINDS),
    C("location", "城乡类别", "code", choices=codes.LOCATIONS),
    C("ownership", "举办者", "code", choices=codes.OWNERSHIPS),
    C("boarding", "是否寄宿制", "code", choices=codes.YES_NO),
    C("township_code", "所在乡镇代码"),
    C("central_school_id", "所属中心校标识码", required=False, help="仅教学点填写"),
), key=("school_id",), references={"township_code": "乡镇.township_code"})

CLASSES = SheetSpec("班级", "school_class", (
    C("school_id", "学校标识码", width=16),
    C("section", "学段", "code", choices=codes.SECTIONS),
    C("grade", "年级", "int", minimum=1, maximum=12, help="1–6 小学，7–9 初中，10–12 高中"),
    C("class_name", "班级名称", help="如 七年级3班"),
    C("head_teacher_id", "班主任工号", required=False),
), key=("school_id", "class_name"), references={"school_id": "学校.school_id"})

TEACHERS = SheetSpec("教师", "teacher", (
    C("teacher_id", "教师工号", width=16),
    C("name", "姓名"),
    C("gender", "性别", "code", choices=codes.GENDERS),
    C("birth_year", "出生年份", "int", minimum=1940, maximum=2010),
    C("school_id", "学校标识码", width=16),
    C("section", "任教学段", "code", choices=codes.SECTIONS),
    C("full_time", "是否专任教师", "code", choices=codes.YES_NO),
    C("education", "最高学历", "code", choices=codes.EDUCATION_LEVELS),
    C("title", "专业技术职务", "code", choices=codes.TITLES),
    C("backbone_level", "骨干教师级别", "code", choices=codes.BACKBONE_LEVELS),
    C("subject", "任教学科", "code", choices=codes.SUBJECTS),
    C("certificate", "是否有教师资格证", "code", choices=codes.YES_NO),
    C("training_hours_5y", "五年培训学时", "int", minimum=0, maximum=2000),
    C("last_exchange_year", "最近交流轮岗年份", "int", required=False, minimum=1990, maximum=2100),
), key=("teacher_id",), references={"school_id": "学校.school_id"})

STUDENTS = SheetSpec("学生", "student", (
    C("student_id", "全国学籍号", width=22, aliases=("学籍号",)),
    C("name", "姓名"),
    C("gender", "性别", "code", choices=codes.GENDERS),
    C("birth_date", "出生日期", "date"),
    C("id_number", "身份证件号", width=22),
    C("school_id", "学校标识码", width=16),
    C("grade", "年级", "int", minimum=1, maximum=12),
    C("class_name", "班级"),
    C("status", "学籍状态", "code", choices=codes.STUDENT_STATUSES),
    C("left_behind", "是否留守儿童", "code", choices=codes.LEFT_BEHIND),
    C("migrant", "是否进城务工人员随迁子女", "code", choices=codes.YES_NO),
    C("disability", "残疾类型", "code", required=False, choices=codes.DISABILITIES),
    C("low_income", "是否建档立卡或低保", "code", choices=codes.YES_NO),
    C("township_code", "户籍乡镇代码", required=False),
    C("village", "户籍村（社区）", required=False),
), key=("student_id",), references={"school_id": "学校.school_id"})

REGISTRY_SHEETS: tuple[SheetSpec, ...] = (COUNTY, TOWNSHIPS, SCHOOLS, CLASSES, TEACHERS, STUDENTS)
