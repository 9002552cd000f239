"""Supporting a proposal (a plain form; with htmx the count updates in place) and reporting one
to the secretariat."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.permissions import require_signed_in
from forum.core.rendering import render_page_or_partial
from forum.extensions import db, htmx, limiter
from forum.proposals import forms, moderation, proposing, supports
from forum.proposals.views import bp
from forum.proposals.views.common import proposal_for, report_limit


def _after_support(forum, proposal, status: int):
    if not (htmx and not htmx.boosted):
        return redirect(url_for("proposals.show", slug=forum.slug, proposal_id=proposal.id)
                        + "#support")
    response = render_page_or_partial(
        "proposals/support.html", "proposals/_support.html", forum=forum, proposal=proposal,
        supports=supports.count(proposal),
        supported=supports.has_supported(proposal, current_user))
    response.status_code = status
    return response


def _change_support(slug: str, proposal_id: int, add: bool):
    require_signed_in()
    forum, _role, proposal = proposal_for(slug, proposal_id)
    try:
        changed = (supports.support if add else supports.withdraw)(proposal, current_user)
    except proposing.ProposalRuleBroken as rule:
        db.session.rollback()
        flash(str(rule), "error")
        return _after_support(forum, proposal, 409)
    if add:
        flash(_("Thank you for your support.") if changed
              else _("You already support this proposal."), "success")
    else:
        flash(_("Your support is taken back.") if changed
              else _("You did not support this proposal."), "success")
    return _after_support(forum, proposal, 200)


@bp.post("/forums/<slug>/proposals/<int:proposal_id>/support")
def support(slug: str, proposal_id: int):
    return _change_support(slug, proposal_id, add=True)


@bp.post("/forums/<slug>/proposals/<int:proposal_id>/unsupport")
def unsupport(slug: str, proposal_id: int):
    return _change_support(slug, proposal_id, add=False)


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/report", methods=["GET", "POST"])
@limiter.limit(report_limit, methods=["POST"])
def report(slug: str, proposal_id: int):
    require_signed_in()
    forum, _role, proposal = proposal_for(slug, proposal_id)
    form = forms.ReportForm()
    if form.validate_on_submit():
        moderation.report(proposal, current_user, form.reason.data, form.note.data)
        flash(_("Thank you. The secretariat will look at this proposal."), "success")
        return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal_id))
    return render_template("proposals/report.html", forum=forum, proposal=proposal, form=form), \
        400 if form.errors else 200
