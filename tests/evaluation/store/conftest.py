"""A deployment with the small test county's registry (three schools) for the evaluation's storage tests."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from junheng.registry.store.importer import import_registry

SCHOOLS = ("2133010001", "2133010002", "2133010003")   # urban primary, urban middle, rural nine-year


@pytest.fixture
def county(deployment, registry_file):
    with deployment.db.transaction() as session:
        import_registry(session, registry_file, "setup", deployment.protector)
    return deployment


def write_export(path, header, rows):
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(header)
    for r in rows:
        book.active.append(r)
    book.save(path)
    return path
