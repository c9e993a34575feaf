from decimal import Decimal

import pytest

from reports_app.aggregate import growth, monthly_totals


def test_monthly_totals_groups_by_month():
    rows = [
        {"booked_at": "2021-01-05", "amount": "10.50"},
        {"booked_at": "2021-01-31", "amount": 4},
        {"booked_at": "2021-02-01", "amount": "20"},
    ]
    assert monthly_totals(rows) == {"2021-01": Decimal("14.50"), "2021-02": Decimal("20")}


@pytest.mark.parametrize(
    "totals, expected",
    [
        ({"2021-01": Decimal(100), "2021-02": Decimal(150)}, {"2021-02": 50.0}),
        ({"2021-01": Decimal(0), "2021-02": Decimal(10)}, {"2021-02": None}),
        ({"2021-01": Decimal(80)}, {}),
    ],
)
def test_growth(totals, expected):
    assert growth(totals) == expected
