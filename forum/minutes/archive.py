"""Reading the published record: the archive of a forum (searchable, by year), a version for
display, the Atom feed (with feedgen) and the PDF (with WeasyPrint)."""

from __future__ import annotations

from datetime import date

from flask import abort, url_for
from sqlalchemy import Select, and_, or_, select, true
from sqlalchemy.orm import contains_eager, defer, lazyload

from forum import ROOT
from forum.core.permissions import Role, require_signed_in
from forum.core.search import query_words
from forum.extensions import db
from forum.meetings.models import Meeting, Visibility
from forum.minutes import document
from forum.minutes.models import Minutes, MinutesVersion, Status

STATIC = ROOT / "static" / "css"


def readable(minutes: Minutes, role: Role) -> None:
    """Stop the request if the reader may not see this session's minutes (404, or sign in)."""
    if not minutes.meeting.is_public and role < Role.MEMBER:
        if role == Role.ANONYMOUS:
            require_signed_in()
        abort(404)


def _published(forum, role: Role) -> Select:
    # Minutes and session come from the joins made here; the forum is read already.
    minutes = contains_eager(MinutesVersion.minutes)
    query = (select(MinutesVersion)
             .join(Minutes, and_(MinutesVersion.minutes_id == Minutes.id,
                                 MinutesVersion.number == Minutes.published_version))
             .join(Meeting, Minutes.meeting_id == Meeting.id)
             .where(Minutes.forum_id == forum.id)
             .options(minutes.lazyload(Minutes.forum),
                      minutes.contains_eager(Minutes.meeting).lazyload(Meeting.forum)))
    if role < Role.MEMBER:
        query = query.where(Meeting.visibility == Visibility.PUBLIC)
    return query


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def archive(forum, role: Role, *, text: str = "", year: int | None = None) -> Select:
    """The latest published version of each session's minutes, newest session first."""
    query = _published(forum, role)
    if year:
        query = query.where(Minutes.meeting_day >= date(year, 1, 1),
                            Minutes.meeting_day <= date(year, 12, 31))
    for word in query_words(text):
        query = query.where(MinutesVersion.search_text.like(_like(word), escape="\\"))
    return query.order_by(Minutes.meeting_day.desc(), Minutes.id.desc())


def preparing_statuses(role: Role) -> list[str]:
    """Which minutes not yet published (or being corrected) this reader may open as drafts."""
    if role < Role.MEMBER:
        return []
    return ([Status.DRAFT, Status.REVIEW, Status.APPROVED] if role >= Role.SECRETARIAT
            else [Status.REVIEW, Status.APPROVED])


def years_and_preparing(forum, role: Role) -> tuple[list[int], list[Minutes]]:
    """The years with published minutes the reader may read, newest first, and the minutes
    being prepared they may open, latest session first: one pass over the forum's minutes."""
    wanted = preparing_statuses(role)
    published = and_(MinutesVersion.id.is_not(None),
                     Meeting.visibility == Visibility.PUBLIC if role < Role.MEMBER else true())
    rows = db.session.execute(
        select(Minutes, published).options(defer(Minutes.content), lazyload(Minutes.forum),
                                           contains_eager(Minutes.meeting)
                                           .lazyload(Meeting.forum))
        .outerjoin(MinutesVersion, and_(MinutesVersion.minutes_id == Minutes.id,
                                        MinutesVersion.number == Minutes.published_version))
        .join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Minutes.forum_id == forum.id, or_(published, Minutes.status.in_(wanted)))
        .order_by(Minutes.meeting_day.desc())).all()
    return (sorted({minutes.meeting_day.year for minutes, shown in rows if shown}, reverse=True),
            [minutes for minutes, _shown in rows if minutes.status in wanted])


def feed_versions(forum, limit: int = 30) -> list[MinutesVersion]:
    """Published versions of public sessions, newest publication first (corrections too)."""
    query = (select(MinutesVersion).join(Minutes, MinutesVersion.minutes_id == Minutes.id)
             .join(Meeting, Minutes.meeting_id == Meeting.id)
             .where(Minutes.forum_id == forum.id, Meeting.visibility == Visibility.PUBLIC)
             .order_by(MinutesVersion.published_at.desc(), MinutesVersion.id.desc()))
    return list(db.session.scalars(query.limit(limit)))


def atom_feed(forum, versions: list[MinutesVersion], title: str, labels: dict) -> bytes:
    """An Atom feed: an entry for each published version and one for each of its decisions."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    home = url_for("minutes.archive", slug=forum.slug, _external=True)
    feed.id(home)
    feed.title(title)
    feed.author({"name": forum.localized("name").text})
    feed.link(href=home, rel="alternate")
    feed.link(href=url_for("minutes.feed", slug=forum.slug, _external=True), rel="self")
    feed.language(labels["language"])
    feed.updated(versions[0].published_at if versions else forum.created_at)
    for version in reversed(versions):  # feedgen puts the last added first
        _add_entries(feed, version, labels)
    return feed.atom_str(pretty=True)


def _add_entries(feed, version: MinutesVersion, labels: dict) -> None:
    minutes = version.minutes
    link = url_for("minutes.version", slug=minutes.forum.slug, minutes_id=minutes.id,
                   number=version.number, _external=True)
    session_title = minutes.meeting.localized("title").text
    for section, decision in reversed(document.decisions_of(version.content)):
        entry = feed.add_entry()
        entry.id(f"{link}#decision-{decision['key']}")
        words = document.text(f"{decision['key']}.text", decision["text"], section["language"],
                              version.translations).localized("text")
        entry.title(labels["decision"](session_title))
        entry.content(words.text, type="text")
        entry.link(href=f"{link}#decision-{decision['key']}")
        entry.published(version.published_at)
        entry.updated(version.published_at)
    entry = feed.add_entry()
    entry.id(link)
    entry.title(labels["minutes"](session_title, version.number))
    entry.summary(labels["summary"](version.decision_count))
    entry.link(href=link)
    entry.published(version.published_at)
    entry.updated(version.published_at)


def _refuse_fetching(url: str, *args, **kwargs):
    raise ValueError(f"the PDF of minutes loads nothing from outside: {url}")


PDF_STYLES = ("forum.css", "print.css")


def render_pdf(html: str) -> bytes:
    """The PDF of a printable page, laid out by WeasyPrint with the system's fonts and our
    own stylesheets read from disk; nothing is fetched, not even links in people's text."""
    from weasyprint import CSS, HTML

    styles = [CSS(filename=str(STATIC / name)) for name in PDF_STYLES]
    return HTML(string=html, url_fetcher=_refuse_fetching).write_pdf(stylesheets=styles)
