"""Verify a published draw offline: re-run it from the list, seed and rules and name every difference.

Checks, in order (docs/lottery.md §7):
1. ``list_sha256`` — the SHA-256 of the given list equals the file's (and the hash announced before the draw,
   when given);
2. ``seed`` — when the file records its source, the revealed secret matches its commitment and the seed is
   the SHA-256 of the source text; when the announced seed is given, it equals the file's;
3. the draw is re-run with the file's seed and rules on the given list; ``admitted``, ``waitlist``,
   ``admissions`` and ``receipts`` must equal the file's exactly (same people, same order).
A seed changed without a recorded source is caught by step 3 (the results no longer follow from it) or, by
name, with the announced seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from junheng.lottery.core.canon import freeze
from junheng.lottery.core.draw import run_draw
from junheng.lottery.core.model import Applicant, LotteryInputError, rules_from_dict
from junheng.lottery.core.nogc import without_gc
from junheng.lottery.core.outcome import DrawResult
from junheng.lottery.core.resultfile import result_to_dict
from junheng.lottery.core.seed import SeedSource, check_commitment, derive_seed, parse_hex


@dataclass(frozen=True)
class Difference:
    """One mismatch: ``part`` is the result-file key concerned, ``message`` says what differs, in Chinese."""

    part: str
    message: str

    def __str__(self) -> str:
        return f"[{self.part}] {self.message}"


@dataclass(frozen=True)
class Verification:
    differences: tuple[Difference, ...]
    recomputed: DrawResult | None

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.part for d in self.differences))


def _few(ids: Sequence[str], limit: int = 10) -> str:
    shown = "、".join(ids[:limit])
    return shown + (f" 等 {len(ids)} 人" if len(ids) > limit else "")


def compare_ids(part: str, label: str, published: Sequence[Any], recomputed: Sequence[Any]) -> Difference | None:
    """None when equal; else a Difference naming who is extra, who is missing, or where the order differs."""
    published, recomputed = list(published), list(recomputed)
    if published == recomputed:
        return None
    pub, rec = set(map(str, published)), set(map(str, recomputed))
    extra = [str(x) for x in published if str(x) not in rec]
    missing = [str(x) for x in recomputed if str(x) not in pub]
    if extra or missing:
        bits = []
        if extra:
            bits.append(f"文件中有而重算结果中没有：{_few(extra)}")
        if missing:
            bits.append(f"重算结果中有而文件中没有：{_few(missing)}")
        return Difference(part, f"{label}与重算结果不符，" + "；".join(bits))
    if len(published) != len(recomputed):
        return Difference(part, f"{label}与重算结果人数不同（文件 {len(published)}，重算 {len(recomputed)}）")
    i = next(k for k, (a, b) in enumerate(zip(published, recomputed)) if a != b)
    return Difference(part, f"{label}人员相同但顺序不同：自第 {i + 1} 位起文件为 {published[i]}，重算为 {recomputed[i]}")


def _seed_checks(published: Mapping[str, Any], expected_seed: str | None) -> tuple[list[Difference], bool]:
    """Differences about the seed, and whether the seed is usable for a re-run."""
    out: list[Difference] = []
    seed = str(published["seed"]).strip().lower()
    try:
        parse_hex(seed, "种子")
    except LotteryInputError as exc:
        return [Difference("seed", f"文件中的种子无效：{exc}")], False
    if expected_seed is not None and expected_seed.strip().lower() != seed:
        out.append(Difference("seed", f"文件中的种子 {seed} 与现场公布的种子 {expected_seed.strip().lower()} 不符"))
    raw = published.get("seed_source")
    if raw:
        source = SeedSource.from_dict(raw)
        try:
            if source.secret and source.commitment and not check_commitment(source.secret, source.commitment):
                out.append(Difference("seed", "揭示的秘密与抽签前公布的承诺值（commitment）不符"))
            derived = derive_seed(str(published["list_sha256"]), source.secret, source.public_values)
        except LotteryInputError as exc:
            out.append(Difference("seed", f"种子来源无效：{exc}"))
        else:
            if derived != seed:
                out.append(Difference("seed", f"文件中的种子 {seed} 不是由记录的秘密/公开数值算出的（应为 {derived}）"))
    return out, True


@without_gc
def verify_draw(published: Mapping[str, Any], applicants: Iterable[Applicant], *,
                expected_seed: str | None = None, expected_list_sha256: str | None = None,
                expected_commitment: str | None = None) -> Verification:
    """Re-run the draw and compare; ``published`` is the parsed result file, ``applicants`` the published list."""
    diffs: list[Difference] = []
    frozen = freeze(applicants)
    file_sha = str(published["list_sha256"]).strip().lower()
    if frozen.sha256 != file_sha:
        diffs.append(Difference("list_sha256", f"名单不符：所给名单的 SHA-256 为 {frozen.sha256}，"
                                               f"结果文件记录的为 {file_sha}（名单被改动，或不是同一份名单）"))
    if expected_list_sha256 is not None and expected_list_sha256.strip().lower() != file_sha:
        diffs.append(Difference("list_sha256", f"结果文件记录的名单哈希 {file_sha} 与抽签前公布的 "
                                               f"{expected_list_sha256.strip().lower()} 不符"))
    count = published.get("applicant_count")
    if count is not None and count != len(frozen):
        diffs.append(Difference("applicant_count", f"人数不符：文件记录 {count} 人，所给名单 {len(frozen)} 人"))
    if expected_commitment is not None:
        recorded = str((published.get("seed_source") or {}).get("commitment", ""))
        if recorded.lower() != expected_commitment.strip().lower():
            diffs.append(Difference("seed", f"文件中的承诺值「{recorded}」与事先公布的承诺值不符"))
    seed_diffs, seed_usable = _seed_checks(published, expected_seed)
    diffs.extend(seed_diffs)
    try:
        rules = rules_from_dict(published["rules"])
    except LotteryInputError as exc:
        diffs.append(Difference("rules", f"结果文件中的派位规则无效：{exc}"))
        return Verification(tuple(diffs), None)
    if not seed_usable:
        return Verification(tuple(diffs), None)
    try:
        result = run_draw(frozen, str(published["seed"]).strip(), rules)
    except LotteryInputError as exc:
        diffs.append(Difference("rules", f"按文件中的规则无法重算：{exc}"))
        return Verification(tuple(diffs), None)
    again = result_to_dict(result)
    for part, label in (("admitted", "录取名单"), ("waitlist", "候补名单")):
        d = compare_ids(part, label, published[part], again[part])
        if d:
            diffs.append(d)
    if "admissions" in published and published["admissions"] != again["admissions"]:
        diffs.append(Difference("admissions", "各轮次、各学校的录取明细与重算结果不符"))
    if "receipts" in published and published["receipts"] != again["receipts"]:  # equal lists: nothing to name
        pub = {str(r.get("applicant_id")): r for r in published["receipts"] if isinstance(r, dict)}
        rec = {r["applicant_id"]: r for r in again["receipts"]}
        changed = sorted(k for k in pub.keys() | rec.keys() if pub.get(k) != rec.get(k))
        if changed:
            diffs.append(Difference("receipts", f"以下申请人的回执与重算结果不符：{_few(changed)}"))
    return Verification(tuple(diffs), result)
