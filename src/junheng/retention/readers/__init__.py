"""Readers of the files users bring (Excel, CSV)."""
