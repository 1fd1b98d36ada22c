"""督导整改台账: the rectification ledger.

Layers: ``core`` (pure; its ``__init__`` is the public API), ``store``, ``web``, ``cli``, ``reports``,
``demo`` (and ``readers``, ``api`` where present) — docs/architecture.md."""
