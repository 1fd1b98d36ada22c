"""Shared analytics foundation: the engine the heavy computations run in (docs/scale.md).

Pure like a module's core (no web, ORM, Excel or CLI library): every module's core may use it.
"""
