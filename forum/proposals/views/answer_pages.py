"""The secretariat answering a proposal, translating an answer, and hiding or showing a
proposal again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.rendering import fmt_date
from forum.extensions import db
from forum.i18n import current_language
from forum.proposals import answers, forms, moderation, proposing
from forum.proposals.answers import Decision
from forum.proposals.models import ProposalEvent
from forum.proposals.views import bp
from forum.proposals.views.common import staff_proposal, translation_page


def _answer_form(forum, proposal, decisions) -> forms.AnswerForm:
    form = forms.AnswerForm(language=current_language())
    meetings = [(m.id, f"{m.localized('title').text} — {fmt_date(m.starts_at, forum.timezone)}")
                for m in answers.sessions_to_schedule(forum)]
    targets = [(p.id, f"#{p.id} {p.localized('title').text}")
               for p in answers.merge_candidates(proposal)] if Decision.MERGE in decisions \
        else []
    form.set_choices(decisions, meetings, targets)
    return form


def _decide(proposal, form) -> None:
    common = {"text": form.text.data, "language": form.language.data}
    decision, actor = form.decision.data, current_user._get_current_object()
    if decision == Decision.REVIEW:
        answers.review(proposal, actor, **common)
    elif decision == Decision.ACCEPT:
        answers.accept(proposal, actor, meeting_id=form.meeting_id.data,
                       minutes=form.duration_minutes.data, **common)
    elif decision == Decision.MERGE:
        answers.merge(proposal, actor, into_id=form.merge_into_id.data, **common)
    else:
        answers.decline(proposal, actor, **common)


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/answer", methods=["GET", "POST"])
def answer(slug: str, proposal_id: int):
    forum, proposal = staff_proposal(slug, proposal_id)
    decisions = answers.decisions_for(proposal)
    form = _answer_form(forum, proposal, decisions)
    if decisions and form.validate_on_submit():
        try:
            _decide(proposal, form)
        except proposing.ProposalRuleBroken as rule:
            db.session.rollback()
            field = form.meeting_id if form.decision.data == Decision.ACCEPT else \
                form.merge_into_id if form.decision.data == Decision.MERGE else form.text
            field.errors.append(str(rule))
        else:
            flash(_("Your answer is published. The author and the supporters are told."),
                  "success")
            return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal_id))
    status = 400 if form.errors else 409 if request.method == "POST" else 200
    return render_template("proposals/answer.html", forum=forum, proposal=proposal, form=form,
                           decisions=decisions), status


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/events/<int:event_id>/translations",
          methods=["GET", "POST"])
def translate_event(slug: str, proposal_id: int, event_id: int):
    forum, proposal = staff_proposal(slug, proposal_id)
    event = db.session.get(ProposalEvent, event_id)
    if event is None or event.proposal_id != proposal.id or not event.text:
        abort(404)
    return translation_page(forum, event, forms.EVENT_TEXTS,
                            action="proposal.answer_translate", proposal=proposal)


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/moderate", methods=["GET", "POST"])
def moderate(slug: str, proposal_id: int):
    forum, proposal = staff_proposal(slug, proposal_id)
    form = forms.ModerationForm(language=current_language())
    if request.method == "POST" and request.form.get("action") == "dismiss":
        closed = moderation.dismiss_reports(proposal)
        flash(_("The reports are closed and the proposal stays visible.") if closed
              else _("There were no open reports."), "success")
        return redirect(url_for("proposals.moderate", slug=slug, proposal_id=proposal_id))
    if form.validate_on_submit():
        change = moderation.restore if proposal.is_hidden else moderation.hide
        try:
            change(proposal, current_user._get_current_object(), reason=form.reason.data,
                   language=form.language.data)
        except proposing.ProposalRuleBroken as rule:
            db.session.rollback()
            form.reason.errors.append(str(rule))
        else:
            flash(_("The proposal is shown again. Its author is told.") if not proposal.is_hidden
                  else _("The proposal is hidden. Its author is told."), "success")
            return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal_id))
    return render_template("proposals/moderate.html", forum=forum, proposal=proposal, form=form,
                           reports=moderation.open_reports(proposal)), \
        400 if form.errors else 200
