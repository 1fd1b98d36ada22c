"""The shared nouns (DESIGN §3): county, townships, schools, classes, teachers, students.

Layers: ``core`` (pure; its ``__init__`` is the public API), ``store``, ``web``, ``cli``, ``reports``,
``demo`` (and ``readers``, ``api`` where present) — docs/architecture.md."""
