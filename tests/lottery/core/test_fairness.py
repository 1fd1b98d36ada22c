"""Over many seeds every applicant of a tier is admitted with the expected frequency (chi-square).

Seeds are fixed (SHA-256 of "seed-<k>"), so the test is deterministic. With m of k admitted per draw the
counts are not independent: their covariance is N·p(1−p)·k/(k−1)·(I − 11ᵀ/k), so the statistic
Σ(Oᵢ − Np)² / (N·p(1−p)·k/(k−1)) follows χ² with k − 1 degrees of freedom.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from scipy import stats

from junheng.lottery.core import Applicant, run_draw, single_school_rules

pytestmark = pytest.mark.core

N_SEEDS = 2000


def fixed_seeds(n: int = N_SEEDS) -> list[str]:
    return [hashlib.sha256(f"seed-{k}".encode()).hexdigest() for k in range(n)]


def admission_pvalue(counts: list[int], n: int, p: float) -> float:
    k = len(counts)
    scale = n * p * (1 - p) * k / (k - 1)
    statistic = sum((c - n * p) ** 2 for c in counts) / scale
    return float(stats.chi2.sf(statistic, k - 1))


def run_many(people, seats):
    counts: Counter[str] = Counter()
    for seed in fixed_seeds():
        counts.update(run_draw(people, seed, single_school_rules(seats)).admitted)
    return counts


def test_one_tier_each_applicant_admitted_with_probability_seats_over_n():
    people = [Applicant(f"A{i}", 1) for i in range(10)]
    counts = run_many(people, 3)
    assert admission_pvalue([counts[a.applicant_id] for a in people], N_SEEDS, 0.3) > 0.001


def test_two_tiers_first_tier_always_in_second_tier_evenly():
    people = [Applicant(f"P{i}", 1) for i in range(4)] + [Applicant(f"Q{i}", 2) for i in range(6)]
    counts = run_many(people, 6)
    assert all(counts[f"P{i}"] == N_SEEDS for i in range(4))
    assert admission_pvalue([counts[f"Q{i}"] for i in range(6)], N_SEEDS, 2 / 6) > 0.001


def test_sibling_group_drawn_as_one_unit_has_a_uniform_draw_number():
    people = [Applicant("T1", 1, "G"), Applicant("T2", 1, "G")] + [Applicant(f"S{i}", 1) for i in range(5)]
    numbers = Counter()
    for seed in fixed_seeds():
        numbers[run_draw(people, seed, single_school_rules(3)).receipt("T1").draw_number] += 1
    assert stats.chisquare([numbers[k] for k in range(1, 7)]).pvalue > 0.001


def test_the_statistic_rejects_a_biased_lottery():
    """The check can fail: a lottery that favours low ids (admitting A0 always) is rejected."""
    counts = [N_SEEDS] + [int(N_SEEDS * 2 / 9)] * 9
    assert admission_pvalue(counts, N_SEEDS, 0.3) < 1e-6
