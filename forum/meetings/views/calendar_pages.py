"""Calendar files: one session, a forum's public sessions, and a person's private feed."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.db import utcnow
from forum.core.permissions import require_signed_in
from forum.forums.forms import ConfirmForm
from forum.forums.models import Forum
from forum.meetings import calendars, services
from forum.meetings.views import bp
from forum.meetings.views.common import forum_and_role, session_for

HISTORY = timedelta(days=180)  # feeds keep recent past sessions, for the record


def _ics(body: bytes, filename: str):
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/forums/<slug>/meetings/<int:meeting_id>.ics")
def meeting_ics(slug: str, meeting_id: int):
    _forum, _role, meeting = session_for(slug, meeting_id)
    return _ics(calendars.calendar_of([meeting], meeting.localized("title").text),
                f"session-{meeting.id}.ics")


@bp.get("/forums/<slug>/meetings.ics")
def forum_ics(slug: str):
    forum, _role = forum_and_role(slug)
    meetings = services.feed_meetings(forum, utcnow() - HISTORY)
    return _ics(calendars.calendar_of(meetings, forum.localized("name").text), f"{slug}.ics")


@bp.get("/meetings/calendar/<token>.ics")
def personal_ics(token: str):
    user = services.feed_owner(token)
    meetings = services.followed_meetings(user, utcnow() - HISTORY)
    return _ics(calendars.calendar_of(meetings, _("My forum sessions")), "my-sessions.ics")


@bp.get("/meetings/calendar")
def calendar_page():
    require_signed_in()
    token = services.calendar_token(current_user)
    feed = url_for("meetings.personal_ics", token=token, _external=True)
    forums = [m.forum for m in _memberships()]
    return render_template("meetings/calendar.html", feed=feed, forums=forums,
                           reset_form=ConfirmForm())


def _memberships():
    from sqlalchemy import select

    from forum.extensions import db
    from forum.forums.models import Membership

    return db.session.scalars(select(Membership).join(Forum)
                              .where(Membership.user_id == current_user.id))


@bp.post("/meetings/calendar/reset")
def reset_calendar():
    require_signed_in()
    if ConfirmForm().validate_on_submit():
        services.reset_calendar_token(current_user)
        flash(_("Your calendar address is new. Add it to your calendar again; the old one no "
                "longer works."), "success")
    return redirect(url_for("meetings.calendar_page"))
