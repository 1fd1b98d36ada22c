"""Write the golden lottery files (run once with the code before issue 15's speed work, commit da524e9):
.venv/bin/python tests/lottery/data/make_golden.py tests/lottery/data — do not rerun to 'fix' a failing test."""
import random
import sys
from pathlib import Path

from junheng.lottery.core import (
    Applicant,
    LotteryRules,
    Round,
    School,
    freeze,
    run_draw,
    single_school_rules,
    write_result_file,
)
from junheng.lottery.core.seed import SeedSource, commitment, derive_seed

out = Path(sys.argv[1])
rng = random.Random(2024)
people, i = [], 0
while len(people) < 240:
    tier = rng.choice((1, 2, 2, 3))
    choices = tuple(rng.sample(["A", "B", "C"], rng.choice((1, 2, 3))))
    if rng.random() < 0.08:
        size = rng.choice((2, 3))
        people += [Applicant(f"2025{i + k:04d}", tier, f"G{i}", choices) for k in range(size)]
        i += size
    else:
        people.append(Applicant(f"2025{i:04d}", tier, "", choices))
        i += 1
rules = LotteryRules(schools=(School("A", "城关一中"), School("B", "城关二中"), School("C", "实验学校")),
                     rounds=(Round("第一志愿", {"A": 30, "B": 25, "C": 20}, choice_rank=1),
                             Round("第二志愿", {"A": 10, "B": 10, "C": 5}, tiers=(1, 2), choice_rank=2),
                             Round("调剂", {"A": 5, "B": 5, "C": 5})), title="示范县城区初中派位")
frozen = freeze(people)
(out / "multi_applicants.csv").write_text(frozen.canonical_csv, encoding="utf-8", newline="\n")
secret = "5f1c2a9be0d34c7f8a6b1e2d3c4f5a6b"
source = SeedSource(secret=secret, commitment=commitment(secret), public_values=("上证指数 3281.62",))
seed = derive_seed(frozen.sha256, secret, source.public_values)
write_result_file(run_draw(frozen, seed, rules), out / "multi_result.json", source)
single = freeze([Applicant(f"{k:05d}", 1 + (k // 2) % 2, f"S{k // 2}" if k < 20 else "") for k in range(150)])
(out / "single_applicants.csv").write_text(single.canonical_csv, encoding="utf-8", newline="\n")
write_result_file(run_draw(single, "ab" * 32, single_school_rules(40, "城关小学")), out / "single_result.json")
