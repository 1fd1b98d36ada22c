"""Where the ledger gets the 优质均衡 shortfall list from: the balance module's published
``junheng.balance.api.current_shortfalls(session)``, found through the module registry (so the ledger works,
and says so, in a deployment without the balance module).

Each row is a ``junheng.balance.core.shortfalls.Shortfall`` or a mapping with ``school_id``, ``school_name``,
``stage``, ``key`` (indicator code), ``indicator`` (its name) and ``text`` (what is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from junheng.modules import MODULES


def provider() -> Callable[..., Any] | None:
    for module in MODULES:
        if module.name == "balance" and (api := module.api()) is not None:
            return getattr(api, "current_shortfalls", None)
    return None


def current_shortfalls(session) -> list[Any] | None:
    """The balance module's current shortfall rows, or None when it does not provide them."""
    fn = provider()
    return None if fn is None else list(fn(session))
