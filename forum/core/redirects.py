"""Where a person may be sent back to: only a plain path on this site, never another host.

Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so `/\t/evil` and
`/\\evil` both lead to `//evil`: any control, format or space character refuses the target.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def _plain(character: str) -> bool:
    return not (character.isspace() or character == "\\"
                or unicodedata.category(character).startswith(("C", "Z")))


def safe_path(target: str | None) -> str | None:
    """`target` when it is a path on this site (`/en/...`), else None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    if not all(_plain(character) for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target.rstrip("?") or None
