"""Results: the page with explanations and charts, and the open data (CSV and pabulib)."""

from __future__ import annotations

from flask import abort, current_app, render_template

from forum.budgeting import explanations as words
from forum.budgeting import opendata, paper, results
from forum.budgeting.models.cycles import Phase
from forum.budgeting.views import bp
from forum.budgeting.views.common import cycle_for
from forum.core.csvfiles import csv_response
from forum.core.pagecache import public_page


def _closed(slug: str, cycle_id: int):
    forum, role, found = cycle_for(slug, cycle_id)
    if found.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION):
        abort(404)
    return forum, role, found


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/results")
@public_page
def results_page(slug: str, cycle_id: int):
    forum, role, found = _closed(slug, cycle_id)
    rows, turnout = results.results_of(found), paper.turnout(found)
    voters = results.ballots_by_scope(found)
    scopes = [_scope(found, scope, [row for row in rows if row.scope == scope],
                     voters.get(scope, 0)) for scope in results.scopes_of(found)]
    return render_template("budgeting/results.html", forum=forum, role=role, cycle=found,
                           explain=lambda row: words.explain(row, found.currency),
                           rule_words=words.rule_in_plain_words(found.tally_rule),
                           turnout=turnout, scopes=scopes)


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
