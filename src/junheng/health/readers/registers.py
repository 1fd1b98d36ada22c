"""Sheet specs of the registers and screenings schools send (vision, psychological screening, aid, left-behind
children's care and visits, special-education placement, counselling resources); read with
``junheng.io.reader.read_sheet`` (every problem located by row and column)."""

from __future__ import annotations

from junheng.health.core.registers import AID_SOURCES, AID_TYPES, DISABILITY_KINDS, PLACEMENTS
from junheng.io.spec import Column, SheetSpec

SCHOOL = Column("school_id", "学校标识码", "text")
STUDENT = Column("student_id", "学籍号", "text")
NAME = Column("name", "姓名", "text")
GRADE = Column("grade", "年级", "text", help="年级编号（11–16、21–23）或 一年级…六年级、初一…初三")

VISION = SheetSpec("视力筛查", "health_vision", (
    SCHOOL, STUDENT, NAME, Column("sex", "性别", "code", choices=("男", "女", "1", "2")), GRADE,
    Column("class_name", "班级", "text", required=False),
    Column("right", "右眼裸眼视力", "float", minimum=0.01, maximum=5.3, help="五分记录（如 4.8）；小数记录（如 0.6）自动换算"),
    Column("left", "左眼裸眼视力", "float", minimum=0.01, maximum=5.3, help="五分记录（如 5.0）；小数记录（如 1.0）自动换算"),
    Column("se_right", "右眼等效球镜", "float", required=False, minimum=-20, maximum=10, help="D，如 -1.25；未验光留空"),
    Column("se_left", "左眼等效球镜", "float", required=False, minimum=-20, maximum=10, help="D，如 -0.75；未验光留空"),
    Column("screened_on", "筛查日期", "date", required=False),
), key=("student_id",), description="每学期视力筛查结果（五分记录）")

PSYCH = SheetSpec("心理测评", "health_psych_result", (
    SCHOOL, STUDENT, NAME, GRADE, Column("class_name", "班级", "text", required=False),
    Column("scale", "量表", "text", help="如 MHT、PHQ-9、GAD-7、SCL-90（须在设置中有风险界值）"),
    Column("total", "总分", "float", minimum=0, maximum=500),
    Column("screened_on", "测评日期", "date"),
), key=("student_id", "scale", "screened_on"), description="心理健康测评量表总分（个人数据，仅卫生健康专干和管理员可见）")

SCHOOL_PSYCH = SheetSpec("心理辅导资源", "health_school_psych", (
    SCHOOL, Column("has_room", "是否有心理辅导室", "code", choices=("是", "否")),
    Column("psych_teachers", "专职心理教师数", "int", minimum=0, maximum=50),
    Column("part_time_teachers", "兼职心理教师数", "int", required=False, minimum=0, maximum=100),
), key=("school_id",), description="各校心理辅导室和心理教师配备")

AID = SheetSpec("学生资助", "health_aid", (
    SCHOOL, STUDENT, NAME, Column("aid_type", "资助类型", "code", choices=AID_TYPES),
    Column("amount", "金额（元）", "float", minimum=0, maximum=100000), Column("term", "学期", "text", help="如 2024-2"),
    Column("source", "资金来源", "code", choices=AID_SOURCES),
), key=("term", "student_id", "aid_type"), description="每条一人一项资助")

LEFT_BEHIND = SheetSpec("留守儿童关爱", "health_left_behind", (
    SCHOOL, STUDENT, NAME, Column("guardian", "监护人", "text"), Column("guardian_relation", "与儿童关系", "text",
                                                                     required=False),
    Column("guardian_phone", "监护人电话", "text", required=False), Column("contact_teacher", "结对帮扶教师", "text"),
), key=("student_id",), description="留守儿童关爱名册（监护人、结对帮扶教师）")

VISITS = SheetSpec("关爱走访", "health_care_visit", (
    SCHOOL, STUDENT, Column("visited_on", "走访日期", "date"), Column("visitor", "走访人", "text"),
    Column("kind", "方式", "code", choices=("家访", "电话", "谈心", "视频")), Column("note", "情况记录", "text"),
), key=("student_id", "visited_on", "visitor"), description="留守儿童走访、谈心记录")

SPECIAL_ED = SheetSpec("特殊教育", "health_special_ed", (
    Column("person_id", "登记号", "text", help="学籍号，未入学的填残联登记号或身份证号后 8 位"),
    NAME, Column("sex", "性别", "code", choices=("男", "女")), Column("birth_date", "出生日期", "date"),
    Column("disability", "残疾类别", "code", choices=DISABILITY_KINDS),
    Column("placement", "安置方式", "code", choices=PLACEMENTS),
    Column("school_id", "学校标识码", "text", required=False, help="随班就读、送教上门的学校或特教学校；未入学留空"),
    Column("township_code", "乡镇代码", "text", required=False),
), key=("person_id",), description="适龄残疾儿童少年登记与安置（随班就读、送教上门、特教学校、未入学）")

SPECS = {"vision": VISION, "psych": PSYCH, "school_psych": SCHOOL_PSYCH, "aid": AID, "left_behind": LEFT_BEHIND,
         "visits": VISITS, "special_ed": SPECIAL_ED}
