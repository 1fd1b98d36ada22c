"""控辍保学 (DESIGN §4.4).

Layers: ``core`` (pure; its ``__init__`` is the public API), ``store``, ``web``, ``cli``, ``reports``,
``demo`` (and ``readers``, ``api`` where present) — docs/architecture.md."""
