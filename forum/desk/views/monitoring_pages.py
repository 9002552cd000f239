"""The desk's public figures (page, CSV, JSON), and the secretariat turning one of them into an
agenda proposal for the forum that links back to the figures, never to a case."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.core.csvfiles import csv_response
from forum.core.pagecache import public_page
from forum.core.permissions import Role, require_role
from forum.desk import monitoring, queries
from forum.desk.forms import FigureForm
from forum.desk.views import bp
from forum.desk.views.common import desk_of
from forum.i18n import current_language
from forum.proposals import proposing


def _figures(forum, settings, cases=None):
    return monitoring.figures(forum, settings, queries.today_of(forum), cases)


@bp.get("/forums/<slug>/desk/monitoring")
@public_page
def monitoring_page(slug: str, form=None, status: int = 200):
    forum, settings = desk_of(slug)
    cases = monitoring.cases_of(forum)
    data = _figures(forum, settings, cases)
    if form is None:
        form = FigureForm()
        form.set_choices(monitoring.figure_choices(data))
    return render_template(
        "desk/monitoring.html", forum=forum, data=data, dimensions=monitoring.DIMENSIONS,
        total=monitoring.total(forum, cases),
        median=monitoring.median_days_to_answer(forum, cases),
        charts={d: monitoring.chart_bars(rows) for d, rows in data.items()}, form=form), status


@bp.get("/forums/<slug>/desk/monitoring.csv")
def monitoring_csv(slug: str):
    forum, settings = desk_of(slug)
    return csv_response(("dimension", "label", "count"),
                        monitoring.as_rows(_figures(forum, settings)),
                        f"desk-{forum.slug}.csv")


@bp.get("/forums/<slug>/desk/monitoring.json")
def monitoring_json(slug: str):
    forum, settings = desk_of(slug)
    cases = monitoring.cases_of(forum)
    return jsonify(monitoring.as_json(forum, _figures(forum, settings, cases),
                                      monitoring.median_days_to_answer(forum, cases), cases))


@bp.post("/forums/<slug>/desk/monitoring/propose")
def propose(slug: str):
    forum, settings = desk_of(slug)
    require_role(forum, Role.SECRETARIAT)
    data = _figures(forum, settings)
    form = FigureForm()
    form.set_choices(monitoring.figure_choices(data))
    found = monitoring.find_figure(data, form.figure.data or "") if form.validate() else None
    if found is None:
        if not form.figure.errors:
            form.figure.errors = [_("Choose one of the figures.")]
        return monitoring_page(slug, form=form, status=400)
    dimension, row = found
    link = url_for("desk.monitoring_page", slug=slug, _external=True)
    title = _("Desk figures: %(label)s (%(count)s cases)", label=row.label, count=row.shown)
    text = "\n\n".join(filter(None, [
        _("%(dimension)s — %(label)s: %(count)s cases at the desk.",
          dimension=monitoring.DIMENSIONS[dimension], label=row.label, count=row.shown),
        form.note.data, _("The figures: %(link)s", link=link)]))
    proposal = proposing.submit(forum, current_user, title=title[:200], description=text,
                                language=current_language(), groups=[],
                                related_meeting_id=None, by_staff=True)
    flash(_("The figure is proposed for the forum's agenda."), "success")
    return redirect(url_for("proposals.show", slug=slug, proposal_id=proposal.id))
