import pytest

from pricing.quotes import UnknownRegionError, quote


@pytest.mark.parametrize(
    ("net", "region", "promo", "gross"),
    [
        (10000, "DE", 0, 11900),
        (10000, "de", 10, 10710),
        (999, "CH", 0, 1080),
        (0, "FR", 50, 0),
    ],
)
def test_quote_gross(net: int, region: str, promo: int, gross: int) -> None:
    assert quote(net, region, promo).gross == gross


def test_unknown_region() -> None:
    with pytest.raises(UnknownRegionError):
        quote(100, "XX")


@pytest.mark.parametrize("promo", [-1, 101])
def test_promo_out_of_range(promo: int) -> None:
    with pytest.raises(ValueError, match="promotion"):
        quote(100, "DE", promo)
