from fastapi.testclient import TestClient


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_quote(client: TestClient) -> None:
    res = client.get("/v1/quote", params={"net": 10000, "region": "NL"})
    assert res.status_code == 200
    assert res.json()["gross"] == 12100


def test_quote_unknown_region(client: TestClient) -> None:
    assert client.get("/v1/quote", params={"net": 1, "region": "XX"}).status_code == 404


def test_metrics_exposed(client: TestClient) -> None:
    client.get("/v1/quote", params={"net": 1, "region": "DE"})
    assert "pricing_quotes_total" in client.get("/metrics/").text
