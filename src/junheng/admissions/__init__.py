"""Admissions and school places (招生入学): zoning by address, applications and review, allocation with the
lottery hand-off, 小升初 assignment, seats against demand."""
