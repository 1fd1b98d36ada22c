"""The national student fitness data system's upload layout (国家学生体质健康标准数据管理系统 上报模板) as a sheet
spec: the template users fill and the export this module writes back.

Times are 分'秒 in the long runs (3'45) and seconds with one decimal in 50米跑; blank = not tested.
"""

from __future__ import annotations

from junheng.io.spec import Column, SheetSpec

IDENTITY = (
    Column("grade_code", "年级编号", "text", help="11–16 = 小学一至六年级，21–23 = 初一至初三"),
    Column("class_code", "班级编号", "text", required=False),
    Column("class_name", "班级名称", "text", required=False),
    Column("student_id", "学籍号", "text", help="全国学籍号（G + 身份证号或系统编号）"),
    Column("nation", "民族代码", "text", required=False, help="两位民族代码，如 01 汉族"),
    Column("name", "姓名", "text"),
    Column("sex", "性别", "code", choices=("1", "2"), help="1 = 男，2 = 女"),
    Column("birth_date", "出生日期", "text", required=False, help="YYYY-MM-DD 或 YYYYMMDD"),
    Column("address", "家庭住址", "text", required=False),
)
ITEM_HEADERS: dict[str, tuple[str, ...]] = {
    "height": ("身高", "身高(cm)", "身高（厘米）"),
    "weight": ("体重", "体重(kg)", "体重（千克）"),
    "vital_capacity": ("肺活量", "肺活量(ml)", "肺活量（毫升）"),
    "run50": ("50米跑", "50米跑(秒)", "50米"),
    "sit_reach": ("坐位体前屈", "坐位体前屈(cm)", "坐位体前屈（厘米）"),
    "rope": ("一分钟跳绳", "1分钟跳绳", "跳绳"),
    "situp": ("一分钟仰卧起坐", "1分钟仰卧起坐", "仰卧起坐"),
    "shuttle50x8": ("50米×8往返跑", "50米*8往返跑", "50米x8往返跑", "50×8往返跑"),
    "long_jump": ("立定跳远", "立定跳远(cm)"),
    "pullup": ("引体向上",),
    "run800": ("800米跑", "800米"),
    "run1000": ("1000米跑", "1000米"),
}
ITEM_HELP = {
    "height": "厘米，一位小数", "weight": "千克，一位小数", "vital_capacity": "毫升，整数", "run50": "秒，一位小数",
    "sit_reach": "厘米，一位小数，可为负", "rope": "次", "situp": "次", "shuttle50x8": "分'秒，如 1'45",
    "long_jump": "厘米", "pullup": "次（初中男生）", "run800": "分'秒，如 3'50（初中女生）",
    "run1000": "分'秒，如 4'05（初中男生）",
}
ITEMS = tuple(ITEM_HEADERS)
UPLOAD = SheetSpec(
    name="体测成绩",
    table="health_fitness_result",
    columns=(*IDENTITY, *(Column(k, v[0], "text", required=False, help=ITEM_HELP[k], aliases=v[1:])
                          for k, v in ITEM_HEADERS.items())),
    key=("student_id",),
    description="国家学生体质健康标准数据上报格式（每校一表或全县一表；全县一表时加「学校标识码」列）",
)
SCHOOL_HEADERS = ("学校标识码", "学校代码", "学校编码")
