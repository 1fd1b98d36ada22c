"""Where the ledger gets the 优质均衡 shortfall list from (the balance module, built separately).

Contract asked of the balance module: ``junheng.balance.store.queries.current_shortfalls(session)`` returning the
current shortfall rows — ``junheng.balance.core.shortfalls.Shortfall`` objects or mappings with ``school_id``,
``school_name``, ``stage``, ``key`` (indicator code), ``indicator`` (its name) and ``text`` (what is missing).
Until it exists, the web action says so and ``service.create_items_from_shortfalls`` can still be called with
hand-made rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

PROVIDER = ("junheng.balance.store.queries", "current_shortfalls")


def provider() -> Callable[..., Any] | None:
    module_name, name = PROVIDER
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name in (module_name, module_name.rpartition(".")[0]):
            return None
        raise
    fn = getattr(module, name, None)
    return fn if callable(fn) else None


def current_shortfalls(session) -> list[Any] | None:
    """The balance module's current shortfall rows, or None when it does not provide them (yet)."""
    fn = provider()
    return None if fn is None else list(fn(session))
