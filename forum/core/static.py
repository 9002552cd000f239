"""Static files: versioned URLs cached for a year, and bodies compressed like pages are."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for


class ForumFlask(Flask):
    """Flask that hands static files over whole (they are small), so Flask-Compress can
    compress them in one piece instead of streaming, which leaves the file unclosed."""

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
    version = _file_hash(str(Path(current_app.static_folder) / filename))
    return url_for("static", filename=filename, v=version)
