from tests.web.conftest import app, client_for, web_deployment  # noqa: F401
