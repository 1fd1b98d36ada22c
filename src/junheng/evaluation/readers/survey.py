"""A survey-tool export (问卷星-style: 序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, then one column per
question headed ``"1、题目"``) as responses of a questionnaire."""

from __future__ import annotations

from pathlib import Path

from junheng.evaluation.core.survey import Questionnaire, Response, parse_responses
from junheng.evaluation.readers.tables import read_table
from junheng.io.problems import ImportFailed


def read_responses(q: Questionnaire, path: Path) -> list[Response]:
    """Every response, or ImportFailed with every problem (file, sheet, row, column); nothing partial."""
    path = Path(path)
    sheet, header, rows = read_table(path)
    responses, problems = parse_responses(q, header, rows, path.name, sheet)
    if problems:
        raise ImportFailed(problems)
    if not responses:
        from junheng.io.problems import Problem

        raise ImportFailed([Problem(path.name, sheet, None, "", "没有任何答卷")])
    return responses
