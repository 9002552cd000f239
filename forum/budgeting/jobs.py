"""Budgeting's long work as jobs (see `forum/core/jobs.py`): importing the resident register,
uploading paper ballots, loading a `.pb` file as a closed cycle, and counting results again."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.budgeting import opendata, paper, residents, results
from forum.budgeting.models import Cycle
from forum.budgeting.tally.pabulib import PabulibError
from forum.core.jobs import JobFailed, Kind, register
from forum.extensions import db
from forum.forums.models import Forum


def _forum(job) -> Forum:
    return db.session.get(Forum, job.forum_id)


def _cycle(job) -> Cycle:
    cycle = db.session.get(Cycle, job.params["cycle_id"])
    if cycle is None or cycle.forum_id != job.forum_id:
        raise JobFailed(_l("The budget cycle no longer exists."))
    return cycle


def import_residents(job, progress) -> dict:
    try:
        report = residents.import_list(_forum(job), job.input, actor=job.started_by,
                                       progress=progress)
    except residents.ResidentRefused as refusal:
        raise JobFailed(refusal.args[0]) from refusal
    keep = ("id", "display", "birth_year", "neighbourhood", "document_tail")
    return {"added": report.added, "rejected": report.rejected,
            "duplicates": [[line, details, [{k: getattr(r, k) for k in keep} for r in found]]
                           for line, details, found in report.duplicates]}


def upload_paper(job, progress) -> dict:
    try:
        report = paper.upload(_cycle(job), job.params["scope"], job.input, job.started_by,
                              progress)
    except paper.PaperRefused as refusal:
        raise JobFailed(refusal.args[0]) from refusal
    return {"counted": report.counted, "rejected": len(report.rejected)}


def import_pb(job, progress) -> dict:
    try:
        text = job.input.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JobFailed(_l("The file is not UTF-8 text.")) from error
    try:  # a text always has a line break, so it is never taken for a file's name
        cycle = opendata.import_pb(text + "\n", _forum(job), commit=False)
    except PabulibError as error:
        raise JobFailed(_l("This is not a .pb file we can read (line %(line)d): %(problem)s",
                           line=error.line, problem=error.message)) from error
    except opendata.ImportRefused as error:
        raise JobFailed(_l("The amounts in the file have more decimals than the currency "
                           "has.")) from error
    db.session.flush()
    rows = results.results_of(cycle)
    progress.total = progress.done = len(rows)  # after the writes: not written apart
    return {"cycle_id": cycle.id, "title": cycle.title,
            "funded": sum(1 for row in rows if row.funded)}


def recount(job, progress) -> dict:
    try:
        summary = results.recompute(_cycle(job), commit=False)
    except results.NothingToCount as refused:
        raise JobFailed(_l("This cycle has no results to count.")) from refused
    return {"cycle_id": job.params["cycle_id"],
            "funded": sum(len(area["selected"]) for area in summary.values())}


def _register_page(job):
    return (url_for("budgeting.resident_register", slug=job.forum.slug) + "#import-title",
            _("Back to the resident register"))


def _paper_page(job):
    return (url_for("budgeting.paper_votes", slug=job.forum.slug,
                    cycle_id=job.params["cycle_id"]) + "#rejected-title",
            _("Back to paper voting"))


def _cycles_page(job):
    return url_for("budgeting.cycles_list", slug=job.forum.slug), _("Back to the budgets")


def _results_page(job):
    return (url_for("budgeting.results_page", slug=job.forum.slug,
                    cycle_id=job.params["cycle_id"]), _("Back to the results"))


register(Kind("budget.residents", import_residents, _l("Importing a list of residents"),
              "budgeting/_import_report.html", _register_page))
register(Kind("budget.paper", upload_paper, _l("Entering paper ballots from a file"),
              "budgeting/_upload_report.html", _paper_page))
register(Kind("budget.pb", import_pb, _l("Loading a .pb file"),
              "budgeting/_pb_report.html", _cycles_page))
register(Kind("budget.recount", recount, _l("Counting the results again"),
              "budgeting/_recount_report.html", _results_page))
