"""Storage: tables, queries, import batches and services (no web import)."""
