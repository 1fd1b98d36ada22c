"""The `junheng balance …` commands."""
