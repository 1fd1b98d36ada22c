"""The sheets of the teacher workbooks (教师档案, 任职经历, 培训学时): what the templates hold, what importers read."""

from __future__ import annotations

from junheng.io.spec import Column as C
from junheng.io.spec import SheetSpec
from junheng.teachers.core import codes

TID = C("teacher_id", "教师工号", width=16, aliases=("工号", "教职工号"))

TEACHERS = SheetSpec("教师", "teachers_person", (
    TID,
    C("name", "姓名"),
    C("gender", "性别", "code", choices=codes.GENDERS),
    C("birth_year", "出生年份", "int", minimum=1940, maximum=2010),
    C("id_number", "身份证件号", required=False, width=22, help="加密保存，页面只显示前4位和后4位"),
    C("full_time", "是否专任教师", "code", choices=codes.YES_NO),
    C("education", "最高学历", "code", choices=codes.EDUCATION_LEVELS),
    C("certificate", "是否有教师资格证", "code", choices=codes.YES_NO),
), key=("teacher_id",))

TITLES = SheetSpec("职称", "teachers_title", (
    TID,
    C("title", "专业技术职务", "code", choices=codes.TITLES),
    C("date", "取得日期", "date"),
), key=("teacher_id", "title"), references={"teacher_id": "教师.teacher_id"})

RECOGNITIONS = SheetSpec("骨干名师", "teachers_recognition", (
    TID,
    C("kind", "认定类别", "code", choices=codes.RECOGNITION_KINDS),
    C("level", "认定级别", "code", choices=codes.LEVELS),
    C("start", "认定日期", "date"),
    C("end", "有效期至", "date", required=False, help="空白表示长期有效"),
), key=("teacher_id", "kind", "level", "start"), references={"teacher_id": "教师.teacher_id"})

ETHICS = SheetSpec("师德考核", "teachers_ethics", (
    TID,
    C("year", "考核年度", "int", minimum=1990, maximum=2100),
    C("result", "考核结果", "code", choices=codes.ETHICS_RESULTS),
    C("veto", "是否一票否决", "code", choices=codes.YES_NO),
    C("note", "说明", required=False, width=30),
), key=("teacher_id", "year"), references={"teacher_id": "教师.teacher_id"})

RECORDS = SheetSpec("其他经历", "teachers_record", (
    TID,
    C("kind", "类别", "code", choices=codes.RECORD_KINDS, help="获奖、名师工作室（成员）、师徒结对、学历、教师资格证"),
    C("name", "名称", width=30, help="奖项、工作室名称、结对说明、学历或证书名称"),
    C("level", "级别", "code", required=False, choices=codes.LEVELS),
    C("start", "开始日期", "date"),
    C("end", "结束日期", "date", required=False),
    C("partner_id", "对方教师工号", required=False, help="师徒结对时填写师傅或徒弟的工号"),
), key=("teacher_id", "kind", "name", "start"), references={"teacher_id": "教师.teacher_id"})

POSTS = SheetSpec("任职", "teachers_post", (
    TID,
    C("school_id", "学校标识码", width=16),
    C("section", "任教学段", "code", choices=codes.SECTIONS),
    C("subject", "任教学科", "code", choices=codes.SUBJECTS),
    C("kind", "任职类型", "code", choices=codes.POST_KINDS, help="任教（本校任职）、调动、交流轮岗、支教、走教、跟岗、县管校聘竞聘"),
    C("start", "开始日期", "date"),
    C("end", "结束日期", "date", required=False, help="空白表示至今"),
    C("from_school_id", "原学校标识码", required=False, help="调动、交流时填写；空白则取上一段任职的学校"),
    C("direction", "交流方向", "code", required=False, choices=codes.DIRECTIONS, help="空白则按两校城乡类别推算"),
), key=("teacher_id", "school_id", "start"))

TRAINING = SheetSpec("培训记录", "teachers_training", (
    C("teacher_id", "教师工号", width=16, aliases=("工号", "教职工号", "学员编号")),
    C("name", "姓名", required=False, aliases=("学员姓名",)),
    C("course", "培训项目名称", width=30, aliases=("培训项目", "课程名称", "项目名称")),
    C("level", "培训级别", "code", choices=codes.TRAINING_LEVELS, aliases=("项目级别", "培训层级")),
    C("hours", "学时", "float", minimum=0, maximum=1000, aliases=("获得学时", "认定学时", "学分（学时）")),
    C("date", "培训日期", "date", aliases=("开始日期", "培训开始时间", "培训时间")),
    C("provider", "培训机构", required=False, aliases=("主办单位", "承办单位")),
), key=("teacher_id", "course", "date"))

PAYROLL = SheetSpec("工资名册", "payroll", (
    C("teacher_id", "教师工号", aliases=("工号", "教职工号", "人员编号")),
    C("name", "姓名"),
    C("unit", "单位", required=False, aliases=("所在单位", "工作单位", "发放单位")),
), key=("teacher_id",))

TIMETABLE = SheetSpec("课表教师", "timetable", (
    C("teacher_id", "教师工号", aliases=("工号", "教职工号", "任课教师工号")),
    C("school_id", "学校标识码", required=False),
), key=("teacher_id", "school_id"))

TEACHER_SHEETS: tuple[SheetSpec, ...] = (TEACHERS, TITLES, RECOGNITIONS, ETHICS, RECORDS)
OPTIONAL_SHEETS: frozenset[str] = frozenset({"职称", "骨干名师", "师德考核", "其他经历"})
