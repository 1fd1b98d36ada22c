"""Lottery DB and web tests: the web fixtures (a small county with one user of every role), with the seeded
database copied per test instead of rebuilt (tests/ledger/seeded.py)."""

from tests.ledger.seeded import _seeded_sources, deployment, web_deployment  # noqa: F401
from tests.web.conftest import app, client_for  # noqa: F401
