"""Login lockout (per username and per client address), in memory per process.

``limit`` failures within a minute lock the key for ``lockout_seconds``; while locked even the right password
is refused, and the message says how long to wait. A successful login clears its keys. One process (``junheng
serve``) holds all counts; behind several workers each keeps its own (docs/security.md).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, attempts_per_minute: int, lockout_seconds: float = 15 * 60,
                 clock: Callable[[], float] = time.monotonic):
        self.limit = attempts_per_minute
        self.lockout_seconds = lockout_seconds
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}

    def wait_seconds(self, *keys: str) -> float:
        """How long the most locked of these keys must still wait (0: none is locked)."""
        now = self._clock()
        wait = 0.0
        for k in keys:
            until = self._locked_until.get(k)
            if until is None:
                continue
            if until <= now:
                del self._locked_until[k]
            else:
                wait = max(wait, until - now)
        return wait

    def blocked(self, *keys: str) -> bool:
        return self.wait_seconds(*keys) > 0

    def fail(self, *keys: str) -> None:
        now = self._clock()
        for k in keys:
            q = self._failures.setdefault(k, deque())
            while q and now - q[0] > 60:
                q.popleft()
            q.append(now)
            if len(q) >= self.limit:
                self._locked_until[k] = now + self.lockout_seconds
                del self._failures[k]
        if len(self._failures) > 10_000:  # a flood of made-up usernames must not grow memory without end
            self._failures = {k: q for k, q in self._failures.items() if now - q[-1] <= 60}

    def reset(self, *keys: str) -> None:
        for k in keys:
            self._failures.pop(k, None)
            self._locked_until.pop(k, None)
