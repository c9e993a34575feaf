"""Render invoice e-mails and archive the PDF."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

import boto3

from src import settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invoice:
    number: str
    customer_email: str
    customer_name: str
    total_cents: int
    currency: str = "EUR"


def format_amount(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}".replace(",", "\u202f")


def build_message(invoice: Invoice, pdf: bytes) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.MAIL_FROM
    msg["To"] = invoice.customer_email
    msg["Subject"] = f"Invoice {invoice.number}"
    msg.set_content(
        f"Hello {invoice.customer_name},\n\n"
        f"please find attached invoice {invoice.number} "
        f"over {format_amount(invoice.total_cents, invoice.currency)}.\n"
    )
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{invoice.number}.pdf")
    return msg


def archive(invoice: Invoice, pdf: bytes) -> str:
    s3 = boto3.client(
        "s3",
        region_name=settings.AWS_REGION,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
    )
    key = f"invoices/{invoice.number}.pdf"
    s3.put_object(Bucket=settings.ARCHIVE_BUCKET, Key=key, Body=pdf, ContentType="application/pdf")
    return key


def send(invoice: Invoice, pdf: bytes) -> None:
    with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT) as smtp:
        smtp.starttls()
        smtp.send_message(build_message(invoice, pdf))
    log.info("invoice %s sent, archived at %s", invoice.number, archive(invoice, pdf))
