import os

from flask import Flask, jsonify
from sqlalchemy import create_engine, text

from reports_app.aggregate import growth, monthly_totals

app = Flask(__name__)
engine = create_engine(os.environ.get("DATABASE_URL", "postgresql://localhost/reports"))


@app.route("/reports/sales")
def sales():
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(text("SELECT booked_at::text, amount FROM bookings"))]
    totals = monthly_totals(rows)
    return jsonify({
        "totals": {k: str(v) for k, v in totals.items()},
        "growth": growth(totals),
    })
