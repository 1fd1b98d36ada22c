"""Number formatting for provenance and report text (Chinese conventions, no thousands separators)."""

from __future__ import annotations

import math


def num(x: float | None, digits: int = 4) -> str:
    """Shortest faithful rendering: integers without decimals, others with up to ``digits`` decimals.

    >>> num(12.0), num(4.210526), num(0.5), num(None)
    ('12', '4.2105', '0.5', '—')
    """
    if x is None:
        return "—"
    x = float(x)
    if math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞"
    if abs(x - round(x)) < 1e-9 * max(1.0, abs(x)):
        return str(round(x))
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def pct(x: float | None, digits: int = 2) -> str:
    """A share as a percentage, e.g. 0.95 → '95%'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return num(100 * x, digits) + "%"
