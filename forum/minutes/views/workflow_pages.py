"""Moving minutes along: starting them from a held session, review, approval, publication,
corrections, and translations of a published version."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forum.core.permissions import Role, require_role
from forum.core.rendering import fmt_date
from forum.core.translations import TranslatableField, default_target, translation_form
from forum.extensions import db
from forum.forums.forms import ConfirmForm
from forum.i18n import current_language
from forum.meetings.services import get_meeting
from forum.minutes import document, drafting, states, workflow
from forum.minutes.drafting import MinutesRuleBroken
from forum.minutes.forms import ApproveForm, CorrectionForm
from forum.minutes.models import ApprovedHow
from forum.minutes.views import bp
from forum.minutes.views.common import forum_and_role, staff_minutes


def _to_draft(minutes):
    return redirect(url_for("minutes.draft", slug=minutes.forum.slug, minutes_id=minutes.id))


@bp.post("/forums/<slug>/minutes/start/<int:meeting_id>")
def start(slug: str, meeting_id: int):
    forum, role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    meeting = get_meeting(forum, meeting_id, role)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        minutes = drafting.start(meeting)
    except MinutesRuleBroken as rule:
        flash(str(rule), "error")
        return redirect(url_for("meetings.show", slug=slug, meeting_id=meeting_id))
    flash(_("The draft is ready: one section for each agenda item, with the attendance."),
          "success")
    return _to_draft(minutes)


def _step(slug: str, minutes_id: int, change, done_message: str):
    _forum, _role, minutes = staff_minutes(slug, minutes_id)
    if ConfirmForm().validate_on_submit():
        try:
            change(minutes)
        except MinutesRuleBroken as rule:
            db.session.rollback()
            flash(str(rule), "error")
        else:
            flash(done_message, "success")
    return _to_draft(minutes)


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/review")
def send_to_review(slug: str, minutes_id: int):
    return _step(slug, minutes_id, workflow.send_to_review,
                 _("The draft is in review: the members can read it and comment."))


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/reopen")
def reopen(slug: str, minutes_id: int):
    return _step(slug, minutes_id, workflow.reopen,
                 _("The minutes are a draft again and can be changed."))


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/publish")
def publish(slug: str, minutes_id: int):
    return _step(slug, minutes_id, lambda minutes: workflow.publish(minutes, current_user),
                 _("The minutes are published. Everyone who may see the session can read them."))


@bp.route("/forums/<slug>/minutes/<int:minutes_id>/approve", methods=["GET", "POST"])
def approve(slug: str, minutes_id: int):
    forum, _role, minutes = staff_minutes(slug, minutes_id)
    form = ApproveForm()
    sessions = workflow.approval_sessions(minutes)
    form.set_sessions(sessions, lambda m: f"{m.localized('title').text} — "
                      f"{fmt_date(m.starts_at, forum.timezone)}")
    form.set_ways(workflow.approval_choices(minutes))
    refused = states.why_not(minutes, states.Move.APPROVE) or workflow.missing_text(minutes)
    if form.validate_on_submit() and not refused:
        how = form.how.data
        try:
            workflow.approve(minutes, how, form.meeting_id.data or None, form.rule.data,
                             current_user, confirmed=form.confirm.data)
        except MinutesRuleBroken as rule:
            db.session.rollback()
            _refusal_on(form, how, rule)
        else:
            flash(_("The minutes are approved. Publish them when they are ready."), "success")
            return _to_draft(minutes)
    status = 409 if refused and request.method == "POST" else 400 if form.errors else 200
    return render_template("minutes/approve.html", forum=forum, minutes=minutes, form=form,
                           sessions=sessions, refused=refused,
                           warnings=workflow.approval_warnings(minutes)), status


def _refusal_on(form, how: str, rule: MinutesRuleBroken) -> None:
    if isinstance(rule, workflow.NeedsConfirmation):
        target = form.confirm
    else:
        target = form.meeting_id if how == ApprovedHow.SESSION else form.rule
    target.errors = [*target.errors, str(rule)]


@bp.route("/forums/<slug>/minutes/<int:minutes_id>/correct", methods=["GET", "POST"])
def correct(slug: str, minutes_id: int):
    forum, _role, minutes = staff_minutes(slug, minutes_id)
    form = CorrectionForm(language=current_language())
    if form.validate_on_submit():
        try:
            workflow.start_correction(minutes, form.reason.data, form.language.data)
        except MinutesRuleBroken as rule:
            db.session.rollback()
            form.reason.errors.append(str(rule))
        else:
            flash(_("The correction is a new draft. The published version stays as it is "
                    "until the correction is approved and published."), "success")
            return _to_draft(minutes)
    return render_template("minutes/correct.html", forum=forum, minutes=minutes, form=form), \
        400 if form.errors else 200


KIND_LABELS = {"title": _l("Heading"), "summary": _l("Summary of the discussion"),
               "decision": _l("Decision"), "action": _l("What is to be done")}


def _translatable(version) -> tuple[list, tuple[TranslatableField, ...]]:
    """The version's texts, and a form field for each, labelled by section number and kind."""
    texts, fields, number = document.translatable_texts(version.content), [], 0
    for key, kind, _original, _language, long in texts:
        number += kind == "title"
        fields.append(TranslatableField(f"t_{key.replace('.', '_')}",
                                        f"{number}. {KIND_LABELS[kind]}",
                                        20000 if long else 200, long=long))
    return texts, tuple(fields)


@bp.route("/forums/<slug>/minutes/<int:minutes_id>/translations", methods=["GET", "POST"])
def translations(slug: str, minutes_id: int):
    forum, _role, minutes = staff_minutes(slug, minutes_id)
    version = workflow.latest_version(minutes)
    if version is None:
        abort(404)
    texts, fields = _translatable(version)
    target = default_target(minutes.meeting, request.values.get("target"), forum.languages,
                            current_language())
    form_class = translation_form(fields)
    stored = (version.translations or {}).get(target, {})
    form = form_class(target=target, **{f.name: stored.get(t[0]) for f, t in zip(fields, texts,
                                                                                strict=True)})
    if form.validate_on_submit():
        workflow.save_translation(version, form.target.data,
                                  {t[0]: form[f.name].data for f, t in zip(fields, texts,
                                                                           strict=True)})
        flash(_("The translation is saved."), "success")
        return redirect(url_for("minutes.translations", slug=slug, minutes_id=minutes_id,
                                target=form.target.data))
    return render_template("minutes/translations.html", forum=forum, minutes=minutes,
                           version=version, form=form, rows=list(zip(fields, texts,
                                                                     strict=True))), \
        400 if form.errors else 200

