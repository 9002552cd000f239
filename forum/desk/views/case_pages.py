"""The desk's staff at work: the queue, a case's page (each open is logged), assigning, notes,
referrals and replies, answers to the person, status moves, and the case's attachments."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.accounts.models import User
from forum.core.cleaning import whole_number
from forum.desk import access, institutions, queries, states, working
from forum.desk import settings as desk_settings
from forum.desk.forms import (
    AnswerForm,
    AssignForm,
    MoveForm,
    NoteForm,
    ReferralForm,
    ReplyForm,
    date_within,
)
from forum.desk.models import Attachment, Referral, StaffRole
from forum.desk.views import bp
from forum.desk.views.common import attempt, desk_of
from forum.extensions import db
from forum.proposals import groups


@bp.get("/forums/<slug>/desk/cases")
def queue(slug: str):
    forum, settings = desk_of(slug)
    role = access.require_staff(forum)
    status = request.args.get("status", "open")
    assignee = request.args.get("assignee", queries.ALL)[:12]
    cases = queries.queue(forum, role, current_user, status=status, assignee=assignee)
    return render_template("desk/queue.html", forum=forum, settings=settings, cases=cases,
                           role=role, status=status, assignee=assignee,
                           staff=desk_settings.staff_of(forum), today=queries.today_of(forum),
                           statuses=states.STATUS_LABELS)


def _forms(forum, case, **given) -> dict:
    staff = desk_settings.staff_of(forum)
    assign = given.get("assign_form") or AssignForm(assignee_id=case.assignee_id or 0)
    assign.assignee_id.choices = [(0, _("— nobody —"))] + [(s.user_id, str(s.user))
                                                            for s in staff]
    referral = given.get("referral_form") or ReferralForm(
        version=case.version, referred_on=queries.today_of(forum))
    referral.institution_id.choices = [(i.id, i.name) for i in
                                       institutions.register_of(forum, in_use_only=True)]
    move = given.get("move_form") or MoveForm(version=case.version)
    move.set_choices(states.moves_from(case.status))
    return {"assign_form": assign, "referral_form": referral, "move_form": move,
            "note_form": given.get("note_form") or NoteForm(),
            "answer_form": given.get("answer_form") or AnswerForm(version=case.version),
            "reply_form": given.get("reply_form") or ReplyForm(
                replied_on=queries.today_of(forum)),
            "reply_for": given.get("reply_for")}


def render_case(forum, role, case, status: int = 200, **given):
    """The case page with its forms (a refused one keeps what was typed)."""
    return render_template(
        "desk/case.html", forum=forum, role=role, case=case, today=queries.today_of(forum),
        overdue=queries.is_overdue(case, queries.today_of(forum)),
        group_names=[g.label().text for g in groups.chosen(forum, case.groups)]
        if case.groups else [],
        is_head=role == StaffRole.HEAD, manager=access.may_manage(forum),
        **_forms(forum, case, **given)), status


@bp.get("/forums/<slug>/desk/cases/<int:case_id>")
def case(slug: str, case_id: int):
    """Opening a case is itself recorded (who, when): the one write a GET makes here."""
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id, options=queries.case_page())
    working.log_open(case, current_user)
    return render_case(forum, role, case)


def _back(slug: str, case_id: int, anchor: str = ""):
    return redirect(url_for("desk.case", slug=slug, case_id=case_id) + anchor)


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/assign")
def assign(slug: str, case_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    form = AssignForm()
    chosen = whole_number(request.form.get("assignee_id"))
    staff_ids = {s.user_id for s in desk_settings.staff_of(forum)}
    if chosen and chosen not in staff_ids:
        flash(_("Choose someone who works at the desk."), "error")
        return render_case(forum, role, case, 400, assign_form=form)
    working.assign(case, db.session.get(User, chosen) if chosen else None)
    flash(_("The case is assigned."), "success")
    return _back(slug, case_id)


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/notes")
def note(slug: str, case_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    form = NoteForm()
    if not form.validate():
        return render_case(forum, role, case, 400, note_form=form)
    working.add_note(case, current_user, form.text.data)
    flash(_("Your note is saved."), "success")
    return _back(slug, case_id, "#notes")


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/referrals")
def refer(slug: str, case_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    form = ReferralForm()
    form.institution_id.choices = [(i.id, i.name) for i in
                                   institutions.register_of(forum, in_use_only=True)]
    today = queries.today_of(forum)
    filed = queries.filed_on(case)
    if not (form.validate() & date_within(form.referred_on, first=filed, last=today)):
        return render_case(forum, role, case, 400, referral_form=form)
    institution = institutions.chosen(forum, form.institution_id.data)
    if not attempt(lambda: working.refer(
            case, current_user, institution=institution, referred_on=form.referred_on.data,
            request=form.request.data, version=whole_number(form.version.data) or 0),
            _("The referral is recorded.")):
        return render_case(forum, role, case, 409, referral_form=form)
    return _back(slug, case_id, "#referrals")


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/referrals/<int:referral_id>/reply")
def reply(slug: str, case_id: int, referral_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    referral = db.session.get(Referral, referral_id)
    if referral is None or referral.case_id != case.id:
        abort(404)
    form = ReplyForm()
    today = queries.today_of(forum)
    if not (form.validate() & date_within(form.replied_on, first=referral.referred_on,
                                          last=today)):
        return render_case(forum, role, case, 400, reply_form=form, reply_for=referral.id)
    if not attempt(lambda: working.record_reply(case, referral, reply=form.reply.data,
                                                replied_on=form.replied_on.data),
                   _("The institution's reply is recorded.")):
        db.session.refresh(referral)
        return render_case(forum, role, case, 409, reply_form=form, reply_for=referral.id)
    return _back(slug, case_id, "#referrals")


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/answer")
def answer(slug: str, case_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    form = AnswerForm()
    if not form.validate():
        return render_case(forum, role, case, 400, answer_form=form)
    if not attempt(lambda: working.answer(case, current_user, text=form.text.data,
                                          version=whole_number(form.version.data) or 0),
                   _("The answer is saved.")):
        db.session.refresh(case)
        return render_case(forum, role, case, 409, answer_form=form)
    return _back(slug, case_id, "#answers")


@bp.post("/forums/<slug>/desk/cases/<int:case_id>/move")
def move(slug: str, case_id: int):
    forum, _settings = desk_of(slug)
    role, case = access.staff_case(forum, case_id)
    form = MoveForm()
    form.set_choices(list(states.MOVE_LABELS))
    if not form.validate():
        return render_case(forum, role, case, 400, move_form=form)
    if not attempt(lambda: working.move(case, states.Move(form.move.data),
                                        version=whole_number(form.version.data) or 0,
                                        reason=form.reason.data),
                   _("The case's status is changed.")):
        db.session.refresh(case)
        return render_case(forum, role, case, 409, move_form=form)
    return _back(slug, case_id)


@bp.get("/forums/<slug>/desk/cases/<int:case_id>/files/<int:attachment_id>")
def attachment(slug: str, case_id: int, attachment_id: int):
    forum, _settings = desk_of(slug)
    _role, case = access.staff_case(forum, case_id)
    kept = db.session.get(Attachment, attachment_id)
    if kept is None or kept.case_id != case.id:
        abort(404)
    response = make_response(kept.data)
    response.headers["Content-Type"] = kept.content_type
    response.headers["Content-Disposition"] = "attachment"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
