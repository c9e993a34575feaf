from app import app


def test_invoices():
    assert app.test_client().get("/invoices").status_code == 200
