"""Feedback app: collects ratings and comments after support conversations."""

import logging
import os

from flask import Flask
from pythonjsonlogger import jsonlogger


def _configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(jsonlogger.JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("FEEDBACK_SECRET_KEY", "dev-only-not-secret"),
        MAX_COMMENT_LENGTH=2000,
    )
    if config:
        app.config.update(config)
    _configure_logging(os.environ.get("LOG_LEVEL", "INFO"))

    from app.storage import FeedbackStore
    from app.views import bp

    app.extensions["feedback_store"] = FeedbackStore()
    app.register_blueprint(bp)
    return app
