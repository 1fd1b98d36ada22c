"""``junheng demo generate``."""

from typer.testing import CliRunner

import junheng.demo
from junheng.demo import cli, excel


def test_generate_calls_generator_and_writer(tmp_path, monkeypatch, county):
    seeds, writes = [], []
    monkeypatch.setattr(junheng.demo, "generate_county", lambda seed: seeds.append(seed) or county)

    def fake_write(c, out):
        writes.append(out)
        out.mkdir(parents=True)
        (out / "manifest.json").write_text("{}")
        return [out / "manifest.json"]

    monkeypatch.setattr(excel, "write_county", fake_write)
    result = CliRunner().invoke(cli.app, ["generate", "--seed", "11", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert seeds == [11] and writes == [tmp_path / "out"]
    assert "manifest.json" in result.output and "学生" in result.output


def test_negative_seed_is_refused(tmp_path):
    result = CliRunner().invoke(cli.app, ["generate", "--seed", "-1", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "种子" in result.output


def test_output_must_be_a_directory(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = CliRunner().invoke(cli.app, ["generate", "-o", str(target)])
    assert result.exit_code == 2
    assert "不是目录" in result.output
