import os

import pytest
from fastapi.testclient import TestClient

os.environ.setdefault("TRACING_ENABLED", "false")


@pytest.fixture
def client() -> TestClient:
    from pricing.main import app

    return TestClient(app)
