"""The shared nouns (DESIGN §3): county, townships, schools and their sections, classes, teachers, students.

Pure helpers only; the Excel edge is ``junheng.registry.reports.excel`` and the database write path is
``junheng.registry.store.importer``.
"""

from junheng.registry.core.codes import (
    BACKBONE_LEVELS,
    EDUCATION_LEVELS,
    SCHOOL_KINDS,
    SUBJECTS,
    TITLES,
    mask_id_number,
    sections_for_kind,
    valid_id_number,
)

__all__ = [
    "BACKBONE_LEVELS", "EDUCATION_LEVELS", "SCHOOL_KINDS", "SUBJECTS", "TITLES", "mask_id_number",
    "sections_for_kind", "valid_id_number",
]
