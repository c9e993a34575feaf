"""Price calculation. Amounts are integers in minor units (cents)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

VAT_RATES: dict[str, Decimal] = {
    "DE": Decimal("0.19"),
    "FR": Decimal("0.20"),
    "NL": Decimal("0.21"),
    "CH": Decimal("0.081"),
}


class UnknownRegionError(ValueError):
    """Raised for a region without a VAT rate."""


@dataclass(frozen=True)
class Quote:
    net: int
    discount: int
    tax: int

    @property
    def gross(self) -> int:
        return self.net - self.discount + self.tax


def quote(net: int, region: str, promo_percent: int = 0) -> Quote:
    """Quote a basket of `net` cents for `region`, with an optional promotion."""
    if net < 0:
        raise ValueError("net amount must not be negative")
    if not 0 <= promo_percent <= 100:
        raise ValueError("promotion must be between 0 and 100 percent")
    try:
        rate = VAT_RATES[region.upper()]
    except KeyError as exc:
        raise UnknownRegionError(region) from exc
    discount = int((Decimal(net) * promo_percent / 100).quantize(Decimal(1), ROUND_HALF_EVEN))
    tax = int(((net - discount) * rate).quantize(Decimal(1), ROUND_HALF_EVEN))
    return Quote(net=net, discount=discount, tax=tax)
