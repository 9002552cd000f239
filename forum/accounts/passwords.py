"""Password hashing (Argon2id) and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON = {
    "password", "password1", "password12", "password123", "1234567890", "0123456789",
    "qwertyuiop", "qwerty1234", "1q2w3e4r5t", "iloveyou12", "abcdefghij", "asdfghjkl1",
    "1111111111", "123123123123", "0987654321", "passw0rd12", "welcome123", "letmein123",
    "administrator", "forum12345", "password!1", "qwerty123456",
}


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(time_cost=config["PASSWORD_TIME_COST"],
                          memory_cost=config["PASSWORD_MEMORY_COST"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        _hasher().hash(password)  # spend the same time whether or not the account exists
        return False
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, *, email: str = "", name: str = ""):
    """Why a password is too weak (a lazy message), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext("Use at least %(num)d character.", "Use at least %(num)d characters.",
                             MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.",
                             MAX_LENGTH)
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        return _l("This password is too easy to guess. Use a few unrelated words.")
    local_part = email.split("@")[0].lower()
    if (len(local_part) >= 4 and local_part in lowered) or (name and lowered == name.lower()):
        return _l("Do not use your name or e-mail address in your password.")
    return None
