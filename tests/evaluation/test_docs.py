"""docs/evaluation.md documents every setting (with its default) and every command of both groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from junheng.evaluation.core import EvaluationSettings

pytestmark = pytest.mark.core
DOC = (Path(__file__).resolve().parents[2] / "docs" / "evaluation.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EvaluationSettings.model_fields))
def test_setting_documented(name):
    field = EvaluationSettings.model_fields[name]
    assert f"| {name} | {field.default} | {field.description}" in DOC


@pytest.mark.parametrize(("group", "module"), [("evaluation", "junheng.evaluation.cli"),
                                               ("survey", "junheng.survey.cli")])
def test_commands_documented(group, module):
    import importlib

    app = importlib.import_module(module).app
    for cmd in app.registered_commands:
        assert f"junheng {group} {cmd.name}" in DOC
