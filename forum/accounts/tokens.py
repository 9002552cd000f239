"""Random tokens for links in e-mails: the link carries the token, the database only its hash."""

from __future__ import annotations

import hashlib
import secrets

from flask import url_for
from sqlalchemy import select

from forum.core.db import utcnow
from forum.extensions import db


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def external_link(endpoint: str, **values) -> str:
    """The full address of a page, for an e-mail: every link accounts mails is built here."""
    return url_for(endpoint, _external=True, **values)


class TokenProblem(Exception):
    """A link is unknown, expired or already used; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def usable(model, token: str):
    """The stored row of a link's token (a reset or a confirmation), or TokenProblem."""
    record = db.session.scalar(select(model).where(model.token_hash == token_hash(token)))
    if record is None:
        raise TokenProblem("unknown")
    if record.used_at is not None:
        raise TokenProblem("used")
    if record.expires_at <= utcnow():
        raise TokenProblem("expired")
    return record
