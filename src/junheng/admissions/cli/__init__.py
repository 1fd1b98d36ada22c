"""``junheng admissions …`` commands (files.py: without a database)."""
