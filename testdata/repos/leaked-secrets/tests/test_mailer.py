import pytest

from src.mailer import Invoice, build_message, format_amount


@pytest.mark.parametrize(
    ("cents", "currency", "want"),
    [(123456, "EUR", "1\u202f234.56 EUR"), (99, "USD", "0.99 USD")],
)
def test_format_amount(cents, currency, want):
    assert format_amount(cents, currency) == want


def test_build_message_attaches_pdf():
    inv = Invoice("INV-2024-0001", "ada@example.com", "Ada", 4200)
    msg = build_message(inv, b"%PDF-1.7 fake")
    assert msg["Subject"] == "Invoice INV-2024-0001"
    attachments = list(msg.iter_attachments())
    assert attachments[0].get_filename() == "INV-2024-0001.pdf"
