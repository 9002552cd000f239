"""Setting the desk up: its settings (the switch that opens it), its staff, and its register of
institutions. For the desk's head, the forum's secretariat and administrators."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts.models import User
from forum.desk import access, institutions
from forum.desk import settings as desk_settings
from forum.desk.forms import InstitutionForm, SettingsForm, StaffForm
from forum.desk.models import DeskStaff
from forum.desk.views import bp
from forum.extensions import db
from forum.forums.models import Membership
from forum.forums.services import get_forum


def _manager_forum(slug: str):
    forum = get_forum(slug)
    access.require_manager(forum)
    return forum


@bp.route("/forums/<slug>/desk/settings", methods=["GET", "POST"])
def settings(slug: str):
    forum = _manager_forum(slug)
    current = desk_settings.settings_of(forum)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        desk_settings.save_settings(forum, **{name: getattr(form, name).data
                                      for name in desk_settings.SETTING_FIELDS})
        flash(_("The desk's settings are saved."), "success")
        return redirect(url_for("desk.settings", slug=slug))
    return render_template("desk/settings.html", forum=forum, form=form,
                           staff=desk_settings.staff_of(forum), staff_form=StaffForm()), \
        400 if form.errors else 200


@bp.post("/forums/<slug>/desk/staff")
def add_staff(slug: str):
    forum = _manager_forum(slug)
    form = StaffForm()
    user = None
    if form.validate():
        user = db.session.scalar(select(User).where(User.email == form.email.data.lower(),
                                                    User.deleted_at.is_(None)))
        if user is None:
            form.email.errors.append(_("Nobody has an account with this e-mail address."))
    if user is None:
        return render_template("desk/settings.html", forum=forum,
                               form=SettingsForm(obj=desk_settings.settings_of(forum)),
                               staff=desk_settings.staff_of(forum), staff_form=form), 400
    desk_settings.set_staff(forum, user, form.role.data)
    flash(_("%(name)s works at the desk now.", name=user.display_name), "success")
    return redirect(url_for("desk.settings", slug=slug) + "#staff")


@bp.post("/forums/<slug>/desk/staff/<int:staff_id>/remove")
def remove_staff(slug: str, staff_id: int):
    forum = _manager_forum(slug)
    staff = db.session.get(DeskStaff, staff_id)
    if staff is None or staff.forum_id != forum.id:
        abort(404)
    desk_settings.remove_staff(forum, staff)
    flash(_("The person no longer works at the desk."), "success")
    return redirect(url_for("desk.settings", slug=slug) + "#staff")


@bp.get("/forums/<slug>/desk/institutions")
def institution_list(slug: str):
    forum = _manager_forum(slug)
    return render_template("desk/institutions.html", forum=forum,
                           register=institutions.register_of(forum))


def _institution_form(forum, institution=None) -> InstitutionForm:
    form = InstitutionForm(obj=institution)
    members = db.session.scalars(select(Membership).where(Membership.forum_id == forum.id,
                                                          Membership.organisation != ""))
    form.set_choices([(m.id, m.organisation) for m in members])
    return form


def _values(form) -> dict:
    values = {name: getattr(form, name).data for name in institutions.FIELDS}
    values["membership_id"] = values["membership_id"] or None
    return values


@bp.route("/forums/<slug>/desk/institutions/new", methods=["GET", "POST"])
def institution_new(slug: str):
    forum = _manager_forum(slug)
    form = _institution_form(forum)
    if form.validate_on_submit():
        institutions.add(forum, **_values(form))
        flash(_("The institution is in the register."), "success")
        return redirect(url_for("desk.institution_list", slug=slug))
    return render_template("desk/institution.html", forum=forum, form=form,
                           institution=None), 400 if form.errors else 200


@bp.route("/forums/<slug>/desk/institutions/<int:institution_id>", methods=["GET", "POST"])
def institution_edit(slug: str, institution_id: int):
    forum = _manager_forum(slug)
    institution = institutions.get_institution(forum, institution_id)
    form = _institution_form(forum, institution)
    if form.validate_on_submit():
        institutions.change(forum, institution, **_values(form))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("desk.institution_list", slug=slug))
    return render_template("desk/institution.html", forum=forum, form=form,
                           institution=institution), 400 if form.errors else 200
