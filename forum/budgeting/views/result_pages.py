"""Results: the page with explanations and charts, and the open data (CSV and pabulib)."""

from __future__ import annotations

from flask import abort, current_app, render_template

from forum.budgeting import opendata, paper, results
from forum.budgeting.explanations import explain, rule_in_plain_words
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
    rows = results.results_of(found)
    return render_template("budgeting/results.html", forum=forum, role=role, cycle=found,
                           rows=rows, explain=lambda row: explain(row, found.currency),
                           rule_words=rule_in_plain_words(found.tally_rule),
                           turnout=paper.turnout(found), scopes=results.scopes_of(found))


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
