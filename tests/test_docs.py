"""Documentation that must stay true: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.core
ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    from junheng.config import Settings

    doc = (ROOT / "docs" / "settings.md").read_text()
    for name, field in Settings.model_fields.items():
        assert f"| {name} |" in doc, f"docs/settings.md lacks {name}"
        assert field.description, f"setting {name} has no help text"


def test_every_cli_command_has_help():
    import typer.main

    from junheng.cli import app

    group = typer.main.get_command(app)

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            assert (sub.help or "").strip(), f"`junheng {path}{name}` has no help text"
            walk(sub, f"{path}{name} ")

    walk(group, "")


def test_readme_gives_the_two_commands_first_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text()
