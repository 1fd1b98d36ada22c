"""Verifiable admissions lottery (电脑随机派位), pure core.

Freeze the list (``freeze`` → SHA-256 to publish), commit to a secret (``make_secret``, ``commitment``),
derive the seed at the draw (``derive_seed``), draw (``run_draw``), publish (``result_to_dict`` /
``write_result_file``) and let anyone verify (``verify_draw``). The algorithm is described for parents in
docs/lottery.md. Excel import lives in ``junheng.lottery.reports.excel`` (not imported here).
"""

from junheng.lottery.core.canon import FrozenList, canonical_csv, check_applicants, freeze, list_sha256
from junheng.lottery.core.csvio import parse_applicants_csv, read_applicants_csv
from junheng.lottery.core.draw import make_units, run_draw
from junheng.lottery.core.model import (
                                   ALGORITHM,
                                   Applicant,
                                   LotteryInputError,
                                   LotteryRules,
                                   Round,
                                   School,
                                   rules_from_dict,
                                   rules_to_dict,
                                   single_school_rules,
)
from junheng.lottery.core.outcome import Admission, DrawResult, Receipt, UnitOutcome
from junheng.lottery.core.resultfile import load_result, read_result_file, result_to_dict, write_result_file
from junheng.lottery.core.rng import ByteStream, randbelow_from, shuffle
from junheng.lottery.core.seed import (
                                   SeedSource,
                                   check_commitment,
                                   commitment,
                                   derive_seed,
                                   make_secret,
                                   seed_text,
)
from junheng.lottery.core.verify import Difference, Verification, verify_draw

__all__ = [
    "ALGORITHM", "Admission", "Applicant", "ByteStream", "Difference", "DrawResult", "FrozenList",
    "LotteryInputError", "LotteryRules", "Receipt", "Round", "School", "SeedSource", "UnitOutcome",
    "Verification", "canonical_csv", "check_applicants", "check_commitment", "commitment", "derive_seed",
    "freeze", "list_sha256", "load_result", "make_secret", "make_units", "parse_applicants_csv",
    "randbelow_from", "read_applicants_csv", "read_result_file", "result_to_dict", "rules_from_dict",
    "rules_to_dict", "run_draw", "seed_text", "shuffle", "single_school_rules", "verify_draw",
    "write_result_file",
]
