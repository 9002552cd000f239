"""The forum's rules for proposals (the answer deadline) and its list of groups proposals can
concern: add, rename, translate, stop or start offering."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.core.permissions import Role, require_role
from forum.extensions import db
from forum.i18n import current_language
from forum.proposals import deadlines, forms, groups, proposing
from forum.proposals.views import bp
from forum.proposals.views.common import forum_and_role, translation_page


def _staff_forum(slug: str):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    return forum


@bp.route("/forums/<slug>/proposals/settings", methods=["GET", "POST"])
def settings(slug: str):
    forum = _staff_forum(slug)
    form = forms.SettingsForm(obj=deadlines.settings_of(forum))
    if form.validate_on_submit():
        deadlines.save_settings(forum, form.answer_days.data)
        flash(_("The rules for proposals are saved."), "success")
        return redirect(url_for("proposals.settings", slug=slug))
    return render_template("proposals/settings.html", forum=forum, form=form,
                           groups=groups.all_of(forum),
                           group_form=forms.NewGroupForm(formdata=None,
                                                         language=current_language())), \
        400 if form.errors else 200


@bp.post("/forums/<slug>/proposals/groups")
def add_group(slug: str):
    forum = _staff_forum(slug)
    form = forms.NewGroupForm()
    if not form.validate_on_submit():
        return render_template("proposals/settings.html", forum=forum,
                               form=forms.SettingsForm(obj=deadlines.settings_of(forum)),
                               groups=groups.all_of(forum), group_form=form), 400
    groups.add(forum, form.name.data, form.language.data)
    flash(_("The group is added."), "success")
    return redirect(url_for("proposals.settings", slug=slug) + "#groups")


@bp.route("/forums/<slug>/proposals/groups/<int:group_id>", methods=["GET", "POST"])
def edit_group(slug: str, group_id: int):
    forum = _staff_forum(slug)
    group = groups.get_group(forum, group_id)
    form = forms.GroupForm(obj=group)
    if form.validate_on_submit():
        try:
            groups.rename(group, form.name.data, form.language.data)
        except proposing.ProposalRuleBroken as rule:
            db.session.rollback()
            form.name.errors.append(str(rule))
        else:
            flash(_("The group is saved."), "success")
            return redirect(url_for("proposals.settings", slug=slug) + "#groups")
    return render_template("proposals/group.html", forum=forum, group=group, form=form), \
        400 if form.errors else 200


@bp.post("/forums/<slug>/proposals/groups/<int:group_id>/offer")
def offer_group(slug: str, group_id: int):
    forum = _staff_forum(slug)
    group = groups.get_group(forum, group_id)
    offered = request.form.get("offered") == "yes"
    groups.set_offered(group, offered)
    flash(_("The group is offered again.") if offered
          else _("The group is no longer offered for new proposals."), "success")
    return redirect(url_for("proposals.settings", slug=slug) + "#groups")


@bp.route("/forums/<slug>/proposals/groups/<int:group_id>/translations",
          methods=["GET", "POST"])
def translate_group(slug: str, group_id: int):
    forum = _staff_forum(slug)
    group = groups.get_group(forum, group_id)
    return translation_page(forum, group, forms.GROUP_TEXTS,
                            action="target_group.translate")
