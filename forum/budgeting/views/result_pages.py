"""Results: the page with explanations and charts, the open data (CSV and pabulib), counting
again, and loading a pabulib file as a closed budget (both as jobs with a progress page)."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.budgeting import explanations as words
from forum.budgeting import forms, opendata, paper, results
from forum.budgeting.models.cycles import Phase
from forum.budgeting.views import bp
from forum.budgeting.views.common import cycle_for, forum_and_role
from forum.core import jobs
from forum.core.csvfiles import csv_response
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role
from forum.core.rendering import format_size


def _closed(slug: str, cycle_id: int, *, with_areas: bool = False):
    forum, role, found = cycle_for(slug, cycle_id, with_areas=with_areas)
    if found.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        abort(404)
    return forum, role, found


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/results")
@public_page
def results_page(slug: str, cycle_id: int):
    forum, role, found = _closed(slug, cycle_id, with_areas=True)
    rows = results.results_of(found)
    turnout, voters = paper.turnout_and_scopes(found)
    scopes = [_scope(found, scope, [row for row in rows if row.scope == scope],
                     voters.get(scope, 0)) for scope in results.scopes_of(found)]
    return render_template("budgeting/results.html", forum=forum, role=role, cycle=found,
                           explain=lambda row: words.explain(row, found.currency),
                           rule_words=words.rule_in_plain_words(found.tally_rule),
                           turnout=turnout, scopes=scopes,
                           last_recount=_last_recount(forum, role, found))


def _last_recount(forum, role, cycle) -> int:
    """Sent with "count again": a count asked for after the last one ended is a new form, not
    the same one sent twice (see core/once.py)."""
    if role < Role.SECRETARIAT:
        return 0
    found = jobs.recent(forum, "budget.recount", cycle_id=cycle.id)
    return found[0].id if found else 0


def _scope(cycle, scope: int, rows: list, voters: int) -> dict:
    """One area's results: its rows, what its budget became, and why money is left."""
    area = next((a for a in cycle.areas if a.id == scope), None)
    budget = area.budget if area else cycle.budget
    money = words.spending(budget, rows)
    return {"id": scope, "area": area, "rows": rows, "money": money,
            "left_words": words.money_left_in_words(money, cycle.tally_rule, cycle.currency),
            "share_words": words.shares_in_words((cycle.result_summary or {}).get(str(scope)),
                                                 budget, voters, cycle.currency)}


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/results.csv")
def results_csv(slug: str, cycle_id: int):
    _forum, _role, found = _closed(slug, cycle_id)
    return csv_response(opendata.CSV_COLUMNS, opendata.result_rows(found),
                        f"budget-{cycle_id}.csv")


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/results.pb")
def results_pb(slug: str, cycle_id: int):
    _forum, _role, found = _closed(slug, cycle_id)
    response = current_app.response_class(opendata.export_pb(found), mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="budget-{cycle_id}.pb"'
    return response


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/results/recount")
def recount(slug: str, cycle_id: int):
    """Count the stored ballots again, as a job (the secretariat, after a correction)."""
    forum, _role, found = _closed(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    if not forms.Form().validate_on_submit():
        return redirect(url_for("budgeting.results_page", slug=slug, cycle_id=cycle_id))
    job = jobs.start("budget.recount", forum=forum, params={"cycle_id": found.id},
                     same_as=f"recount:{found.id}")
    return redirect(url_for("forums.job", slug=slug, job_id=job.id), 303)


def _pb_page(forum, form, status=200):
    return render_template("budgeting/import_pb.html", forum=forum, form=form,
                           recent_jobs=jobs.recent(forum, "budget.pb")), status


@bp.route("/forums/<slug>/budgeting/import", methods=["GET", "POST"])
def import_pb(slug: str):
    """Load a `.pb` file (pabulib) as a closed budget of the forum, with its results, as a job."""
    forum, _role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    form = forms.PbFileForm()
    if request.method == "GET":
        return _pb_page(forum, forms.PbFileForm(formdata=None))
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        form.file.errors.append(_("Choose a .pb file."))
        return _pb_page(forum, form, 400)
    raw, limit = upload.read(), current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        form.file.errors.append(_("The file is larger than %(size)s.", size=format_size(limit)))
        return _pb_page(forum, form, 400)
    job = jobs.start("budget.pb", forum=forum, input=raw)
    return redirect(url_for("forums.job", slug=slug, job_id=job.id), 303)
