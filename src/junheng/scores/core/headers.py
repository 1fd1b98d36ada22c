"""Header vocabulary of exam exports (FORMATS.md, "Exam exports") and the classification of one label.

Labels are compared after NFKC normalisation (full-width brackets and digits become ASCII) with white space
removed. A label is classified into a *role*: who the student is (ids, name, school, class), a subject score,
the total, a rank of another system (kept for cross-checking only), a scaled score (赋分), an item (小题),
a section sum (客观分 …), the subject / score columns of a long file, or ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

SUBJECTS = (
    "语文", "数学", "英语", "外语", "物理", "化学", "生物学", "生物", "历史", "地理", "道德与法治", "道法",
    "思想政治", "政治", "科学", "信息技术", "通用技术", "技术", "体育与健康", "体育", "音乐", "美术", "日语",
    "俄语", "德语", "法语", "西班牙语", "理综", "文综", "理科综合", "文科综合", "文数", "理数", "劳动",
    "心理健康", "综合实践活动", "历史与社会", "听力",
)  # fmt: skip
_SUBJECTS_LONGEST_FIRST = tuple(sorted(SUBJECTS, key=len, reverse=True))

PERSON = {
    "student_id": ("student_id",),
    "registry_id": ("学籍号", "全国学籍号", "学生学籍号", "学籍编号", "学生全国学籍号", "学籍辅号"),
    "exam_no": ("准考证号", "准考号", "考生号", "考号", "考试号", "考生编号"),
    "custom_no": ("自定义考号",),
    "local_no": ("学号", "班内学号", "学生编号"),
    "id_number": ("身份证号", "身份证件号", "身份证", "身份证号码"),
    "name": ("姓名", "学生姓名", "考生姓名", "name"),
    "school": ("学校", "学校名称", "学校名", "所在学校", "单位", "单位名称", "school"),
    "class": ("班级", "班别", "班级名称", "行政班", "所在班级", "班", "class"),
    "subject_name": ("科目", "学科", "考试科目", "科目名称", "subject"),
}
ID_ROLES = ("student_id", "registry_id", "exam_no", "custom_no", "local_no", "id_number")
"""Candidate identifier roles, in the order of preference for the student_id."""
HEADER_IDS = {"准考证号", "考号", "学号", "学籍号", "全国学籍号", "自定义考号", "考生号", "student_id"}
HEADER_NAMES = {"姓名", "学生姓名", "考生姓名", "name"}
TOTAL_LABELS = ("总分", "总成绩", "总得分", "全科总分", "合计分", "total")
SCORE_WORDS = ("", "得分", "分数", "成绩", "原始分", "原始成绩", "卷面分", "卷面成绩", "实得分", "分", "score")
SCALED_WORDS = ("赋分", "赋分成绩", "等级赋分", "转换分", "折算分")
GRADE_WORDS = ("等级", "档次", "等第", "评级")
PART_WORDS = (
    "客观分", "主观分", "客观题", "主观题", "选择题", "非选择题", "单选题", "多选题", "解答题", "填空题",
    "判断题", "作文", "阅读", "客观题得分", "主观题得分",
)  # fmt: skip
IGNORE_WORDS = (
    "序号", "学生属性", "性别", "选科", "考场", "考场号", "座号", "座位号", "备注", "科类", "类别", "层次",
    "民族", "年级", "考试名称", "标准分", "百分等级",
)  # fmt: skip
LONG_SCORE_WORDS = ("成绩", "分数", "得分", "原始分", "score")
_RANK = re.compile(r"(名次|排名|排位|排序|校次|班次|级次|进退步|^班名$|^校名$|^联考名$|rank)")
_ITEM = re.compile(
    r"^(第)?\d+(\.\d+)*(\(\d+\))?(小?题)?$|^[TtQq]\d+(\(\d+\))?$|^(选择|填空|解答|单选|多选|判断)题?\d+(\(\d+\))?$"
)
_SEPARATORS = "_-—·:：/"
_RANK_LEVELS = (
    ("class", ("班次", "班名", "班级排名", "班排名", "班名次")),
    ("school", ("校次", "校名", "学校排名", "校排名", "校名次", "年级排名", "级次")),
)


def normalize(label: object) -> str:
    """Header text compared: NFKC, no white space; '' for empty cells and None.

    >>> normalize("（赋分） 化学")
    '(赋分)化学'
    """
    if label is None:
        return ""
    if isinstance(label, float):
        label = f"{label:g}"
    text = unicodedata.normalize("NFKC", str(label))
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class LabelKind:
    """Classification of one header label."""

    role: str  # see mapping.ROLES
    subject: str | None = None
    item: str | None = None
    rank_level: str | None = None  # class / school / county for ranks of other systems


def rank_level(label: str) -> str:
    """Which population a rank column of another system ranks in (class, school or county)."""
    for level, words in _RANK_LEVELS:
        if any(w in label for w in words):
            return level
    return "county"


def metric_role(metric: str) -> str | None:
    """Role of a metric label under a subject group (两行表头的下一行), or None when unknown."""
    if metric in SCORE_WORDS:
        return "score"
    if _RANK.search(metric):
        return "rank"
    if any(w in metric for w in SCALED_WORDS):
        return "scaled"
    if metric in GRADE_WORDS:
        return "ignore"
    if metric in PART_WORDS:
        return "part"
    if _ITEM.match(metric):
        return "item"
    return None


def split_subject(label: str, subjects: Collection[str]) -> tuple[str, str] | None:
    """Split a flattened label into (subject, metric): '语文得分' → ('语文', '得分'), '化学(赋分)' → ('化学', '(赋分)')."""
    for subject in sorted(set(subjects) | set(SUBJECTS), key=len, reverse=True):
        if label.startswith(subject):
            rest = label[len(subject) :].strip(_SEPARATORS)
            if rest.startswith("(") and rest.endswith(")") and "(" not in rest[1:]:
                rest = rest[1:-1]
            return subject, rest
    return None


def person_role(label: str) -> str | None:
    lowered = label.lower()
    for role, words in PERSON.items():
        if label in words or lowered in words:
            return role
    return None


def classify_label(group: str, metric: str, subjects: Collection[str] = ()) -> LabelKind:
    """Classify a column from its (normalised) group label and metric label (either may be '').

    ``subjects``: extra subject names (e.g. the keys of the full marks given by the user).
    """
    if group and metric:
        role = person_role(group)
        if role:
            return LabelKind(role)
        subject = group if (group in subjects or group in SUBJECTS) else None
        if subject is None and _is_total(group):
            subject = "总分"
        if subject is not None:
            kind = metric_role(metric)
            if subject == "总分":
                return LabelKind({"score": "total", "rank": "rank"}.get(kind or "", "ignore"), "总分",
                                 rank_level=rank_level(metric) if kind == "rank" else None)  # fmt: skip
            if kind == "item":
                return LabelKind("item", subject, item=metric)
            if kind == "rank":
                return LabelKind("rank", subject, rank_level=rank_level(metric))
            return LabelKind(kind or "unknown", subject)
        inner = classify_label("", metric, subjects)
        return inner if inner.role != "unknown" else LabelKind("unknown")
    label = group or metric
    if not label:
        return LabelKind("ignore")
    role = person_role(label)
    if role:
        return LabelKind(role)
    lowered = label.lower()
    if label in subjects or label in SUBJECTS:
        return LabelKind("score", label)
    if label in TOTAL_LABELS or lowered in TOTAL_LABELS:
        return LabelKind("total", "总分")
    if label in LONG_SCORE_WORDS:
        return LabelKind("long_score")
    if _RANK.fullmatch(label) or (_RANK.search(label) and not split_subject(label, subjects)
                                   and not _is_total(label)):  # fmt: skip
        return LabelKind("rank", None, rank_level=rank_level(label))  # subject: the column before it
    if label in PART_WORDS:
        return LabelKind("part")
    if _ITEM.match(label):
        return LabelKind("item", None, item=label)
    if label in IGNORE_WORDS or label in GRADE_WORDS:
        return LabelKind("ignore")
    if _is_total(label):
        kind = metric_role(label[2:].strip(_SEPARATORS)) if label.startswith("总分") else None
        if kind == "rank":
            return LabelKind("rank", "总分", rank_level=rank_level(label))
        if kind == "score":
            return LabelKind("total", "总分")
        return LabelKind("ignore", "总分")  # 总分(物理)(赋分) and the like: another system's variant
    split = split_subject(label, subjects)
    if split:
        subject, rest = split
        kind = metric_role(rest)
        if kind == "item":
            return LabelKind("item", subject, item=rest)
        if kind == "rank":
            return LabelKind("rank", subject, rank_level=rank_level(rest))
        if kind in ("score", "scaled", "part", "ignore"):
            return LabelKind(kind, subject)
    return LabelKind("unknown")


def _is_total(label: str) -> bool:
    return label.startswith(("总分", "总成绩")) or label.lower() == "total"


def find_subject(texts: Collection[str]) -> str | None:
    """The first subject named in titles, a sheet name or a file name (longest name wins)."""
    for text in texts:
        norm = normalize(text)
        for subject in _SUBJECTS_LONGEST_FIRST:
            if subject in norm and subject != "听力":
                return subject
    return None
