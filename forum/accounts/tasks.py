"""What the accounts forget on the worker's nightly run: links for resets and confirmations."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from forum.accounts.models import EmailConfirmation, PasswordResetToken
from forum.core.retention import forgets
from forum.extensions import db

# Kept this long after they expire or are used, so someone who opens an old link is still told
# "expired" or "already used" rather than "unknown".
SPENT_LINKS_KEPT = timedelta(days=30)


@forgets("password-reset and confirmation links expired or used over 30 days ago")
def _spent_links(now: datetime) -> int:
    cutoff = now - SPENT_LINKS_KEPT
    deleted = 0
    for model in (PasswordResetToken, EmailConfirmation):
        deleted += db.session.execute(delete(model).where(
            (model.expires_at < cutoff) | (model.used_at < cutoff))).rowcount
    return deleted
