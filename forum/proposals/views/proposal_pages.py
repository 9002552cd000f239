"""Proposing, a proposal's page, the author changing or withdrawing it, and its translations."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_signed_in
from forum.extensions import limiter
from forum.i18n import current_language
from forum.proposals import answers, deadlines, forms, groups, proposing, supports
from forum.proposals.views import bp
from forum.proposals.views.common import (
    attempt,
    authors_proposal,
    forum_and_role,
    proposal_for,
    proposal_form,
    propose_limit,
    staff_here,
    staff_proposal,
    translation_page,
)


def _texts(forum, form) -> dict:
    return {"title": form.title.data, "description": form.description.data,
            "language": form.language.data,
            "groups": groups.chosen(forum, form.groups.data or []),
            "related_meeting_id": form.related_meeting_id.data or None}


@bp.route("/forums/<slug>/proposals/new", methods=["GET", "POST"])
@limiter.limit(propose_limit, methods=["POST"], exempt_when=staff_here)
def new(slug: str):
    require_signed_in()
    forum, role = forum_and_role(slug)
    form = proposal_form(forum, role, language=current_language(),
                         related_meeting_id=request.args.get("session", 0, type=int))
    if form.validate_on_submit():
        by_staff = role >= Role.SECRETARIAT
        proposal = proposing.submit(forum, current_user, **_texts(forum, form), by_staff=by_staff,
                                    on_behalf_of=form.on_behalf_of.data if by_staff else "")
        flash(_("Thank you. Your proposal is published, and the secretariat will answer it "
                "publicly."), "success")
        return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal.id))
    return render_template("proposals/form.html", forum=forum, form=form, proposal=None), \
        400 if form.errors else 200


@bp.get("/forums/<slug>/proposals/<int:proposal_id>")
@public_page
def show(slug: str, proposal_id: int):
    forum, role, proposal = proposal_for(slug, proposal_id)
    settings = deadlines.settings_of(forum)
    return render_template(
        "proposals/show.html", forum=forum, role=role, proposal=proposal,
        supports=supports.count(proposal), supported=supports.has_supported(proposal,
                                                                             current_user),
        is_author=current_user.is_authenticated and proposal.author_id == current_user.id,
        decisions=answers.decisions_for(proposal) if role >= Role.SECRETARIAT else [],
        due=deadlines.due_on(proposal, settings),
        overdue=deadlines.is_overdue(proposal, settings))


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(slug: str, proposal_id: int):
    forum, proposal = authors_proposal(slug, proposal_id)
    form = proposal_form(forum, Role.RESIDENT, proposal)
    if request.method == "GET":
        form.groups.data = [g.id for g in proposal.groups]
        form.related_meeting_id.data = proposal.related_meeting_id or 0
    if form.validate_on_submit():
        attempt(lambda: proposing.edit(proposal, **_texts(forum, form)),
                _("Your changes are saved."))
        return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal_id))
    return render_template("proposals/form.html", forum=forum, form=form, proposal=proposal), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/withdraw", methods=["GET", "POST"])
def withdraw(slug: str, proposal_id: int):
    forum, proposal = authors_proposal(slug, proposal_id)
    form = forms.WithdrawForm(language=current_language())
    if form.validate_on_submit():
        attempt(lambda: proposing.withdraw(proposal, current_user, text=form.text.data,
                                           language=form.language.data),
                _("Your proposal is withdrawn. Those who supported it are told."))
        return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal_id))
    return render_template("proposals/withdraw.html", forum=forum, proposal=proposal,
                           form=form), 400 if form.errors else 200


@bp.route("/forums/<slug>/proposals/<int:proposal_id>/translations", methods=["GET", "POST"])
def translations(slug: str, proposal_id: int):
    forum, proposal = staff_proposal(slug, proposal_id)
    return translation_page(forum, proposal, forms.PROPOSAL_TEXTS,
                            action="proposal.translate", proposal=proposal)
