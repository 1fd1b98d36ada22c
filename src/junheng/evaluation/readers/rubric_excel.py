"""The rubric's Excel form (written by ``junheng.evaluation.reports.rubric_excel``) read back into a rubric;
every problem names sheet, row and column."""

from __future__ import annotations

from pathlib import Path

from junheng.evaluation.core.rubric import Rubric, RubricError, parse_rubric
from junheng.evaluation.core.rubric_text import SECTION_NAMES, rule_from_text
from junheng.evaluation.readers.tables import cell_text
from junheng.io.problems import ImportFailed, Problem

SEP = ("、", ",", "，", " ")


def _list(text: str) -> list[str]:
    for s in SEP[1:]:
        text = text.replace(s, SEP[0])
    return [t for t in text.split(SEP[0]) if t]


def read_rubric_excel(path: Path) -> Rubric:
    from junheng.io.workbook import open_workbook

    path = Path(path)
    book = open_workbook(path)
    problems: list[Problem] = []

    def sheet(name):
        if name not in book.sheet_names:
            problems.append(Problem(path.name, name, None, "", f"缺少工作表「{name}」"))
            return []
        rows = book.get_sheet_by_name(name).to_python()
        return [[cell_text(c) for c in r] + [""] * 12 for r in rows]

    meta = {r[0]: r[1] for r in sheet("方案")}
    cats: dict[str, dict] = {}
    for n, r in enumerate(sheet("类别")[1:], start=2):
        if not r[0]:
            continue
        cat = cats.setdefault(r[0], {"id": r[0], "name": r[1] or r[0], "when": []})
        when = {}
        if r[2]:
            when["kind"] = _list(r[2])
        if r[3]:
            when["location"] = _list(r[3])
        if r[4]:
            if r[4] not in ("是", "否"):
                problems.append(Problem(path.name, "类别", n, "中心校", f"「{r[4]}」应为 是 或 否"))
            when["central"] = r[4] == "是"
        if r[5]:
            when["name_contains"] = _list(r[5])
        if when:
            cat["when"].append(when)
    dims = [{"id": r[0], "name": r[1]} for r in sheet("维度")[1:] if r[0]]
    inds = []
    for n, r in enumerate(sheet("指标")[1:], start=2):
        if not r[0]:
            continue
        try:
            weight = float(r[3])
        except ValueError:
            problems.append(Problem(path.name, "指标", n, "权重", f"「{r[3]}」不是数字"))
            continue
        ind = {"id": r[0], "name": r[1], "dimension": r[2], "weight": weight, "evidence": r[9], "note": r[10]}
        if r[4] == "数据":
            ind.update(kind="figure", source=r[5])
            how = {v: k for k, v in SECTION_NAMES.items()}.get(r[11])
            if how is None:
                problems.append(Problem(path.name, "指标", n, "学部合成",
                                        f"「{r[11]}」应为空或 取较低者、取较高者、相加、取平均"))
                continue
            ind["sections"] = how
            try:
                ind["rule"] = rule_from_text(r[6], r[7]).model_dump()
            except ValueError as exc:
                problems.append(Problem(path.name, "指标", n, "规则参数", str(exc)))
                continue
        elif r[4] == "评分":
            ind.update(kind="judgement")
            if r[8]:
                try:
                    ind["max"] = float(r[8])
                except ValueError:
                    problems.append(Problem(path.name, "指标", n, "评分满分", f"「{r[8]}」不是数字"))
        else:
            problems.append(Problem(path.name, "指标", n, "类型", f"「{r[4]}」应为 数据 或 评分"))
            continue
        inds.append(ind)
    schools = {}
    if "指定学校" in book.sheet_names:
        schools = {r[0]: r[1] for r in sheet("指定学校")[1:] if r[0]}
    if problems:
        raise ImportFailed(problems)
    data = {"name": meta.get("方案名称", path.stem), "basis": meta.get("依据", ""),
            "fallback": meta.get("兜底类别", ""), "categories": list(cats.values()), "dimensions": dims,
            "indicators": inds, "schools": schools}
    try:
        return parse_rubric(data, f"{path.name} ")
    except RubricError as exc:
        raise ImportFailed([Problem(path.name, "", None, "", str(exc))]) from exc
