"""Saying whether one will come, and the secretariat's roll call after the session."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.permissions import Role, require_role, require_signed_in
from forum.core.rendering import render_page_or_partial
from forum.extensions import db, htmx
from forum.meetings import attendance, forms, services, states
from forum.meetings.models import Answer, Presence
from forum.meetings.views import bp
from forum.meetings.views.common import session_for


@bp.post("/forums/<slug>/meetings/<int:meeting_id>/answer")
def answer(slug: str, meeting_id: int):
    require_signed_in()
    forum, _role, meeting = session_for(slug, meeting_id)
    form, status = forms.RsvpForm(), 200
    closed = states.why_not(meeting, states.Move.ANSWER)
    if closed:
        flash(closed, "error")
        status = 409
    elif form.validate_on_submit():
        attendance.answer(meeting, current_user, form.answer.data, form.note.data)
        flash(_("Thank you, your answer is saved."), "success")
    else:
        status = 400
    if status != 400 and not (htmx and not htmx.boosted):
        return redirect(url_for("meetings.show", slug=slug, meeting_id=meeting_id) + "#rsvp")
    response = render_page_or_partial(
        "meetings/answer.html", "meetings/_answer.html", forum=forum, meeting=meeting,
        rsvp_form=form if status == 400 else forms.RsvpForm(formdata=None),
        answer=attendance.answer_of(meeting, current_user),
        counts=attendance.answer_counts(meeting))
    response.status_code = status
    return response


def _default_presence(meeting) -> dict[int, str]:
    """Prefill the roll call from the answers: coming → present, can't come → excused."""
    return {r.user_id: Presence.PRESENT if r.answer == Answer.YES else Presence.EXCUSED
            for r in attendance.answers(meeting)}


def _roll_call_form(meeting, members):
    guesses = _default_presence(meeting)
    initial = {f"presence_{m.user_id}": status or guesses.get(m.user_id, Presence.ABSENT)
               for m, status in members}
    return forms.attendance_form([m for m, _s in members])(
        data={**initial, "guest_count": meeting.guest_count, "guest_names": meeting.guest_names})


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def roll_call(slug: str, meeting_id: int):
    """The roll call, once the session has started; before that, the page says from when."""
    forum, _role, meeting = session_for(slug, meeting_id)
    require_role(forum, Role.SECRETARIAT)
    refused = states.why_not(meeting, states.Move.HOLD)
    if refused:
        return render_template("meetings/attendance.html", forum=forum, meeting=meeting,
                               refused=refused, form=None), \
            409 if request.method == "POST" else 200
    members = attendance.members_for_roll_call(meeting)
    form = _roll_call_form(meeting, members)
    if form.validate_on_submit():
        presence = {m.user_id: form[f"presence_{m.user_id}"].data for m, _s in members}
        try:
            attendance.record(meeting, presence, form.guest_count.data, form.guest_names.data)
        except services.MeetingRuleBroken as rule:  # the state changed meanwhile
            db.session.rollback()
            flash(str(rule), "error")
        else:
            flash(_("Attendance is saved. The session is marked as held."), "success")
        return redirect(url_for("meetings.show", slug=slug, meeting_id=meeting_id))
    return render_template("meetings/attendance.html", forum=forum, meeting=meeting,
                           members=members, form=form, refused=None,
                           settings=services.settings_of(forum)), 400 if form.errors else 200
