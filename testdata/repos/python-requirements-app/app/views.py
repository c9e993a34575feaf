import logging

from flask import Blueprint, current_app, jsonify, render_template, request

from app.storage import Feedback

bp = Blueprint("feedback", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/feedback/<ticket_id>")
def form(ticket_id: str):
    return render_template("form.html", ticket_id=ticket_id)


@bp.post("/api/feedback")
def submit():
    data = request.get_json(silent=True) or {}
    try:
        rating = int(data.get("rating", 0))
    except (TypeError, ValueError):
        rating = 0
    ticket_id = str(data.get("ticket_id", "")).strip()
    comment = str(data.get("comment", ""))[: current_app.config["MAX_COMMENT_LENGTH"]]
    if not ticket_id or not 1 <= rating <= 5:
        return jsonify(error="ticket_id and a rating from 1 to 5 are required"), 400
    current_app.extensions["feedback_store"].add(Feedback(ticket_id, rating, comment))
    log.info("feedback received", extra={"ticket_id": ticket_id, "rating": rating})
    return jsonify(status="thanks"), 201


@bp.get("/api/feedback/summary")
def summary():
    return jsonify(current_app.extensions["feedback_store"].summary())
