"""Database edge: SQLAlchemy models, sessions and Alembic migrations."""
