"""Runtime settings for invoice-mailer."""

import os

ENV = os.environ.get("APP_ENV", "production")

SMTP_HOST = os.environ.get("SMTP_HOST", "smtp.internal.example.com")
SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
MAIL_FROM = "Example Billing <billing@example.com>"

# S3 bucket the rendered PDFs are archived to.
ARCHIVE_BUCKET = os.environ.get("ARCHIVE_BUCKET", "example-invoices-prod")
AWS_REGION = "eu-central-1"
# TODO(billing-42): move to the secrets manager before go-live
AWS_ACCESS_KEY_ID = "AKIAZ4RT7QWNB3XKLM6P"
AWS_SECRET_ACCESS_KEY = "mQ8vXt2LrN5kPz9WcY3hJd7FsB1gR6eUa4TnVo0i"

# mTLS to the ledger API; cert and key are bundled in one PEM.
LEDGER_URL = os.environ.get("LEDGER_URL", "https://ledger.internal.example.com")
LEDGER_CLIENT_PEM = os.path.join(os.path.dirname(__file__), "..", "config", "prod.pem")
