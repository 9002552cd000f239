"""What plans views start with: the forum, the reader's role, the plan they may see; and the
money of a form in the forum's currency."""

from __future__ import annotations

from flask import render_template

from forum.core.forms import from_minor, to_minor
from forum.core.permissions import Role, require_role, role_in
from forum.core.timezones import local_now
from forum.forums.services import get_forum
from forum.plans import planning


def plan_for(slug: str, plan_id: int):
    """(forum, role, plan) for a reader: drafts are the secretariat's only (404 to others)."""
    forum = get_forum(slug)
    role = role_in(forum)
    return forum, role, planning.get_plan(forum, plan_id, role)


def staff_forum(slug: str):
    forum = get_forum(slug)
    return forum, require_role(forum, Role.SECRETARIAT)


def staff_plan(slug: str, plan_id: int):
    forum, role = staff_forum(slug)
    return forum, role, planning.get_plan(forum, plan_id, role)


def today(forum):
    return local_now(forum.timezone).date()


def minor(forum, amount):
    return to_minor(amount, forum.currency)


def units(forum, amount_minor):
    return from_minor(amount_minor, forum.currency)


def form_page(form, *, title: str, back: str, submit: str, forum, plan=None, status=200,
              conflict=None, problem=None):
    """The page of a plain form: every field in order, its errors, one button."""
    return render_template("plans/form.html", form=form, title=title, back=back,
                           submit_label=submit, forum=forum, plan=plan, conflict=conflict,
                           problem=problem, role=role_in(forum)), status
