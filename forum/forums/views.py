"""The forums blueprint: the list of forums, a forum's home, its settings, members and log,
and the progress of a long job started in the forum."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core import audit, jobs, slots
from forum.core.models import Job
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_admin, require_role, require_signed_in, role_in
from forum.core.translations import translation_page
from forum.extensions import db, htmx
from forum.forums import forms, navigation, services
from forum.forums.models import COUNTRY_LABELS, ROLE_LABELS, SECTOR_LABELS, Invitation, Membership
from forum.i18n import current_language

bp = Blueprint("forums", __name__)
slots.add_personal_data(services.personal_data)
slots.add_eraser(services.erase_person)
AUDIT_PAGE_SIZE = 50


bp.add_app_template_global(navigation.forum_nav)


@bp.app_template_filter("sector_label")
@bp.app_template_global()
def sector_label(sector: str) -> str:
    return str(SECTOR_LABELS.get(sector, sector))


@bp.app_template_global()
def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


@bp.app_template_global()
def job_status(job) -> str:
    return str(jobs.STATUS_LABELS[job.status])


@bp.app_template_global()
def forum_country(forum) -> str:
    return str(COUNTRY_LABELS.get(forum.country, forum.country))


@bp.get("/")
@public_page
def index():
    return render_template("forums/index.html", forums=services.list_forums())


@bp.get("/forums/<slug>/")
@public_page
def home(slug: str):
    forum = services.get_forum(slug)
    role = role_in(forum)
    return render_template("forums/home.html", forum=forum, role=role,
                           sectors=services.members_by_sector(forum),
                           membership=services.find_membership(forum, current_user)
                           if current_user.is_authenticated else None,
                           panels=slots.panels_for(forum, role))


@bp.route("/forums/new", methods=["GET", "POST"])
def create():
    require_admin()
    form = forms.NewForumForm(language=current_language(), languages=[current_language()])
    if form.validate_on_submit():
        if services.slug_taken(form.slug.data):
            form.slug.errors.append(_("Another forum uses this short name."))
        else:
            fields = {name: getattr(form, name).data for name in services.FORUM_FIELDS}
            forum = services.create_forum(form.slug.data, **fields)
            services.invite(forum, form.secretariat_email.data, "secretariat", "",
                            "municipality", current_language())
            flash(_("The forum is created and its secretariat is invited."), "success")
            return redirect(url_for("forums.home", slug=forum.slug))
    return render_template("forums/create.html", form=form), 400 if form.errors else 200


@bp.route("/forums/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.ForumForm(obj=forum)
    if form.validate_on_submit():
        services.update_forum(forum, **{n: getattr(form, n).data for n in services.FORUM_FIELDS})
        flash(_("The forum's details are saved."), "success")
        return redirect(url_for("forums.home", slug=forum.slug))
    return render_template("forums/settings.html", forum=forum, form=form), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/translations", methods=["GET", "POST"])
def translations(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    return translation_page(forum, forum, forms.TRANSLATABLE, action="forum.translate",
                            template="forums/translations.html")


@bp.get("/forums/<slug>/members")
def members(slug: str, invite_form=None, status: int = 200):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    invite_form = invite_form or forms.InviteForm(formdata=None, language=current_language())
    return render_template("forums/members.html", forum=forum,
                           members=services.members(forum), invite_form=invite_form,
                           invitations=services.pending_invitations(forum),
                           confirm=forms.ConfirmForm()), status


@bp.post("/forums/<slug>/members/invite")
def invite(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.InviteForm()
    if not form.validate_on_submit():
        return members(slug, invite_form=form, status=400)
    services.invite(forum, form.email.data, form.role.data, form.organisation.data,
                    form.sector.data, form.language.data)
    flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("forums.members", slug=slug))


def _membership_in(forum, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.forum_id != forum.id:
        abort(404)
    return membership


@bp.route("/forums/<slug>/members/<int:membership_id>", methods=["GET", "POST"])
def edit_member(slug: str, membership_id: int):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    membership = _membership_in(forum, membership_id)
    form = forms.MemberForm(obj=membership)
    if form.validate_on_submit():
        try:
            services.update_member(membership, form.role.data, form.organisation.data,
                                   form.sector.data)
        except services.ForumRuleBroken as rule:
            db.session.rollback()
            form.role.errors.append(str(rule))
        else:
            flash(_("The member's details are saved."), "success")
            return redirect(url_for("forums.members", slug=slug))
    return render_template("forums/member.html", forum=forum, membership=membership, form=form,
                           confirm=forms.ConfirmForm()), 400 if form.errors else 200


@bp.post("/forums/<slug>/members/<int:membership_id>/remove")
def remove_member(slug: str, membership_id: int):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    membership = _membership_in(forum, membership_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            services.remove_member(membership)
        except services.ForumRuleBroken as rule:
            db.session.rollback()
            flash(str(rule), "error")
        else:
            flash(_("The member is removed from the forum."), "success")
    return redirect(url_for("forums.members", slug=slug))


@bp.post("/forums/<slug>/invitations/<int:invitation_id>/revoke")
def revoke_invitation(slug: str, invitation_id: int):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.forum_id != forum.id:
        abort(404)
    if forms.ConfirmForm().validate_on_submit():
        services.revoke_invitation(invitation)
        flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("forums.members", slug=slug))


@bp.route("/forums/<slug>/invitations/<token>", methods=["GET", "POST"])
def invitation(slug: str, token: str):
    forum = services.get_forum(slug)
    require_signed_in()
    try:
        found = services.find_invitation(forum, token)
    except services.InvitationProblem as problem:
        return render_template("forums/invitation_invalid.html", forum=forum,
                               reason=problem.reason), 400
    form = forms.MembershipForm(organisation=found.organisation, sector=found.sector)
    if form.validate_on_submit():
        try:
            services.accept_invitation(found, current_user, form.organisation.data,
                                       form.sector.data, form.name_public.data)
        except services.InvitationProblem as problem:
            return render_template("forums/invitation_invalid.html", forum=forum,
                                   reason=problem.reason), 400
        flash(_("Welcome to the forum."), "success")
        return redirect(url_for("forums.home", slug=slug))
    return render_template("forums/invitation.html", forum=forum, invitation=found, form=form), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/membership", methods=["GET", "POST"])
def membership(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.MEMBER)
    mine = services.find_membership(forum, current_user)
    if mine is None:  # an administrator who is not a member
        abort(404)
    form = forms.MembershipForm(obj=mine)
    if form.validate_on_submit():
        services.update_own_membership(mine, form.organisation.data, form.sector.data,
                                       form.name_public.data)
        flash(_("Your membership details are saved."), "success")
        return redirect(url_for("forums.home", slug=slug))
    return render_template("forums/membership.html", forum=forum, form=form,
                           confirm=forms.ConfirmForm()), 400 if form.errors else 200


@bp.post("/forums/<slug>/membership/leave")
def leave(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.MEMBER)
    mine = services.find_membership(forum, current_user)
    if mine is not None and forms.ConfirmForm().validate_on_submit():
        try:
            services.leave(mine)
        except services.ForumRuleBroken as rule:
            db.session.rollback()
            flash(str(rule), "error")
            return redirect(url_for("forums.membership", slug=slug))
        flash(_("You have left the forum."), "success")
    return redirect(url_for("forums.home", slug=slug))


@bp.get("/forums/<slug>/audit")
def audit_log(slug: str):
    forum = services.get_forum(slug)
    require_role(forum, Role.SECRETARIAT)
    page = db.paginate(audit.entries_query(forum), per_page=AUDIT_PAGE_SIZE, error_out=False)
    return render_template("forums/audit.html", forum=forum, page=page,
                           labels=audit.ACTION_LABELS)


@bp.get("/forums/<slug>/jobs/<int:job_id>")
def job(slug: str, job_id: int):
    """A job's progress, errors so far and report: for who started it and the secretariat.
    htmx polls the partial while the job runs; without JavaScript the page refreshes itself."""
    forum = services.get_forum(slug)
    found = db.session.get(Job, job_id)
    if found is None or found.forum_id != forum.id:
        abort(404)
    require_signed_in()
    if not jobs.visible_to(found, current_user, role_in(forum) >= Role.SECRETARIAT):
        abort(403)
    kind = jobs.kind_of(found.kind)
    template = "forums/_progress.html" if htmx and not htmx.boosted else "forums/job.html"
    response = current_app.make_response(render_template(
        template, forum=forum, job=found, kind=kind, back=kind.back(found),
        running=found.status in (jobs.QUEUED, jobs.RUNNING), translated=jobs.translated))
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response
