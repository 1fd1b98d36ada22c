"""Admissions reports: the results workbook (Excel) and the admission notice (Word)."""
