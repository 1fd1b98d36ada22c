"""A deployment: settings, database and the ID protector, built together from explicit settings."""

from __future__ import annotations

from dataclasses import dataclass

from junheng.config import Settings
from junheng.store.db import Database
from junheng.store.protect import IdProtector


@dataclass
class Deployment:
    settings: Settings
    db: Database
    protector: IdProtector

    @classmethod
    def open(cls, settings: Settings | None = None, migrate: bool = True) -> Deployment:
        settings = settings or Settings()
        db = Database(settings)
        if migrate:
            db.migrate()
        return cls(settings, db, IdProtector(settings.resolved_secret_key()))
