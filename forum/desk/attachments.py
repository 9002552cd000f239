"""Photos and PDFs sent with a case: checked by what their bytes are (not by their name), limited
in size and number, and kept in the database, where only the desk's staff can fetch them. Photos
are re-encoded, which drops what phones write into them besides the pixels (such as the GPS
position of the person's home)."""

from __future__ import annotations

import io

from flask import current_app
from flask_babel import lazy_gettext as _l

from forum.core.rendering import format_size

MAX_FILES = 3
MAX_PIXELS = 40_000_000
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
KINDS = (  # (how the file starts, its type)
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


class AttachmentRefused(Exception):
    """The file is not one the desk keeps; the message says why (lazy text)."""


def kind_of(data: bytes) -> str | None:
    """The file's type from its first bytes: a JPEG, PNG, WebP photo or a PDF; else None."""
    for magic, content_type in KINDS:
        if data.startswith(magic):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def read(uploads) -> list[tuple[str, str, bytes]]:
    """(file name, type, bytes) of each sent file, or `AttachmentRefused`; empty inputs skipped."""
    files = [u for u in uploads if u is not None and u.filename]
    if len(files) > MAX_FILES:
        raise AttachmentRefused(_l("Send at most %(num)d files.", num=MAX_FILES))
    limit = current_app.config["DESK_ATTACHMENT_MAX_BYTES"]
    kept = []
    for upload in files:
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise AttachmentRefused(_l("%(name)s is larger than %(size)s. Send a smaller file.",
                                       name=upload.filename[:80], size=format_size(limit)))
        content_type = kind_of(data)
        if content_type is None:
            raise AttachmentRefused(_l("%(name)s is not a photo (JPEG, PNG, WebP) or a PDF.",
                                       name=upload.filename[:80]))
        if content_type in FORMATS:
            data = _without_metadata(data, content_type, upload.filename[:80])
        kept.append((clean_name(upload.filename), content_type, data))
    return kept


def _without_metadata(data: bytes, content_type: str, name: str) -> bytes:
    """The photo's pixels only, in its own format; a photo that cannot be read is refused."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # loaded by the first photo

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise AttachmentRefused(_l("%(name)s has too many pixels. Send a smaller "
                                           "photo.", name=name))
            picture = ImageOps.exif_transpose(image)
            if content_type == "image/jpeg" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            out = io.BytesIO()
            picture.save(out, FORMATS[content_type])
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise AttachmentRefused(_l("%(name)s is not a photo we can read.", name=name)) \
            from error
    return out.getvalue()


def clean_name(name: str) -> str:
    """The file's own name without any folder, shortened; only shown to staff."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c for c in base if c.isprintable())[:200] or "file"
