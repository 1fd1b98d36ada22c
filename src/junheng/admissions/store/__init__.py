"""Admissions storage: tables, imports (one batch each, undoable), review decisions, allocation."""
