"""The Flask class of the app: static files whole (compressed like pages, versioned URLs cached
for a year), bounded URL converters, and absolute links only on the public URL."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

from forum.core.cleaning import CleanRequest
from forum.core.urls import ForumMap, LazyBuildRule, on_public_url


class ForumFlask(Flask):
    """Flask that hands static files over whole (they are small), so Flask-Compress can
    compress them in one piece instead of streaming, which leaves the file unclosed; that
    cleans its input (see core/cleaning.py) and builds absolute links on `PUBLIC_URL`."""

    url_map_class = ForumMap
    url_rule_class = LazyBuildRule
    request_class = CleanRequest

    def url_for(self, endpoint: str, *, _external: bool | None = None, **values) -> str:
        if not _external:
            return super().url_for(endpoint, **values)
        values.pop("_scheme", None)
        return on_public_url(super().url_for(endpoint, _external=False, **values))

    def send_static_file(self, filename: str):
        response = super().send_static_file(filename)
        response.direct_passthrough = False
        response.make_sequence()
        return response


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A versioned static URL; the hash changes with the content, so caches may keep it a year."""
    key = (request.script_root, filename) if request else None
    url = _static_urls.get(key) if key else None
    if url is None:
        version = _file_hash(str(Path(current_app.static_folder) / filename))
        url = url_for("static", filename=filename, v=version)
        if key:
            _static_urls[key] = url
    return url


_static_urls: dict[tuple[str, str], str] = {}
