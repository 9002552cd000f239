"""The Flask class of the app: static files whole (compressed like pages, versioned URLs cached
for a year), bounded URL converters, and absolute links only on the public URL."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

from forum.core.cleaning import CleanRequest
from forum.core.urls import ForumMap, LazyBuildRule, on_public_url
from forum.i18n import current_language


class ForumFlask(Flask):
    """Flask that hands static files over whole (they are small), so Flask-Compress can
    compress them in one piece instead of streaming, which leaves the file unclosed; that
    cleans its input (see core/cleaning.py), builds absolute links on `PUBLIC_URL` and keeps
    the relative links it built, as pages build the same ones on every request."""

    url_map_class = ForumMap
    url_rule_class = LazyBuildRule
    request_class = CleanRequest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.built_urls: dict[tuple, str] = {}

    def url_for(self, endpoint: str, *, _external: bool | None = None, **values) -> str:
        if _external:
            values.pop("_scheme", None)
            return on_public_url(super().url_for(endpoint, _external=False, **values))
        key = _built_url_key(endpoint, values)
        url = self.built_urls.get(key) if key is not None else None
        if url is None:
            url = super().url_for(endpoint, **values)
            if key is not None:
                if len(self.built_urls) >= _BUILT_URLS_KEPT:
                    self.built_urls.clear()
                self.built_urls[key] = url
        return url

    def send_static_file(self, filename: str):
        response = super().send_static_file(filename)
        response.direct_passthrough = False
        response.make_sequence()
        return response


# A relative URL depends only on what the key holds: the one URL default is the language.
_BUILT_URLS_KEPT = 5_000


def _built_url_key(endpoint: str, values: dict) -> tuple | None:
    if not request:
        return None
    key = (request.host, request.script_root, current_language(),
           request.blueprint if endpoint[:1] == "." else None, endpoint,
           *((name, type(value), value) for name, value in values.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A versioned static URL; the hash changes with the content, so caches may keep it a year.
    The link itself is kept by `ForumFlask.url_for`, like every other."""
    version = _file_hash(str(Path(current_app.static_folder) / filename))
    return url_for("static", filename=filename, v=version)
