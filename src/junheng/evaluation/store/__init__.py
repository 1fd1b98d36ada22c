"""Storage of the evaluation module."""
