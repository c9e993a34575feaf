"""Tiny HTTP front end: the billing run POSTs invoices here."""

import base64

from flask import Flask, jsonify, request

from src.mailer import Invoice, send

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


@app.post("/invoices")
def post_invoice():
    body = request.get_json(force=True)
    invoice = Invoice(
        number=body["number"],
        customer_email=body["email"],
        customer_name=body["name"],
        total_cents=int(body["total_cents"]),
    )
    send(invoice, base64.b64decode(body["pdf_base64"]))
    return jsonify(status="sent"), 202
