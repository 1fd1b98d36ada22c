"""Pausing Python's cycle collector while a draw builds or reads its hundreds of thousands of small objects.

A draw of 100,000 applicants allocates millions of tuples, receipts and dicts; none of them form reference
cycles, yet the cycle collector walks the growing heap again and again while they are made (about half of
the time of a draw, a verification or a read of the result file). Reference counting still frees everything
at once; the collector is only paused for the call and restored to its state before, so nested calls are
fine. Nothing about the draw's results depends on it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cycle collector paused (restored afterwards, also on errors)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper
