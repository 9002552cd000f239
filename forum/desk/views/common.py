"""What the desk's views share: the forum with its running desk, the filing form with the
forum's choices, and running a change that a desk rule may refuse."""

from __future__ import annotations

from flask import flash
from flask_login import current_user

from forum.desk import access, institutions
from forum.desk.forms import CaseForm, StaffCaseForm
from forum.desk.models import category_label
from forum.desk.states import CaseRuleBroken
from forum.extensions import db
from forum.forums.services import get_forum
from forum.proposals import groups


def desk_of(slug: str):
    """(forum, settings) of a forum that runs a desk; 404 otherwise."""
    forum = get_forum(slug)
    return forum, access.running_desk(forum)


def case_form(forum, settings, *, staff: bool, **kwargs) -> CaseForm:
    form = (StaffCaseForm if staff else CaseForm)(**kwargs)
    form.set_choices([(c, category_label(c)) for c in settings.categories],
                     [(i.id, i.name) for i in institutions.register_of(forum, in_use_only=True)],
                     groups.choices(groups.offered(forum)))
    if not form.is_submitted() and current_user.is_authenticated and not staff:
        form.contact_name.data = form.contact_name.data or current_user.display_name or ""
        form.contact_email.data = form.contact_email.data or current_user.email or ""
    return form


def attempt(change, done: str) -> bool:
    """Run a change; say it is done, or say which rule refused it (nothing stays half-done)."""
    try:
        change()
    except CaseRuleBroken as rule:
        db.session.rollback()
        flash(str(rule), "error")
        return False
    flash(done, "success")
    return True
