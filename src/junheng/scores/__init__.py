"""教学质量监测: exam analytics (DESIGN §4.3).

Layers: ``core`` (pure; its ``__init__`` is the public API), ``store``, ``web``, ``cli``, ``reports``,
``demo`` (and ``readers``, ``api`` where present) — docs/architecture.md."""
