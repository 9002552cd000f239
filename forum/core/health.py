"""What /healthz reports: whether the database answers, and whether Redis (the rate-limit
store) is up, down (limits then count in memory) or not configured."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db, limiter


def database_state() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "down"
    return "ok"


def redis_state() -> str:
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith(("redis", "rediss")):
        return "not configured"
    try:
        return "ok" if limiter.storage.check() else "down"
    except Exception:  # a storage that cannot even be asked is down
        return "down"


def report() -> tuple[dict, int]:
    """The states, and 503 when the database does not answer (nothing works without it)."""
    states = {"database": database_state(), "redis": redis_state()}
    ok = states["database"] == "ok"
    return {"status": "ok" if ok else "down", **states}, 200 if ok else 503
