"""Photos of items and of their progress: checked, resized and re-encoded before they are kept.

Re-encoding drops everything but the pixels — including the GPS position phones write into
photos — and refuses files that are not images or are too large, before they reach the disk.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from forum.core.rendering import format_size

MAX_PIXELS = 40_000_000
LONGEST_SIDE = 1600


class ImageRefused(Exception):
    """The upload is not an acceptable image; the message says why (lazy text)."""


def folder() -> Path:
    base = current_app.config["UPLOAD_FOLDER"] or Path(current_app.instance_path) / "uploads"
    path = Path(base) / "budgeting"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(upload) -> str | None:
    """Keep an uploaded photo (a werkzeug FileStorage) as a re-encoded JPEG; its file name."""
    if upload is None or not upload.filename:
        return None
    limit = current_app.config["IMAGE_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImageRefused(_l("The photo is larger than %(size)s. Send a smaller one.",
                              size=format_size(limit)))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(_l("The photo has too many pixels. Send a smaller one."))
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ImageRefused(_l("This file is not a photo we can read (JPEG, PNG or WebP).")) \
            from error
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    name = f"{secrets.token_hex(12)}.jpg"
    picture.save(folder() / name, "JPEG", quality=82, optimize=True)
    return name


def serve(name: str | None):
    if not name or "/" in name or not (folder() / name).is_file():
        abort(404)
    response = send_file(folder() / name, mimetype="image/jpeg", max_age=31536000)
    response.headers["Content-Disposition"] = "inline"
    return response
