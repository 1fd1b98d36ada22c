"""The `junheng scores …` commands."""
