"""The shared nouns (DESIGN §3): county, townships, schools and their sections, classes, teachers, students.

Pure helpers only; the Excel edge is ``junheng.registry.excel`` and the database write path is
``junheng.registry.importer``.
"""

from junheng.registry.codes import (
    BACKBONE_LEVELS, EDUCATION_LEVELS, SCHOOL_KINDS, SUBJECTS, TITLES, mask_id_number, sections_for_kind,
    valid_id_number,
)

__all__ = [
    "BACKBONE_LEVELS", "EDUCATION_LEVELS", "SCHOOL_KINDS", "SUBJECTS", "TITLES", "mask_id_number",
    "sections_for_kind", "valid_id_number",
]
