"""docs/admissions.md must stay true: every setting, every tier, every published figure and CLI command."""

from __future__ import annotations

from pathlib import Path

import pytest

from junheng.admissions.api import FIGURES
from junheng.admissions.core import AdmissionSettings, default_tiers

pytestmark = pytest.mark.core
DOC = (Path(__file__).resolve().parents[2] / "docs" / "admissions.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(AdmissionSettings.model_fields))
def test_every_setting_is_documented_with_its_default(name):
    default = AdmissionSettings.model_fields[name].default
    assert f"| {name} | {default} |" in DOC


def test_every_tier_and_figure_is_documented():
    for t in default_tiers():
        assert f"第 {t.tier} 类" in DOC
    for key in FIGURES:
        assert f"| {key} |" in DOC


@pytest.mark.parametrize("command", ["template zones", "template applications", "template seats",
                                     "admissions zones", "admissions lookup", "admissions allocate"])
def test_every_command_is_documented(command):
    assert f"junheng {command}" in DOC
