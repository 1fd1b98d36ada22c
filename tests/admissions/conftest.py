"""Admissions DB and web tests: the seeded small county with one user of every role (copied per test), and
``loaded``: zones, places and 40 applications on the registry's schools."""

from __future__ import annotations

import pytest

from junheng.admissions.core import AdmissionSettings
from junheng.admissions.store import applications, setup
from junheng.admissions.store.years import save_settings, settings_for
from tests.admissions.workbooks import registry_files
from tests.ledger.seeded import _seeded_sources, deployment, web_deployment  # noqa: F401
from tests.web.conftest import app, client_for  # noqa: F401

YEAR = 2025


@pytest.fixture
def loaded(deployment, tmp_path):  # noqa: F811
    z, s, a = registry_files(tmp_path)
    with deployment.db.transaction() as session:
        save_settings(session, AdmissionSettings(year=YEAR), "admin")
        setup.import_zones(session, YEAR, z, "admin")
        setup.import_places(session, YEAR, s, "admin", settings_for(session, YEAR))
        applications.import_applications(session, YEAR, a, "admin", deployment.protector)
    return deployment
