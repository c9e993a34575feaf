"""Consumes raw GPS pings from Redis streams and forwards de-duplicated
positions to the api service."""

import json
import os
import signal
import urllib.request

import redis
from loguru import logger

STREAM = os.environ.get("PINGS_STREAM", "fleet:pings")
GROUP = "position-worker"
API_URL = os.environ.get("API_URL", "http://api:8080")

logger.remove()
logger.add(lambda m: print(m, end=""), serialize=True, level=os.environ.get("LOG_LEVEL", "INFO"))

_running = True


def _stop(*_: object) -> None:
    global _running
    _running = False


def parse_ping(fields: dict[bytes, bytes]) -> dict | None:
    """Turn a stream entry into a position payload, or None if it is unusable."""
    try:
        lat = float(fields[b"lat"])
        lon = float(fields[b"lon"])
    except (KeyError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {
        "vehicle_id": fields.get(b"vehicle", b"").decode(),
        "lat": round(lat, 6),
        "lon": round(lon, 6),
        "at": fields.get(b"ts", b"").decode(),
    }


def forward(position: dict) -> None:
    req = urllib.request.Request(
        f"{API_URL}/v1/vehicles/{position['vehicle_id']}/position",
        data=json.dumps(position).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(req, timeout=5).close()  # noqa: S310 - internal URL from config


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://redis:6379/0"))
    try:
        r.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except redis.ResponseError:
        pass
    consumer = os.environ.get("HOSTNAME", "worker")
    logger.info("worker started", stream=STREAM, consumer=consumer)
    while _running:
        for _, entries in r.xreadgroup(GROUP, consumer, {STREAM: ">"}, count=100, block=2000) or []:
            for entry_id, fields in entries:
                position = parse_ping(fields)
                if position:
                    forward(position)
                else:
                    logger.warning("dropped malformed ping", entry_id=entry_id.decode())
                r.xack(STREAM, GROUP, entry_id)


if __name__ == "__main__":
    main()
