"""The PDF of a published version: laid out by WeasyPrint the first time its page is asked
for, then kept and served again, with an ETag so a browser that has it gets a 304."""

from __future__ import annotations

import hashlib
from functools import cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.minutes import archive
from forum.minutes.models import MinutesPdf, MinutesVersion


@cache
def _layout_stamp() -> bytes:
    """What else shapes the PDF besides its page: our stylesheets and WeasyPrint's version."""
    from weasyprint import __version__

    digest = hashlib.sha256(__version__.encode())
    for name in archive.PDF_STYLES:
        digest.update((archive.STATIC / name).read_bytes())
    return digest.digest()


def etag_of(html: str) -> str:
    """The same page laid out the same way gives the same PDF: its digest names the PDF."""
    return hashlib.sha256(_layout_stamp() + html.encode()).hexdigest()


def pdf_of(version: MinutesVersion, language: str, html: str, etag: str) -> bytes:
    """The kept PDF for this page, or the page laid out now and kept. A published version
    never changes, so what it was laid out from is all that names the PDF."""
    key = {"minutes_id": version.minutes_id, "number": version.number, "language": language,
           "etag": etag}
    kept = db.session.scalar(select(MinutesPdf.body).filter_by(**key))
    if kept is not None:
        return kept
    body = archive.render_pdf(html)
    db.session.add(MinutesPdf(body=body, **key))
    try:
        db.session.commit()
    except IntegrityError:  # the same page laid out at the same time by another request
        db.session.rollback()
    return body
