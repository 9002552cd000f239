"""The published record: a forum's archive, a version's page (printable), its PDF, the feed."""

from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.core import jobs, paging
from forum.core.pagecache import public_page
from forum.core.permissions import Role
from forum.extensions import htmx, limiter
from forum.i18n import current_language, html_lang
from forum.minutes import actions, archive, document, pdfs, workflow
from forum.minutes.views import bp
from forum.minutes.views.common import forum_and_role, published_minutes

PAGE_SIZE = 20


@bp.get("/forums/<slug>/minutes/", endpoint="archive")
@public_page
def archive_page(slug: str):
    forum, role = forum_and_role(slug)
    text = request.args.get("q", "").strip()[:200]
    year = request.args.get("year", type=int)
    year = year if year and 1900 <= year <= 2999 else None
    page = paging.paginate(archive.archive(forum, role, text=text, year=year), PAGE_SIZE)
    years, in_progress = archive.years_and_preparing(forum, role)
    return render_template("minutes/archive.html", forum=forum, role=role, page=page, q=text,
                           year=year, years=years, in_progress=in_progress)


def _record(forum, role, minutes, version):
    return render_template(
        "minutes/show.html", forum=forum, role=role, minutes=minutes, version=version,
        sections=document.sections_view(version.content, version.translations),
        follow_up=document.follow_up_view(version.content), tracked=actions.tracked(minutes),
        versions=workflow.versions(minutes))


@bp.get("/forums/<slug>/minutes/<int:minutes_id>")
@public_page
def show(slug: str, minutes_id: int):
    forum, role, minutes = published_minutes(slug, minutes_id)
    version = workflow.latest_version(minutes)
    if version is None:
        abort(404)
    return _record(forum, role, minutes, version)


@bp.get("/forums/<slug>/minutes/<int:minutes_id>/versions/<int:number>")
@public_page
def version(slug: str, minutes_id: int, number: int):
    forum, role, minutes = published_minutes(slug, minutes_id)
    found = workflow.version_of(minutes, number)
    if found is None:
        abort(404)
    return _record(forum, role, minutes, found)


def _pdf_limit() -> str:
    return current_app.config["MINUTES_PDF_LIMIT"]


@bp.get("/forums/<slug>/minutes/<int:minutes_id>/versions/<int:number>.pdf")
@limiter.limit(_pdf_limit)
def pdf(slug: str, minutes_id: int, number: int):
    """The kept PDF; the first request for it starts the job that lays it out and shows its
    progress (htmx polls this address and is sent on once it is ready)."""
    forum, role, minutes = published_minutes(slug, minutes_id)
    found = workflow.version_of(minutes, number)
    if found is None:
        abort(404)
    html = render_template(
        "minutes/pdf.html", forum=forum, role=min(role, Role.RESIDENT), minutes=minutes,
        version=found, sections=document.sections_view(found.content, found.translations),
        follow_up=document.follow_up_view(found.content), tracked=actions.tracked(minutes))
    etag = pdfs.etag_of(html)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        body = pdfs.kept(found, current_language(), etag)
        if body is None:
            job = pdfs.start_layout(forum, found, current_language(), html, etag)
            body = pdfs.kept(found, current_language(), etag)  # done at once without a worker
            if body is None:
                return _pdf_waiting(forum, minutes, found, job)
        if htmx and not htmx.boosted:  # the progress poll: the browser opens the PDF itself
            return _open(url_for("minutes.pdf", slug=slug, minutes_id=minutes_id, number=number))
        response = current_app.response_class(body, mimetype="application/pdf")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"  # what a role may see differs
    response.headers["Content-Disposition"] = (
        f'inline; filename="minutes-{forum.slug}-{minutes.meeting_day.isoformat()}'
        f'-v{found.number}.pdf"')
    return response


def _open(url: str):
    response = current_app.make_response(("", 204))
    response.headers["HX-Redirect"] = url
    return response


def _pdf_waiting(forum, minutes, version, job):
    """The PDF is being laid out: its progress, refreshed by htmx or by the page itself."""
    url = url_for("minutes.pdf", slug=forum.slug, minutes_id=minutes.id, number=version.number)
    partial = htmx and not htmx.boosted  # a poll: a swap of 200 ends it, a 202 goes on
    running = job.status in (jobs.QUEUED, jobs.RUNNING)
    response = current_app.make_response((render_template(
        "minutes/_pdf_progress.html" if partial else "minutes/pdf_waiting.html", forum=forum,
        minutes=minutes, version=version, job=job, url=url, running=running,
        translated=jobs.translated), 202 if running else (200 if partial else 503)))
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/forums/<slug>/minutes/feed.atom")
def feed(slug: str):
    forum, _role = forum_and_role(slug)
    labels = {
        "language": html_lang(current_language()),
        "decision": lambda title: _("Decision: %(session)s", session=title),
        "minutes": lambda title, number: (
            _("Minutes published: %(session)s", session=title) if number == 1
            else _("Corrected minutes (version %(number)d): %(session)s", number=number,
                   session=title)),
        "summary": lambda count: ngettext("%(num)d decision.", "%(num)d decisions.", count),
    }
    body = archive.atom_feed(forum, archive.feed_versions(forum),
                             _("Minutes: %(forum)s", forum=forum.localized("name").text), labels)
    response = current_app.response_class(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
