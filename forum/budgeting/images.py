"""Photos of items and of their progress: checked, resized and re-encoded before they are kept.

Re-encoding drops everything but the pixels — including the GPS position phones write into
photos — and refuses files that are not images or are too large, before they are kept in the
forum's file storage (forum/core/files.py), which every app server reads.
"""

from __future__ import annotations

import io
import secrets
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l

from forum.core import files
from forum.core.rendering import format_size

MAX_PIXELS = 40_000_000
LONGEST_SIDE = 1600

if TYPE_CHECKING:
    from PIL import Image


class ImageRefused(Exception):
    """The upload is not an acceptable image; the message says why (lazy text)."""


def store(upload) -> str | None:
    """Keep an uploaded photo (a werkzeug FileStorage) as a re-encoded JPEG; its file name."""
    if upload is None or not upload.filename:
        return None
    limit = current_app.config["IMAGE_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImageRefused(_l("The photo is larger than %(size)s. Send a smaller one.",
                              size=format_size(limit)))
    from PIL import Image, ImageOps, UnidentifiedImageError  # loaded by the first photo

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ImageRefused(_l("The photo has too many pixels. Send a smaller one."))
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ImageRefused(_l("This file is not a photo we can read (JPEG, PNG or WebP).")) \
            from error
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    return keep(picture, quality=82)


def keep(picture: Image.Image, quality: int) -> str:
    """Encode a picture as JPEG into the file storage; the name items keep of it."""
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=quality, optimize=True)
    name = f"{secrets.token_hex(12)}.jpg"
    files.put(f"budgeting/{name}", encoded.getvalue(), "image/jpeg")
    return name


def serve(name: str | None):
    return files.serve(f"budgeting/{name}" if name else None, "image/jpeg")
