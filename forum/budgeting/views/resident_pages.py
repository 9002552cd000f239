"""The resident register: searching it, verifying people in person (with a decision on
possible duplicates), importing a list, removing entries, and linking an account by code."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.budgeting import forms, residents
from forum.budgeting.views import bp
from forum.budgeting.views.common import forum_and_role
from forum.core import jobs
from forum.core.permissions import Role, require_role, require_signed_in
from forum.extensions import db, limiter


def _page(forum, form=None, import_form=None, matches=None, status=200):
    search = forms.RegisterSearchForm(request.args, meta={"csrf": False})
    search.validate()
    page = max(request.args.get("page", 1, type=int), 1)
    return render_template("budgeting/residents.html", forum=forum, search=search,
                           records=residents.search(forum, search.q.data or "", page),
                           form=form or forms.ResidentForm(formdata=None), matches=matches,
                           import_form=import_form or forms.FileForm(formdata=None),
                           remove_form=forms.Form(),
                           recent_jobs=jobs.recent(forum, "budget.residents")), status


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
    imported = request.form.get("method") == "import"
    form = forms.ImportedResidentForm() if imported else forms.ResidentForm()
    if not form.validate_on_submit():
        return _page(forum, form=form, status=400)
    try:
        record = residents.verify(
            forum, full_name=form.full_name.data, birth_year=form.birth_year.data,
            neighbourhood=form.neighbourhood.data, document_tail=form.document_tail.data,
            email=form.email.data, decision=request.form.get("decision"),
            reason=form.reason.data, merge_into=request.form.get("merge_into", type=int),
            method="import" if imported else "in_person")
    except residents.DuplicateFound as found:
        db.session.rollback()
        form.full_name.errors.append(_("This person may already be in the register. Decide "
                                       "below."))
        return _page(forum, form=form, matches=found.matches, status=400)
    except residents.ResidentRefused as refusal:
        db.session.rollback()
        form.reason.errors.append(str(refusal))
        return _page(forum, form=form, matches=_matches(forum, form), status=400)
    flash(_("Nothing was added.") if record is None else
          _("The resident is in the register."), "success")
    return redirect(url_for("budgeting.resident_register", slug=slug))


def _matches(forum, form):
    return residents.duplicates_of(forum, full_name=form.full_name.data or "",
                                   birth_year=form.birth_year.data,
                                   document_tail=residents.tail_of(form.document_tail.data),
                                   email=(form.email.data or "").lower() or None) or None


@bp.post("/forums/<slug>/budgeting/residents/import")
def import_residents(slug: str):
    forum = _staff_forum(slug)
    form = forms.FileForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        form.file.errors.append(_("Choose a CSV file."))
        return _page(forum, import_form=form, status=400)
    raw = upload.read()
    try:
        residents.check_file(raw)
    except residents.ResidentRefused as refusal:
        form.file.errors.append(str(refusal))
        return _page(forum, import_form=form, status=400)
    job = jobs.start("budget.residents", forum=forum, input=raw)
    return redirect(url_for("forums.job", slug=slug, job_id=job.id), 303)


@bp.post("/forums/<slug>/budgeting/residents/<int:record_id>/remove")
def remove_resident(slug: str, record_id: int):
    forum = _staff_forum(slug)
    record = residents.get_record(forum, record_id)
    if forms.Form().validate_on_submit():
        residents.remove(forum, record)
        flash(_("The entry is removed from the register."), "success")
    return redirect(url_for("budgeting.resident_register", slug=slug))


@bp.post("/forums/<slug>/budgeting/residents/<int:record_id>/code")
def link_code(slug: str, record_id: int):
    """A one-time code for the person in front of the secretariat, shown once."""
    forum = _staff_forum(slug)
    record = residents.get_record(forum, record_id)
    if not forms.Form().validate_on_submit():
        return redirect(url_for("budgeting.resident_register", slug=slug))
    code = residents.issue_link_code(forum, record)
    return render_template("budgeting/link_code_given.html", forum=forum, record=record,
                           code=code)


def _account() -> str:
    """Guesses are counted per account: many residents may share one office's address."""
    return f"account:{current_user.get_id()}"


@bp.route("/forums/<slug>/budgeting/link", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"], key_func=_account)
def link_account(slug: str):
    """A resident types the code the secretariat gave them, to vote as a verified resident."""
    require_signed_in()
    forum, _role = forum_and_role(slug)
    form = forms.LinkCodeForm()
    if form.validate_on_submit():
        try:
            residents.link_account(forum, current_user, form.code.data)
        except residents.ResidentRefused as refusal:
            db.session.rollback()
            form.code.errors.append(str(refusal))
        else:
            flash(_("Your account is linked to your entry in the resident register."),
                  "success")
            return redirect(url_for("budgeting.cycles_list", slug=slug))
    return render_template("budgeting/link.html", forum=forum, form=form), \
        400 if form.errors else 200
