"""The resident register: verifying people in person, importing a list, removing entries."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.budgeting import forms, residents
from forum.budgeting.views import bp
from forum.budgeting.views.common import forum_and_role
from forum.core.permissions import Role, require_role
from forum.extensions import db


def _page(forum, form=None, import_form=None, report=None, status=200):
    return render_template("budgeting/residents.html", forum=forum,
                           records=residents.register_of(forum),
                           form=form or forms.ResidentForm(formdata=None),
                           import_form=import_form or forms.FileForm(formdata=None),
                           report=report, remove_form=forms.Form()), status


def _staff_forum(slug):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    return forum


@bp.get("/forums/<slug>/budgeting/residents")
def resident_register(slug: str):
    return _page(_staff_forum(slug))


@bp.post("/forums/<slug>/budgeting/residents")
def verify_resident(slug: str):
    forum = _staff_forum(slug)
    form = forms.ResidentForm()
    if form.validate_on_submit():
        try:
            residents.verify(forum, email=form.email.data, full_name=form.full_name.data,
                             birth_year=form.birth_year.data)
        except residents.ResidentRefused as refusal:
            db.session.rollback()
            form.email.errors.append(str(refusal))
        else:
            flash(_("The resident is in the register."), "success")
            return redirect(url_for("budgeting.resident_register", slug=slug))
    return _page(forum, form=form, status=400)


@bp.post("/forums/<slug>/budgeting/residents/import")
def import_residents(slug: str):
    forum = _staff_forum(slug)
    form = forms.FileForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        form.file.errors.append(_("Choose a CSV file."))
        return _page(forum, import_form=form, status=400)
    try:
        report = residents.import_list(forum, upload.read())
    except residents.ResidentRefused as refusal:
        db.session.rollback()
        form.file.errors.append(str(refusal))
        return _page(forum, import_form=form, status=400)
    return _page(forum, report=report)


@bp.post("/forums/<slug>/budgeting/residents/<int:record_id>/remove")
def remove_resident(slug: str, record_id: int):
    forum = _staff_forum(slug)
    record = residents.get_record(forum, record_id)
    if forms.Form().validate_on_submit():
        residents.remove(forum, record)
        flash(_("The entry is removed from the register."), "success")
    return redirect(url_for("budgeting.resident_register", slug=slug))
