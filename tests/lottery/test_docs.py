"""docs/lottery.md must stay true: its worked example and its stand-alone script are checked here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from junheng.lottery.core import (
    commitment,
    derive_seed,
    freeze,
    parse_applicants_csv,
    run_draw,
    seed_text,
    single_school_rules,
)
from junheng.lottery.core.rng import ByteStream

pytestmark = pytest.mark.core

DOC = (Path(__file__).resolve().parents[2] / "docs" / "lottery.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w*)\n(.*?)```", DOC, flags=re.DOTALL)
LIST_TEXT = next(body for lang, body in BLOCKS if body.startswith("applicant_id,tier,sibling_group\n2026001"))
SCRIPT = next(body for lang, body in BLOCKS if lang == "python")
EXPECTED_OUTPUT = next(body for lang, body in BLOCKS if body.startswith("名单指纹"))
SECRET = "9f3c1a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8"
PUBLIC = ("05 11 23 27 31 + 09",)


def worked():
    people = parse_applicants_csv(LIST_TEXT)
    sha = freeze(people).sha256
    seed = derive_seed(sha, SECRET, PUBLIC)
    return people, sha, seed, run_draw(people, seed, single_school_rules(4))


def test_the_worked_example_figures_in_the_document_are_right():
    _, sha, seed, result = worked()
    assert sha in DOC and commitment(SECRET) in DOC and seed in DOC
    assert seed_text(sha, SECRET, PUBLIC).startswith("junheng-lottery-seed-v1\n")
    assert " ".join(result.admitted) in DOC and " ".join(result.waitlist) in DOC
    stream = ByteStream(bytes.fromhex(seed))
    first_bytes = list(stream.take(8))
    assert first_bytes[:7] == [232, 246, 141, 16, 204, 233, 166]  # the table of §4
    numbers = {o.unit.key: o.draw_number for o in result.outcomes}
    assert numbers == {"2026004": 1, "2026005": 2, "2026002": 3, "2026006": 4, "2026009": 5, "2026007": 6,
                       "2026001": 7}
    assert result.receipt("2026002").rule in DOC.replace("\n> ", "")


def test_the_stand_alone_script_reproduces_the_draw(tmp_path):
    _, _, seed, result = worked()
    (tmp_path / "fuhe.py").write_text(SCRIPT, encoding="utf-8")
    (tmp_path / "list.csv").write_bytes(LIST_TEXT.encode("utf-8"))
    out = subprocess.run([sys.executable, str(tmp_path / "fuhe.py"), str(tmp_path / "list.csv"), seed, "4"],
                         capture_output=True, text=True, check=True, encoding="utf-8").stdout
    assert out == EXPECTED_OUTPUT
    assert f"录取 {' '.join(result.admitted)}" in out
