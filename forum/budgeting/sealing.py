"""Ballot choices sealed while voting is open, with a key the database never holds.

The key of a cycle is derived (HKDF-SHA256) from the application's secret key, so the database,
its WAL and its backups hold ballots written during the vote only as AES-GCM ciphertext; closing
unseals them into new rows in random order. The plaintext is padded to whole blocks so its length
says little about how many items a voter chose.
"""

from __future__ import annotations

import base64
import json
import secrets
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_BLOCK = 64
_NONCE = 12
PREFIX = "sealed:"


class SealBroken(Exception):
    """A sealed ballot does not open with this key (the secret key was changed)."""


def _cipher(cycle_id: int) -> AESGCM:
    secret = current_app.config["SECRET_KEY"]
    return _derived(secret.encode() if isinstance(secret, str) else secret, cycle_id)


@lru_cache(maxsize=64)
def _derived(secret: bytes, cycle_id: int) -> AESGCM:
    """The cycle's cipher, derived once per process (keyed by the secret, which tests vary)."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=f"forum ballot seal {cycle_id}".encode()).derive(secret)
    return AESGCM(key)


def seal(cycle_id: int, value) -> str:
    """Any JSON value (a ballot's choices, a rejected ballot's text) as sealed text."""
    plain = json.dumps(value, separators=(",", ":")).encode()
    plain = plain.ljust(-(-(len(plain) + 1) // _BLOCK) * _BLOCK, b" ")
    nonce = secrets.token_bytes(_NONCE)
    body = _cipher(cycle_id).encrypt(nonce, plain, str(cycle_id).encode())
    return PREFIX + base64.b64encode(nonce + body).decode()


def unseal(cycle_id: int, stored) -> list:
    """What was stored, sealed or not."""
    if not (isinstance(stored, str) and stored.startswith(PREFIX)):
        return stored
    raw = base64.b64decode(stored.removeprefix(PREFIX))
    try:
        plain = _cipher(cycle_id).decrypt(raw[:_NONCE], raw[_NONCE:], str(cycle_id).encode())
    except InvalidTag as error:
        raise SealBroken(cycle_id) from error
    return json.loads(plain)
