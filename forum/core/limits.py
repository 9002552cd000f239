"""Who a rate limit counts: the account when someone is signed in, else the client's address
(behind `PROXY_COUNT` proxies, the real client's: see core/security.py)."""

from __future__ import annotations

from flask import request
from flask_login import current_user


def person_or_address() -> str:
    """Many residents share one office's or school's address: an account counts as itself."""
    if current_user and current_user.is_authenticated:
        return f"account:{current_user.get_id()}"
    return f"address:{request.remote_addr or 'unknown'}"
