from pathlib import Path

import pytest

from junheng.teachers.core.settings import TeacherSettings

pytestmark = pytest.mark.core
DOC = Path(__file__).resolve().parents[2] / "docs" / "teachers.md"


def test_every_setting_is_documented_with_help():
    text = DOC.read_text(encoding="utf-8")
    for name, field in TeacherSettings.model_fields.items():
        assert f"| {name} |" in text, name
        assert field.description, name


def test_every_published_figure_is_documented():
    from junheng.teachers.api import FIGURES

    text = DOC.read_text(encoding="utf-8")
    assert all(key in text for key in FIGURES)
