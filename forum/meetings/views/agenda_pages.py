"""Editing a session's agenda: plain forms that work without JavaScript; with htmx, the list
updates in place (the view answers an htmx request with the editor partial alone)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.core.permissions import Role, require_role
from forum.core.rendering import render_page_or_partial
from forum.core.translations import translation_page
from forum.extensions import db, htmx
from forum.forums.forms import ConfirmForm
from forum.forums.services import members as forum_members
from forum.i18n import current_language
from forum.meetings import agenda, forms, states
from forum.meetings.models import AgendaItem
from forum.meetings.views import bp
from forum.meetings.views.common import session_for


def _staff_session(slug: str, meeting_id: int):
    forum, _role, meeting = session_for(slug, meeting_id)
    require_role(forum, Role.SECRETARIAT)
    return forum, meeting


def _agenda_closed(forum, meeting):
    """The editor with the reason, when the session's agenda can no longer change; else None."""
    reason = states.why_not(meeting, states.Move.AGENDA)
    if reason is None:
        return None
    flash(reason, "error")
    return _editor(forum, meeting, status=409)


def _item_form(forum, **kwargs) -> forms.AgendaItemForm:
    form = forms.AgendaItemForm(**kwargs)
    form.set_members(forum_members(forum))
    return form


def _fields(form) -> dict:
    return {"title": form.title.data, "language": form.language.data,
            "description": form.description.data,
            "presenter_id": form.presenter_id.data or None,
            "presenter_text": form.presenter_text.data,
            "duration_minutes": form.duration_minutes.data}


def _editor(forum, meeting, form=None, status=200):
    form = form or _item_form(forum, formdata=None, language=current_language())
    slots, overrun = agenda.timetable(meeting)
    removed = agenda.removed_entry(meeting, request.args.get("removed", type=int))
    closed = states.why_not(meeting, states.Move.AGENDA)
    response = render_page_or_partial("meetings/agenda.html", "meetings/_agenda_editor.html",
                                      forum=forum, meeting=meeting, slots=slots,
                                      overrun=overrun, form=form, closed=closed,
                                      removed=None if closed else removed)
    response.status_code = status
    return response


def _back(forum, meeting):
    if htmx:
        return _editor(forum, meeting)
    return redirect(url_for("meetings.agenda_editor", slug=forum.slug, meeting_id=meeting.id))


@bp.get("/forums/<slug>/meetings/<int:meeting_id>/agenda")
def agenda_editor(slug: str, meeting_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    return _editor(forum, meeting)


@bp.post("/forums/<slug>/meetings/<int:meeting_id>/agenda")
def add_item(slug: str, meeting_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    if refused := _agenda_closed(forum, meeting):
        return refused
    form = _item_form(forum)
    if not form.validate_on_submit():
        return _editor(forum, meeting, form, 400)
    agenda.add(meeting, **_fields(form))
    flash(_("The item is added to the agenda."), "success")
    return _back(forum, meeting)


def _item_or_gone(forum, meeting, item_id: int) -> AgendaItem | None:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        flash(_("That agenda item is no longer there: someone removed it. Here is the agenda "
                "as it is now."), "error")
        return None
    return item


@bp.post("/forums/<slug>/meetings/<int:meeting_id>/agenda/<int:item_id>/move")
def move_item(slug: str, meeting_id: int, item_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    if refused := _agenda_closed(forum, meeting):
        return refused
    item = _item_or_gone(forum, meeting, item_id)
    if item is not None:
        agenda.move(item, -1 if request.form.get("direction") == "up" else 1)
    return _back(forum, meeting)


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/agenda/<int:item_id>/remove",
          methods=["GET", "POST"])
def remove_item(slug: str, meeting_id: int, item_id: int):
    """Ask first (a page, so it works without JavaScript); after removing, offer to restore."""
    forum, meeting = _staff_session(slug, meeting_id)
    if refused := _agenda_closed(forum, meeting):
        return refused
    item = _item_or_gone(forum, meeting, item_id)
    if item is None:
        return _back(forum, meeting)
    form = ConfirmForm()
    confirmed = request.form.get("confirm") == "yes"  # sent by the question page only
    if request.method == "GET" or not (confirmed and form.validate_on_submit()):
        return render_template("meetings/agenda_remove.html", forum=forum, meeting=meeting,
                               item=item, form=form)
    entry_id = agenda.remove(item)
    flash(_("The item is removed from the agenda."), "success")
    return redirect(url_for("meetings.agenda_editor", slug=slug, meeting_id=meeting_id,
                            removed=entry_id) + "#restore")


@bp.post("/forums/<slug>/meetings/<int:meeting_id>/agenda/restore/<int:entry_id>")
def restore_item(slug: str, meeting_id: int, entry_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    if refused := _agenda_closed(forum, meeting):
        return refused
    if ConfirmForm().validate_on_submit():
        item = agenda.restore(meeting, entry_id)
        if item is not None:
            flash(_("The item is back on the agenda."), "success")
            return redirect(url_for("meetings.agenda_editor", slug=slug, meeting_id=meeting_id)
                            + f"#item-{item.id}")
        flash(_("There is nothing to restore: the item is already back."), "error")
    return _back(forum, meeting)


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/agenda/<int:item_id>",
          methods=["GET", "POST"])
def edit_item(slug: str, meeting_id: int, item_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    if refused := _agenda_closed(forum, meeting):
        return refused
    item = agenda.get_item(meeting, item_id)
    form = _item_form(forum, obj=item)
    if request.method == "GET":
        form.presenter_id.data = item.presenter_id or 0
    if form.validate_on_submit():
        agenda.update(item, **_fields(form))
        flash(_("The agenda item is saved."), "success")
        return redirect(url_for("meetings.agenda_editor", slug=slug, meeting_id=meeting_id))
    return render_template("meetings/agenda_item.html", forum=forum, meeting=meeting, item=item,
                           form=form), 400 if form.errors else 200


@bp.route("/forums/<slug>/meetings/<int:meeting_id>/agenda/<int:item_id>/translations",
          methods=["GET", "POST"])
def translate_item(slug: str, meeting_id: int, item_id: int):
    forum, meeting = _staff_session(slug, meeting_id)
    item = agenda.get_item(meeting, item_id)
    return translation_page(forum, item, forms.AGENDA_TEXTS, action="agenda.translate",
                            template="meetings/agenda_translations.html", meeting=meeting,
                            item=item)
