"""The PDF of a published version: laid out by WeasyPrint once, by a job the first request for
it starts (never in the request), then kept and served again, with an ETag so a browser that
has it gets a 304."""

from __future__ import annotations

import hashlib
from functools import cache

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import jobs
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


def kept(version: MinutesVersion, language: str, etag: str) -> bytes | None:
    """The PDF laid out from this page, if it has been."""
    return db.session.scalar(select(MinutesPdf.body).filter_by(**_key(version, language, etag)))


def _key(version: MinutesVersion, language: str, etag: str) -> dict:
    return {"minutes_id": version.minutes_id, "number": version.number, "language": language,
            "etag": etag}


def start_layout(forum, version: MinutesVersion, language: str, html: str, etag: str):
    """A job laying out this page (one per page, however many readers ask at once)."""
    key = _key(version, language, etag)
    same_as = hashlib.sha256(repr(sorted(key.items())).encode()).hexdigest()
    return jobs.start("minutes.pdf", forum=forum, params=key, input=html.encode(),
                      same_as=same_as)


def lay_out(job, progress) -> dict:
    """The job: lay the page out and keep it, unless it was kept in the meantime. A published
    version never changes, so what it was laid out from is all that names the PDF."""
    key = job.params
    if db.session.scalar(select(MinutesPdf.id).filter_by(**key)) is None:
        db.session.add(MinutesPdf(body=archive.render_pdf(job.input.decode()), **key))
    progress.total = progress.done = 1
    return {"minutes_id": key["minutes_id"], "number": key["number"]}


def _version_page(job):
    return (url_for("minutes.version", slug=job.forum.slug, minutes_id=job.params["minutes_id"],
                    number=job.params["number"]), _("Back to the minutes"))


jobs.register(jobs.Kind("minutes.pdf", lay_out, _l("Laying out the minutes as a PDF"),
                        "minutes/_pdf_report.html", _version_page))
