"""HTTP API."""

from typing import Annotated

import structlog
import uvicorn
from fastapi import FastAPI, HTTPException, Query
from prometheus_client import Counter, make_asgi_app
from pydantic import BaseModel
from pydantic_settings import BaseSettings

from pricing import logging as pricing_logging
from pricing import telemetry
from pricing.quotes import UnknownRegionError, quote


class Settings(BaseSettings):
    log_level: str = "INFO"
    tracing_enabled: bool = True
    port: int = 8000


settings = Settings()
pricing_logging.configure(settings.log_level)
log = structlog.get_logger()

QUOTES = Counter("pricing_quotes_total", "Quotes served", ["region"])

app = FastAPI(title="pricing-service")
app.mount("/metrics", make_asgi_app())
if settings.tracing_enabled:
    telemetry.instrument(app)


class QuoteResponse(BaseModel):
    net: int
    discount: int
    tax: int
    gross: int


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/v1/quote", response_model=QuoteResponse)
def get_quote(
    net: Annotated[int, Query(ge=0)],
    region: str,
    promo: Annotated[int, Query(ge=0, le=100)] = 0,
) -> QuoteResponse:
    try:
        q = quote(net, region, promo)
    except UnknownRegionError:
        raise HTTPException(status_code=404, detail=f"unknown region {region}") from None
    QUOTES.labels(region=region.upper()).inc()
    log.info("quote served", region=region, net=net, gross=q.gross)
    return QuoteResponse(net=q.net, discount=q.discount, tax=q.tax, gross=q.gross)


def run() -> None:
    uvicorn.run("pricing.main:app", host="0.0.0.0", port=settings.port, access_log=False)
