"""Admissions DB and web tests: the seeded small county with one user of every role (copied per test)."""

from tests.ledger.seeded import _seeded_sources, deployment, web_deployment  # noqa: F401
from tests.web.conftest import app, client_for  # noqa: F401
