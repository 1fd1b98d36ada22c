"""What the Word reports and the Excel export of a stored exam need beyond the analysis: the default value-added
(总分 on the latest earlier exam of the cohort), item analyses, and the check of a bureau's docxtpl template."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from junheng.scores.core.items import ItemAnalysis
from junheng.scores.core.model import TOTAL, ScoresInputError
from junheng.scores.core.value_added import ValueAddedResult
from junheng.scores.store.queries import LoadedExam, default_prior, load_exam

TEMPLATE_NAMES = {"exam", "school", "subjects", "classes", "struggling", "n_struggling", "value_added", "charts",
                  "generated"}  # fmt: skip


def default_value_added(session: Session, loaded: LoadedExam) -> ValueAddedResult | None:
    """Value-added of the total on the latest earlier exam of the cohort, or None when there is none."""
    from junheng.scores.store.insights import va_result

    prior = default_prior(session, loaded.info)
    if prior is None:
        return None
    try:
        return va_result(session, loaded, [load_exam(session, prior)], TOTAL)
    except ScoresInputError:
        return None


def item_analyses(session: Session, loaded: LoadedExam) -> dict[str, ItemAnalysis]:
    from junheng.scores.store.insights import item_result

    out = {}
    for subject, names in loaded.info.items.items():
        if names.get("items"):
            try:
                out[subject] = item_result(session, loaded, subject)
            except ScoresInputError:
                continue
    return out


def check_template(path: Path) -> list[str]:
    """Placeholders of a docxtpl template that the report context does not provide (empty = usable)."""
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(str(path))
        names = document.get_undeclared_template_variables()
    except Exception as exc:  # a damaged or non-Word file: docx/jinja raise many kinds
        raise ScoresInputError(f"无法读取模板（{type(exc).__name__}）：请上传 .docx 格式的 Word 文件") from exc
    return sorted(set(names) - TEMPLATE_NAMES)
