"""Budget cycles: the list, a cycle's page, creating and changing one, its areas, its phases."""

from __future__ import annotations

from datetime import time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.budgeting import cycles, forms, items, moves, paper, states
from forum.budgeting.explanations import rule_in_plain_words
from forum.budgeting.forms import ranks_from_text
from forum.budgeting.views import bp, budget_label
from forum.budgeting.views.common import cycle_for, forum_and_role, local_parts, moment
from forum.budgeting.voting import voting_open
from forum.core.db import utcnow
from forum.core.forms import from_minor, to_minor
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role, role_in
from forum.core.timezones import to_utc
from forum.core.translations import translation_page
from forum.extensions import db
from forum.i18n import current_language


@bp.get("/forums/<slug>/budgeting/")
@public_page
def cycles_list(slug: str):
    forum, role = forum_and_role(slug)
    return render_template("budgeting/cycles.html", forum=forum, role=role,
                           cycles=cycles.cycles_of(forum))


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/")
@public_page
def cycle(slug: str, cycle_id: int):
    forum, role, found = cycle_for(slug, cycle_id)
    return render_template("budgeting/cycle.html", forum=forum, role=role, cycle=found,
                           items=items.items_of(found), open=voting_open(found),
                           turnout=paper.turnout(found),
                           rule_words=rule_in_plain_words(found.tally_rule))


def _settings(form, forum) -> dict | None:
    """The cycle's fields from a valid form, times in UTC; None when a time does not exist."""
    zone = forum.timezone
    opens = moment(form.vote_opens_day, form.vote_opens_time, zone)
    closes = moment(form.vote_closes_day, form.vote_closes_time, zone)
    collect = to_utc(form.collect_until.data, time(23, 59), zone) if form.collect_until.data \
        else None
    if any(f.errors for f in (form.vote_opens_day, form.vote_opens_time,
                                 form.vote_closes_day, form.vote_closes_time)):
        return None
    fields = {name: getattr(form, name).data for name in cycles.SETTING_FIELDS
              if hasattr(form, name) and name not in ("budget", "points_per_rank")}
    fields.update(budget=to_minor(form.budget.data, forum.currency), collect_until=collect,
                  vote_opens_at=opens, vote_closes_at=closes,
                  points_per_rank=ranks_from_text(form.points_per_rank.data))
    return fields


@bp.route("/forums/<slug>/budgeting/new", methods=["GET", "POST"])
def new_cycle(slug: str):
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.CycleForm(language=current_language())
    if form.validate_on_submit() and (fields := _settings(form, forum)) is not None:
        try:
            created = cycles.create(forum, **fields)
        except cycles.CycleRuleBroken as rule:
            db.session.rollback()
            _show_refusal(form, rule)
        else:
            flash(_("The budget cycle is created."), "success")
            return redirect(url_for("budgeting.cycle", slug=slug, cycle_id=created.id))
    return render_template("budgeting/cycle_form.html", forum=forum, form=form, cycle=None), \
        400 if form.errors else 200


def _prefill(form, found, zone: str) -> None:
    form.budget.data = from_minor(found.budget, found.currency)
    form.vote_opens_day.data, form.vote_opens_time.data = local_parts(found.vote_opens_at, zone)
    form.vote_closes_day.data, form.vote_closes_time.data = local_parts(found.vote_closes_at,
                                                                        zone)
    form.collect_until.data = local_parts(found.collect_until, zone)[0]
    form.points_per_rank.data = ", ".join(map(str, found.points_per_rank or []))


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/edit", methods=["GET", "POST"])
def edit_cycle(slug: str, cycle_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    form = forms.CycleForm(obj=found)
    if request.method == "GET":
        _prefill(form, found, forum.timezone)
    if form.validate_on_submit() and (fields := _settings(form, forum)) is not None:
        try:
            cycles.update(found, **fields)
        except cycles.CycleRuleBroken as rule:
            db.session.rollback()
            _show_refusal(form, rule)
        else:
            flash(_("The budget cycle is saved."), "success")
            return redirect(url_for("budgeting.cycle", slug=slug, cycle_id=cycle_id))
    return render_template("budgeting/cycle_form.html", forum=forum, form=form, cycle=found), \
        400 if form.errors else 200


FORM_FIELD = {"vote_opens_at": "vote_opens_day", "vote_closes_at": "vote_closes_day"}


def _show_refusal(form, rule: cycles.CycleRuleBroken) -> None:
    """Each reason on the field that caused it (the summary at the top lists them)."""
    for name, reason in (rule.errors or {"budget": rule}).items():
        getattr(form, FORM_FIELD.get(name, name)).errors.append(str(reason))


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/phase/<move>", methods=["GET", "POST"])
def move(slug: str, cycle_id: int, move: str):
    """A move between phases: GET asks to confirm (and says why not, when it cannot be made
    now); POST makes it."""
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    chosen = states.MOVES.get(move) or abort(404)
    form = forms.CancelForm(language=current_language()) if move == "cancel" else forms.Form()
    refusal = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            moves.make(found, chosen, **_cancel_reason(form))
        except cycles.CycleRuleBroken as rule:
            db.session.rollback()
            refusal = str(rule)
        else:
            flash(_("Done. The cycle is now in the phase: %(phase)s.",
                    phase=budget_label("phase", chosen.target)), "success")
            return redirect(url_for("budgeting.cycle", slug=slug, cycle_id=cycle_id))
    else:  # asked to confirm, or a form to correct: first say if the move cannot be made now
        refusal = _refusal(found, chosen)
    status = 409 if refusal and request.method == "POST" else 400 if form.errors else 200
    return render_template("budgeting/cycle_move.html", forum=forum, cycle=found, form=form,
                           move=chosen, refusal=refusal), status


def _cancel_reason(form) -> dict:
    if not isinstance(form, forms.CancelForm):
        return {}
    return {"reason": form.reason.data, "language": form.language.data}


def _refusal(found, chosen):
    try:
        moves.check(found, chosen)
    except cycles.CycleRuleBroken as rule:
        return str(rule)
    return None


@bp.app_template_global()
def cycle_clock():
    return utcnow()


@bp.app_template_global()
def cycle_moves(cycle) -> list[states.Move]:
    """The moves the reader may make on this cycle now (none for anyone but its secretariat)."""
    if role_in(cycle.forum) < Role.SECRETARIAT:
        return []
    return states.moves_from(cycle.phase)


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/areas", methods=["GET", "POST"])
def areas(slug: str, cycle_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    form = forms.AreaForm(language=current_language())
    if form.validate_on_submit():
        try:
            cycles.add_area(found, form.name.data, form.language.data,
                            to_minor(form.budget.data, found.currency))
        except cycles.CycleRuleBroken as rule:
            form.name.errors.append(str(rule))
        else:
            flash(_("The area is added."), "success")
            return redirect(url_for("budgeting.areas", slug=slug, cycle_id=cycle_id))
    return render_template("budgeting/areas.html", forum=forum, cycle=found, form=form), \
        400 if form.errors else 200


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/translations", methods=["GET", "POST"])
def translations(slug: str, cycle_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    return translation_page(forum, found, forms.CYCLE_TEXTS, action="budget.translate",
                            template="budgeting/translations.html", cycle=found)
