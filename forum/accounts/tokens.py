"""Random tokens for links in e-mails: the link carries the token, the database only its hash."""

from __future__ import annotations

import hashlib
import secrets

from flask import url_for


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
