import pytest

from worker import parse_ping


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({b"vehicle": b"v-1", b"lat": b"52.52", b"lon": b"13.40", b"ts": b"2024-07-10T08:00:00Z"}, True),
        ({b"vehicle": b"v-1", b"lat": b"95", b"lon": b"13.40"}, False),
        ({b"vehicle": b"v-1", b"lat": b"north", b"lon": b"13.40"}, False),
        ({b"vehicle": b"v-1"}, False),
    ],
)
def test_parse_ping(fields: dict[bytes, bytes], ok: bool) -> None:
    assert (parse_ping(fields) is not None) is ok
