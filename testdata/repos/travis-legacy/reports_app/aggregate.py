"""Aggregation helpers. Kept free of Flask so they are easy to test."""

from collections import defaultdict
from decimal import Decimal

from dateutil import parser as dateparser


def monthly_totals(rows):
    """Sum `amount` per YYYY-MM of `booked_at`.

    rows is an iterable of dicts with `booked_at` (ISO date string) and
    `amount` (string or number). Returns a dict sorted by month.
    """
    totals = defaultdict(Decimal)
    for row in rows:
        month = dateparser.isoparse(row["booked_at"]).strftime("%Y-%m")
        totals[month] += Decimal(str(row["amount"]))
    return dict(sorted(totals.items()))


def growth(totals):
    """Month-over-month growth in percent, rounded to one decimal."""
    months = list(totals)
    result = {}
    for prev, cur in zip(months, months[1:]):
        if totals[prev] == 0:
            result[cur] = None
            continue
        result[cur] = float(round((totals[cur] - totals[prev]) / totals[prev] * 100, 1))
    return result
