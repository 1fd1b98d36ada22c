"""Code lists of the teacher histories (教师档案) and the labels pages show."""

from __future__ import annotations

from junheng.registry.core.codes import EDUCATION_LEVELS, GENDERS, SECTIONS, SUBJECTS, TITLES, YES_NO

POST_KINDS = ("任教", "调动", "交流轮岗", "支教", "走教", "跟岗", "县管校聘竞聘")
MOVE_KINDS = POST_KINDS[1:]
DIRECTIONS = ("城区→乡村", "城区→镇区", "镇区→乡村", "向薄弱学校", "乡村→城区", "同类学校之间", "其他")
LEVELS = ("校级", "县级", "市级", "省级", "国家级")
RECOGNITION_KINDS = ("骨干教师", "学科带头人", "名师", "名班主任", "教学能手")
ETHICS_RESULTS = ("优秀", "合格", "基本合格", "不合格")
RECORD_KINDS = ("获奖", "名师工作室", "师徒结对", "学历", "教师资格证")
TRAINING_LEVELS = ("国家级", "省级", "市级", "县级", "校级")
STAFFING_SUBJECTS = ("体育与健康", "音乐", "美术", "心理健康", "信息技术")
SUBJECT_LABELS = {"体育与健康": "体育", "音乐": "音乐", "美术": "美术", "心理健康": "心理", "信息技术": "信息科技"}
COMPULSORY = ("小学", "初中")
AGE_BANDS = ((0, 30, "30岁以下"), (30, 40, "30–39岁"), (40, 50, "40–49岁"), (50, 200, "50岁及以上"))

__all__ = ["AGE_BANDS", "COMPULSORY", "DIRECTIONS", "EDUCATION_LEVELS", "ETHICS_RESULTS", "GENDERS", "LEVELS",
           "MOVE_KINDS", "POST_KINDS", "RECOGNITION_KINDS", "RECORD_KINDS", "SECTIONS", "STAFFING_SUBJECTS",
           "SUBJECTS", "SUBJECT_LABELS", "TITLES", "TRAINING_LEVELS", "YES_NO"]
