"""The `junheng retention …` commands."""
