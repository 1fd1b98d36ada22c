"""Where the ledger gets the 优质均衡 shortfall list from: the balance module's published
``junheng.balance.api.current_shortfalls(session)``, found through the module registry (so the ledger works,
and says so, in a deployment without the balance module).

Each row is a ``junheng.balance.core.shortfalls.Shortfall`` or a mapping with ``school_id``, ``school_name``,
``stage``, ``key`` (indicator code), ``indicator`` (its name) and ``text`` (what is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from junheng.modules import api_of


def provider() -> Callable[..., Any] | None:
    api = api_of("balance")
    return None if api is None else getattr(api, "current_shortfalls", None)


def current_shortfalls(session) -> list[Any] | None:
    """The balance module's current shortfall rows, or None when it does not provide them."""
    fn = provider()
    return None if fn is None else list(fn(session))
