"""The working copy: reading a draft, writing its sections (plain forms; with htmx a section is
edited in place), adding and removing sections, comments in review, and revisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.permissions import Role
from forum.core.rendering import render_page_or_partial
from forum.extensions import htmx
from forum.i18n import current_language
from forum.minutes import actions, document, drafting, review
from forum.minutes.drafting import Conflict, MinutesRuleBroken
from forum.minutes.forms import (
    AddSectionForm,
    CommentForm,
    RemoveSectionForm,
    RestoreSectionForm,
)
from forum.minutes.views import bp
from forum.minutes.views.common import draft_minutes, staff_minutes
from forum.minutes.views.sections import fields_from, section_form


def _section_or_404(minutes, key: str) -> dict:
    section = document.find_section(minutes.content, key)
    if section is None:
        abort(404)
    return section


def _comment_forms(minutes, role, given: dict | None = None) -> dict:
    """A comment form for each section, where the reader may comment now."""
    if not review.may_comment(minutes, role >= Role.SECRETARIAT):
        return {}
    forms = {s["key"]: CommentForm(formdata=None, prefix=f"comment-{s['key']}",
                                   language=current_language()) for s in minutes.sections}
    return {**forms, **(given or {})}


def _draft_page(forum, role, minutes, *, add_form=None, comment_forms=None, status=200):
    restore_key, restore_from = request.args.get("restore"), request.args.get("revision",
                                                                              type=int)
    removed = (drafting.removed_section(minutes, restore_key, restore_from)
               if role >= Role.SECRETARIAT and minutes.is_editable else None)
    return render_template(
        "minutes/draft.html", forum=forum, role=role, minutes=minutes,
        removed=removed and document.sections_view({"sections": [removed]})[0],
        restore_from=restore_from,
        sections=document.sections_view(minutes.content), follow_up=actions.follow_up(minutes),
        comments=review.comments_by_section(minutes),
        comment_forms=_comment_forms(minutes, role, comment_forms),
        add_form=add_form or AddSectionForm(formdata=None, language=current_language())), \
        status


@bp.get("/forums/<slug>/minutes/<int:minutes_id>/draft")
def draft(slug: str, minutes_id: int):
    forum, role, minutes = draft_minutes(slug, minutes_id)
    return _draft_page(forum, role, minutes)


def _back_to(minutes, anchor: str = ""):
    return redirect(url_for("minutes.draft", slug=minutes.forum.slug, minutes_id=minutes.id)
                    + (f"#{anchor}" if anchor else ""))


def _editor(forum, minutes, key, form, *, conflict=None, status=200):
    theirs = None
    if conflict is not None and conflict.section is not None:
        theirs = document.sections_view({"sections": [conflict.section]})[0]
    response = render_page_or_partial(
        "minutes/section.html", "minutes/_section_form.html", forum=forum, minutes=minutes,
        key=key, form=form, conflict=conflict, theirs=theirs)
    response.status_code = status
    return response


@bp.route("/forums/<slug>/minutes/<int:minutes_id>/sections/<key>", methods=["GET", "POST"])
def section(slug: str, minutes_id: int, key: str):
    forum, role, minutes = staff_minutes(slug, minutes_id)
    current = _section_or_404(minutes, key)
    form = section_form(forum, minutes, current)
    if request.method == "GET" or not form.validate_on_submit():
        return _editor(forum, minutes, key, form, status=400 if form.has_errors() else 200)
    try:
        drafting.save_section(minutes, key, _number(form.base_revision.data),
                              fields_from(form, forum))
    except MinutesRuleBroken as rule:
        form.title.errors.append(str(rule))
        return _editor(forum, minutes, key, form, status=409)
    except Conflict as conflict:
        form.base_revision.data = str(minutes.revision)  # they have seen it now
        return _editor(forum, minutes, key, form, conflict=conflict, status=409)
    flash(_("The section is saved."), "success")
    if htmx and not htmx.boosted:
        saved = document.sections_view(minutes.content)
        response = render_page_or_partial(
            "minutes/draft.html", "minutes/_section.html", forum=forum, role=role,
            minutes=minutes, section=next(s for s in saved if s.key == key),
            comments=review.comments_by_section(minutes),
            comment_forms=_comment_forms(minutes, role))
        return response
    return _back_to(minutes, f"section-{key}")


def _number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/sections")
def add_section(slug: str, minutes_id: int):
    forum, role, minutes = staff_minutes(slug, minutes_id)
    form = AddSectionForm()
    if form.validate_on_submit():
        try:
            key = drafting.add_section(minutes, form.title.data, form.language.data)
        except MinutesRuleBroken as rule:
            form.title.errors.append(str(rule))
        else:
            flash(_("The section is added. Write it now."), "success")
            return redirect(url_for("minutes.section", slug=slug, minutes_id=minutes_id,
                                    key=key))
    return _draft_page(forum, role, minutes, add_form=form, status=400)


@bp.route("/forums/<slug>/minutes/<int:minutes_id>/sections/<key>/remove",
          methods=["GET", "POST"])
def remove_section(slug: str, minutes_id: int, key: str):
    """Ask first (a page, so it works without JavaScript); after removing, offer to restore."""
    forum, _role, minutes = staff_minutes(slug, minutes_id)
    current = document.find_section(minutes.content, key)
    if current is None:  # removed already: the back button, or a second tap
        flash(_("That section is no longer in the minutes: someone removed it. Here is the "
                "draft as it is now."), "info")
        return _back_to(minutes)
    form = RemoveSectionForm()
    if request.method == "GET" or not (form.confirm.data == "yes" and form.validate_on_submit()):
        form.base_revision.data = form.base_revision.data or str(minutes.revision)
        return render_template("minutes/section_remove.html", forum=forum, minutes=minutes,
                               section=document.sections_view({"sections": [current]})[0],
                               form=form)
    try:
        before = minutes.revision
        drafting.remove_section(minutes, key, _number(form.base_revision.data))
    except MinutesRuleBroken as rule:
        flash(str(rule), "error")
    except Conflict:
        flash(_("Someone else changed this section since you opened the page. Read their "
                "version before you remove it."), "error")
        return _back_to(minutes, f"section-{key}")
    else:
        flash(_("The section is removed."), "success")
        return redirect(url_for("minutes.draft", slug=slug, minutes_id=minutes_id,
                                restore=key, revision=before) + "#restore")
    return _back_to(minutes)


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/sections/<key>/restore")
def restore_section(slug: str, minutes_id: int, key: str):
    _forum, _role, minutes = staff_minutes(slug, minutes_id)
    form = RestoreSectionForm()
    if form.validate_on_submit():
        try:
            restored = drafting.restore_section(minutes, key, _number(form.revision.data))
        except (MinutesRuleBroken, Conflict) as refused:
            flash(str(refused) if isinstance(refused, MinutesRuleBroken) else
                  _("Someone else changed the minutes meanwhile. Try again."), "error")
            return _back_to(minutes)
        if restored:
            flash(_("The section is back in the minutes."), "success")
            return _back_to(minutes, f"section-{key}")
        flash(_("There is nothing to restore: the section is already back."), "error")
    return _back_to(minutes)


@bp.post("/forums/<slug>/minutes/<int:minutes_id>/sections/<key>/comments")
def comment(slug: str, minutes_id: int, key: str):
    forum, role, minutes = draft_minutes(slug, minutes_id)
    _section_or_404(minutes, key)
    form = CommentForm(prefix=f"comment-{key}")
    status = 200
    if not form.validate_on_submit():
        status = 400
    else:
        try:
            review.add_comment(minutes, key, current_user, form.body.data, form.language.data,
                               _number(form.revision.data), staff=role >= Role.SECRETARIAT)
        except MinutesRuleBroken as rule:
            form.body.errors.append(str(rule))
            status = 409
    if status == 200:
        flash(_("Your comment is saved. The secretariat reads it."), "success")
        if not (htmx and not htmx.boosted):
            return _back_to(minutes, f"comments-{key}")
        form = CommentForm(formdata=None, prefix=f"comment-{key}", language=form.language.data)
    if htmx and not htmx.boosted:
        response = render_page_or_partial(
            "minutes/draft.html", "minutes/_comments.html", forum=forum, role=role,
            minutes=minutes, key=key, comments=review.comments_by_section(minutes).get(key, []),
            form=form)
        response.status_code = status
        return response
    return _draft_page(forum, role, minutes, comment_forms={key: form}, status=status)


@bp.get("/forums/<slug>/minutes/<int:minutes_id>/revisions")
def revisions(slug: str, minutes_id: int):
    forum, role, minutes = draft_minutes(slug, minutes_id)
    listed = review.revisions(minutes)
    newest = listed[0].number if listed else 1
    to = request.args.get("to", type=int) or newest
    start = request.args.get("from", type=int) or max(1, to - 1)
    return render_template("minutes/revisions.html", forum=forum, role=role, minutes=minutes,
                           revisions=listed, start=start, to=to,
                           diff=review.diff(minutes, start, to))
