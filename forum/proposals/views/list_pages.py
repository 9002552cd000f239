"""Lists of proposals: a forum's (filter, sort, search), every forum's, the secretariat's queue,
and a person's own proposals with their e-mail settings."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core import paging
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role, require_signed_in
from forum.proposals import forms, moderation, notices, queries, supports
from forum.proposals.views import bp
from forum.proposals.views.common import forum_and_role

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50


def _page_of(query, per_page: int = PAGE_SIZE, *, forum_groups=None):
    """A page of proposals with their support counts, in one query; given the forum's groups,
    each proposal's groups come with it too."""
    query = query.add_columns(queries.support_count())
    if forum_groups is not None:
        query = queries.without_groups(query.add_columns(queries.group_ids()))
    page = paging.paginate(query, per_page)
    if forum_groups is not None:
        queries.give_groups(page.items, [extra[1] for extra in page.extras], forum_groups)
    return page, {p.id: extra[0] for p, extra in zip(page.items, page.extras, strict=True)}


@bp.get("/forums/<slug>/proposals/")
@public_page
def forum_list(slug: str):
    forum, role = forum_and_role(slug)
    forum_groups, settings = queries.groups_and_settings(forum)
    filters = queries.Filters.from_args(request.args, {g.id for g in forum_groups})
    page, counts = _page_of(queries.listing(forum, filters), forum_groups=forum_groups)
    return render_template("proposals/list.html", forum=forum, role=role, page=page,
                           counts=counts, filters=filters, groups=forum_groups,
                           settings=settings)


@bp.get("/proposals/")
@public_page
def all_list():
    filters = queries.Filters.from_args(request.args)
    page, counts = _page_of(queries.listing(None, filters))
    return render_template("proposals/all.html", page=page, counts=counts, filters=filters)


@bp.get("/forums/<slug>/proposals/queue")
def queue(slug: str):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    page, counts = _page_of(queries.without_groups(queries.waiting(forum)), QUEUE_PAGE_SIZE)
    return render_template("proposals/queue.html", forum=forum, page=page, counts=counts,
                           **moderation.beside_the_queue(forum))


def _mine_page(form, status: int = 200):
    written = queries.written_by(current_user)
    supported = queries.supported_by(current_user)
    counts = supports.counts_for({p.id for p in written + supported})
    return render_template("proposals/mine.html", written=written, supported=supported,
                           counts=counts, form=form,
                           in_a_secretariat=notices.in_a_secretariat(current_user)), status


@bp.get("/proposals/mine")
def mine():
    require_signed_in()
    return _mine_page(forms.NoticeForm(obj=notices.preferences_of(current_user)))


@bp.post("/proposals/mine/notices")
def save_notices():
    require_signed_in()
    form = forms.NoticeForm()
    if not form.validate_on_submit():
        return _mine_page(form, 400)
    new_ones = form.new_ones.data if notices.in_a_secretariat(current_user) \
        else notices.preferences_of(current_user).new_ones
    notices.save_preferences(current_user, own=form.own.data, supported=form.supported.data,
                             new_ones=new_ones)
    flash(_("Your e-mail settings are saved."), "success")
    return redirect(url_for("proposals.mine") + "#notices")
