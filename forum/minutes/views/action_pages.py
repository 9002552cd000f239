"""Action items: a forum's list (open, overdue, done), marking one done or open again, and the
signed-in person's own."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role, require_signed_in
from forum.extensions import db
from forum.forums.forms import ConfirmForm
from forum.i18n import current_language
from forum.minutes import actions
from forum.minutes.forms import DoneForm
from forum.minutes.views import bp
from forum.minutes.views.common import forum_and_role

PAGE_SIZE = 30


def _done_form(forum, action_id: int, formdata=None) -> DoneForm:
    if formdata is None:
        return DoneForm(formdata=None, prefix=f"done-{action_id}", done_on=actions.today(forum),
                        language=current_language())
    return DoneForm(prefix=f"done-{action_id}")


def _list(forum, role, which: str, done_form=None, done_item=None, status=200):
    page = db.paginate(actions.forum_actions(forum, role, which), per_page=PAGE_SIZE,
                       error_out=False)
    return render_template(
        "minutes/actions.html", forum=forum, role=role, page=page, which=which,
        counts=actions.counts(forum, role), done_item=done_item, done_form=done_form,
        done_forms=lambda action_id: _done_form(forum, action_id)), status


@bp.get("/forums/<slug>/minutes/actions")
@public_page
def action_list(slug: str):
    forum, role = forum_and_role(slug)
    which = request.args.get("show", "open")
    return _list(forum, role, which if which in actions.FILTERS else "open")


@bp.post("/forums/<slug>/minutes/actions/<int:action_id>/done")
def action_done(slug: str, action_id: int):
    forum, _role = forum_and_role(slug)
    role = require_role(forum, Role.SECRETARIAT)
    item = actions.get_action(forum, action_id, role)
    form = _done_form(forum, action_id, formdata=True)
    if form.validate_on_submit():
        try:
            actions.mark_done(item, form.done_on.data, form.note.data, form.language.data,
                              current_user)
        except actions.ActionRuleBroken as rule:
            db.session.rollback()
            form.done_on.errors.append(str(rule))
        else:
            flash(_("The action item is marked done."), "success")
            return redirect(url_for("minutes.action_list", slug=slug, show="done"))
    return _list(forum, role, "open", done_form=form, done_item=item.id, status=400)


@bp.post("/forums/<slug>/minutes/actions/<int:action_id>/reopen")
def action_reopen(slug: str, action_id: int):
    forum, _role = forum_and_role(slug)
    role = require_role(forum, Role.SECRETARIAT)
    item = actions.get_action(forum, action_id, role)
    if ConfirmForm().validate_on_submit():
        actions.reopen(item)
        flash(_("The action item is open again."), "success")
    return redirect(url_for("minutes.action_list", slug=slug))


@bp.get("/minutes/mine")
def my_actions():
    require_signed_in()
    items = list(db.session.scalars(actions.of_person(current_user)))
    return render_template("minutes/mine.html", items=items, role=Role.MEMBER)
