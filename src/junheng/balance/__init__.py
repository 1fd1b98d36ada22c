"""优质均衡 / 基本均衡 (DESIGN §4.1–4.2).

Layers: ``core`` (pure; its ``__init__`` is the public API), ``store``, ``web``, ``cli``, ``reports``,
``demo`` (and ``readers``, ``api`` where present) — docs/architecture.md."""
