"""Listing sessions, a session's page, and scheduling, changing and cancelling sessions."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role
from forum.core.timezones import NonexistentLocalTime, local_now, to_local, to_utc
from forum.core.translations import translation_page
from forum.extensions import db
from forum.i18n import current_language
from forum.meetings import agenda, attendance, forms, services, states
from forum.meetings.views import bp
from forum.meetings.views.common import forum_and_role, session_for

PAGE_SIZE = 20


@bp.get("/meetings/")
def all_list():
    past = request.args.get("when") == "past"
    page = db.paginate(services.all_meetings(current_user, past=past), per_page=PAGE_SIZE,
                       error_out=False)
    return render_template("meetings/all.html", page=page, past=past)


@bp.get("/forums/<slug>/meetings/")
@public_page
def forum_list(slug: str):
    forum, role = forum_and_role(slug)
    past = request.args.get("when") == "past"
    page = db.paginate(services.forum_meetings(forum, role, past=past), per_page=PAGE_SIZE,
                       error_out=False)
    return render_template("meetings/list.html", forum=forum, role=role, page=page, past=past)


@bp.get("/forums/<slug>/meetings/<int:meeting_id>")
@public_page
def show(slug: str, meeting_id: int):
    forum, role, meeting = session_for(slug, meeting_id, with_agenda=True)
    slots, overrun = agenda.timetable(meeting)
    mine, counts, answers = attendance.answers_seen(meeting, current_user,
                                                    every_answer=role >= Role.SECRETARIAT)
    return render_template(
        "meetings/show.html", forum=forum, role=role, meeting=meeting, slots=slots,
        overrun=overrun, answer=mine, counts=counts,
        rsvp_form=forms.RsvpForm(obj=mine) if current_user.is_authenticated else None,
        answers=answers, summary=attendance.summary(meeting))


def _times(form, forum):
    """UTC start and end from the form's local date and times, or None with errors added."""
    try:
        return (to_utc(form.day.data, form.start.data, forum.timezone),
                to_utc(form.day.data, form.end.data, forum.timezone))
    except NonexistentLocalTime:
        form.start.errors.append(_("The clocks change that night: this time does not exist "
                                   "on that day. Choose another time."))
        return None


def _error_on(form, rule: services.MeetingRuleBroken) -> None:
    """A refused change, shown on the field that caused it (the summary lists it too)."""
    name = rule.field or "end"
    if name == "start" and form.day.data < local_now(form.forum_zone).date():
        name = "day"  # the whole day is gone, not only the hour
    field = form._fields.get(name, form.end)
    field.errors = [*field.errors, str(rule)]


def _details(form) -> dict:
    return {name: getattr(form, name).data for name in services.DETAIL_FIELDS}


@bp.route("/forums/<slug>/meetings/new", methods=["GET", "POST"])
def schedule(slug: str):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.MeetingForm(language=current_language())
    form.forum_zone = forum.timezone
    if form.validate_on_submit() and (times := _times(form, forum)):
        try:
            meeting = services.schedule(forum, starts_at=times[0], ends_at=times[1],
                                        **_details(form))
        except services.MeetingRuleBroken as rule:
            _error_on(form, rule)
        else:
            flash(_("The session is scheduled. Now add its agenda."), "success")
            return redirect(url_for("meetings.agenda_editor", slug=slug, meeting_id=meeting.id))
    return render_template("meetings/form.html", forum=forum, form=form, meeting=None), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(slug: str, meeting_id: int):
    forum, _role, meeting = session_for(slug, meeting_id)
    require_role(forum, Role.SECRETARIAT)
    form = forms.MeetingForm(obj=meeting)
    form.forum_zone = forum.timezone
    if request.method == "GET":
        start, end = to_local(meeting.starts_at, forum.timezone), to_local(meeting.ends_at,
                                                                          forum.timezone)
        form.day.data, form.start.data, form.end.data = start.date(), start.time(), end.time()
    if form.validate_on_submit() and (times := _times(form, forum)):
        try:
            services.update(meeting, starts_at=times[0], ends_at=times[1], **_details(form))
        except services.MeetingRuleBroken as rule:
            db.session.rollback()
            _error_on(form, rule)
        else:
            flash(_("The session is saved."), "success")
            return redirect(url_for("meetings.show", slug=slug, meeting_id=meeting_id))
    return render_template("meetings/form.html", forum=forum, form=form, meeting=meeting), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel(slug: str, meeting_id: int):
    forum, _role, meeting = session_for(slug, meeting_id)
    require_role(forum, Role.SECRETARIAT)
    form = forms.CancelForm(language=current_language())
    refused = states.why_not(meeting, states.Move.CANCEL)
    if refused and request.method == "POST":
        return render_template("meetings/cancel.html", forum=forum, meeting=meeting,
                               form=form, refused=refused), 409
    if form.validate_on_submit():
        try:
            services.cancel(meeting, form.reason.data)
        except services.MeetingRuleBroken as rule:
            db.session.rollback()
            form.reason.errors.append(str(rule))
        else:
            flash(_("The session is cancelled. Those who said they would come are told."),
                  "success")
            return redirect(url_for("meetings.show", slug=slug, meeting_id=meeting_id))
    return render_template("meetings/cancel.html", forum=forum, meeting=meeting, form=form,
                           refused=refused), 400 if form.errors else 200


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/translations", methods=["GET", "POST"])
def translations(slug: str, meeting_id: int):
    forum, _role, meeting = session_for(slug, meeting_id)
    require_role(forum, Role.SECRETARIAT)
    return translation_page(forum, meeting, forms.MEETING_TEXTS, action="meeting.translate",
                            template="meetings/translations.html", meeting=meeting)


@bp.route("/forums/<slug>/meetings/settings", methods=["GET", "POST"])
def settings(slug: str):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.SettingsForm(obj=services.settings_of(forum))
    if form.validate_on_submit():
        services.save_settings(forum, form.quorum_kind.data, form.quorum_value.data,
                               form.reminder_hour.data)
        flash(_("The session rules are saved."), "success")
        return redirect(url_for("meetings.forum_list", slug=slug))
    return render_template("meetings/settings.html", forum=forum, form=form), \
        400 if form.errors else 200
