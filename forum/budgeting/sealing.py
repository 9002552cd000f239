"""Ballot choices sealed while voting is open, with a key the database never holds.

The key of a cycle is derived from the application's secret key, so the database, its WAL and
its backups hold ballots written during the vote only as ciphertext; closing unseals them into
new rows in random order. No AEAD library is installed (`cryptography` would give AES-GCM), so
this is the standard library's HMAC-SHA256 as a keystream in counter mode, encrypt-then-MAC,
with a random nonce, the plaintext padded to whole blocks so its length says little.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from flask import current_app

_BLOCK = 64
PREFIX = "sealed:"


class SealBroken(Exception):
    """A sealed ballot does not open with this key (the secret key was changed)."""


def _keys(cycle_id: int) -> tuple[bytes, bytes]:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    root = hmac.new(secret, f"forum ballot seal {cycle_id}".encode(), hashlib.sha256).digest()
    return (hmac.new(root, b"encrypt", hashlib.sha256).digest(),
            hmac.new(root, b"authenticate", hashlib.sha256).digest())


def _stream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = (hmac.new(key, nonce + n.to_bytes(4, "big"), hashlib.sha256).digest()
              for n in range(-(-length // 32)))
    return b"".join(blocks)[:length]


def seal(cycle_id: int, value) -> str:
    """Any JSON value (a ballot's choices, a rejected ballot's text) as sealed text."""
    plain = json.dumps(value, separators=(",", ":")).encode()
    plain = plain.ljust(-(-(len(plain) + 1) // _BLOCK) * _BLOCK, b" ")
    encrypt, authenticate = _keys(cycle_id)
    nonce = secrets.token_bytes(16)
    body = bytes(a ^ b for a, b in zip(plain, _stream(encrypt, nonce, len(plain)),
                                       strict=True))
    tag = hmac.new(authenticate, nonce + body, hashlib.sha256).digest()
    return PREFIX + base64.b64encode(nonce + body + tag).decode()


def unseal(cycle_id: int, stored) -> list:
    """What was stored, sealed or not."""
    if not (isinstance(stored, str) and stored.startswith(PREFIX)):
        return stored
    raw = base64.b64decode(stored.removeprefix(PREFIX))
    nonce, body, tag = raw[:16], raw[16:-32], raw[-32:]
    encrypt, authenticate = _keys(cycle_id)
    if not hmac.compare_digest(tag, hmac.new(authenticate, nonce + body,
                                             hashlib.sha256).digest()):
        raise SealBroken(cycle_id)
    plain = bytes(a ^ b for a, b in zip(body, _stream(encrypt, nonce, len(body)), strict=True))
    return json.loads(plain)
