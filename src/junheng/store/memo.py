"""Per-process caches of derived figures (a page's summary, a home tile), keyed by what they are of and by the
revisions of the modules whose tables they read (``junheng.store.revision``): a figure is computed once per
change of those data, and the first request after an import, an undo or an edit computes it again. A write to
another module (a contact note on a 控辍保学 case) leaves it alone.

One computation per key at a time: when twenty users open a page whose figures the last import made stale,
one computes and the rest wait for its result instead of each doing the same work on a two-core server.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy.orm import Session

from junheng.store import revision

T = TypeVar("T")


class Memo:
    """A least-recently-used map of at most ``size`` results of figures that read the tables of ``reads`` (module
    names as in the registry, ``platform`` for import batches and users)."""

    def __init__(self, reads: tuple[str, ...], size: int = 64):
        if not reads:
            raise ValueError("a memo must say which modules' data its figures read")
        self.reads = tuple(reads)
        self.size = size
        self._results: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key`` at the data's current revision, computed by ``compute()`` when missing.

        Results are shared between requests: callers must not change them (copy first)."""
        if revision.has_uncommitted_writes(session):
            return compute()  # it would see data no other request can see yet, and may roll back
        full = (str(session.get_bind().url), revision.current(session, self.reads), key)
        found = self._lookup(full)
        if found is not _MISSING:
            return found
        with self._lock:
            computing = self._computing.setdefault(full, threading.Lock())
        with computing:
            found = self._lookup(full)  # computed by another request while this one waited
            if found is not _MISSING:
                return found
            try:
                result = compute()
                if not revision.has_uncommitted_writes(session):
                    with self._lock:
                        self._results[full] = result
                        while len(self._results) > self.size:
                            self._results.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop(full, None)
            return result

    def _lookup(self, full: tuple):
        with self._lock:
            if full in self._results:
                self._results.move_to_end(full)
                return self._results[full]
        return _MISSING


_MISSING = object()
