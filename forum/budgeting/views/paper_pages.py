"""Paper voting for the secretariat: finding and recording who voted on paper, entering
ballots one by one or as a file, voiding a mistake, the rejected ballots with their reasons,
and the totals by channel."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.budgeting import cycles, forms, paper, residents
from forum.budgeting.problems import describe
from forum.budgeting.views import bp
from forum.budgeting.views.ballot_pages import choices_from_form
from forum.budgeting.views.common import cycle_for
from forum.core import jobs
from forum.core.cleaning import whole_number
from forum.core.forms import options
from forum.core.permissions import Role, require_role
from forum.extensions import db


def _area_choices(found):
    return options([(a.id, a.localized("name").text) for a in found.areas]) if found.areas \
        else options([(0, "—")])


def _voter_search(forum):
    search = forms.RegisterSearchForm(request.args, meta={"csrf": False})
    search.validate()
    found = residents.search(forum, search.q.data, size=20) if search.q.data else None
    return search, found


def _page(forum, found, voter_form=None, ballot_form=None, upload_form=None, void_form=None,
          status=200):
    voter_form = voter_form or forms.PaperVoterForm(formdata=None)
    voter_form.area.choices = _area_choices(found)
    ballot_form = ballot_form or forms.PaperBallotForm(formdata=None)
    ballot_form.area.choices = _area_choices(found)
    areas = [area.id for area in found.areas]
    chosen = ballot_form.area.data  # as sent, even when refused: only a known area is shown
    scope = chosen if chosen in areas else (areas[0] if areas else 0)
    items = cycles.ballot_items(found, scope)
    titles = {i.id: i.localized("title").text for i in items}
    rejected = [(r, paper.what_it_says(found.ballot_kind, content, titles),
                 [describe(code, params, found.currency, titles) for code, params in problems])
                for r, content, problems in paper.rejected(found)]
    search, matches = _voter_search(forum)
    return render_template("budgeting/paper.html", forum=forum, cycle=found,
                           voter_form=voter_form, ballot_form=ballot_form, search=search,
                           matches=matches, entry_open=paper.entry_open(found),
                           voting_open=paper.voting_open(found),
                           upload_form=upload_form or forms.FileForm(formdata=None),
                           void_form=void_form or forms.VoidForm(formdata=None, prefix="void"),
                           items=items, scope=scope, voters=paper.voters(found),
                           voted=paper.voted_residents(found), rejected=rejected,
                           turnout=paper.turnout(found),
                           recent_jobs=jobs.recent(forum, "budget.paper", cycle_id=found.id)), \
        status


def _staff(slug, cycle_id):
    forum, _role, found = cycle_for(slug, cycle_id)
    require_role(forum, Role.SECRETARIAT)
    return forum, found


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/paper")
def paper_votes(slug: str, cycle_id: int):
    forum, found = _staff(slug, cycle_id)
    return _page(forum, found)


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/paper/voter")
def paper_voter(slug: str, cycle_id: int):
    forum, found = _staff(slug, cycle_id)
    form = forms.PaperVoterForm()
    form.area.choices = _area_choices(found)
    if form.validate_on_submit():
        record = residents.get_record(forum, form.resident.data)
        try:
            paper.register_voter(found, record, form.area.data or 0)
        except paper.PaperRefused as refusal:
            db.session.rollback()
            form.resident.errors.append(f"{record.display}: {refusal}")
        else:
            flash(_("Recorded: %(name)s voted on paper.", name=record.display), "success")
            return redirect(url_for("budgeting.paper_votes", slug=slug, cycle_id=cycle_id)
                            + "#paper-voter-title")
    return _page(forum, found, voter_form=form, status=400)


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/paper/ballot")
def paper_ballot(slug: str, cycle_id: int):
    forum, found = _staff(slug, cycle_id)
    form = forms.PaperBallotForm()
    form.area.choices = _area_choices(found)
    if form.validate_on_submit():
        choices, unreadable = choices_from_form(found.ballot_kind, request.form)
        try:
            problems = unreadable or paper.enter(found, form.area.data or 0, form.number.data,
                                                 choices, current_user)
        except paper.PaperRefused as refusal:
            db.session.rollback()
            form.number.errors.append(str(refusal))
        else:
            if unreadable:
                form.number.errors.append(_("The ballot could not be read."))
            elif problems:
                flash(_("Ballot %(number)s is rejected and listed below with its reasons.",
                        number=form.number.data), "error")
            else:
                flash(_("Ballot %(number)s is counted.", number=form.number.data), "success")
            if not form.errors:
                return redirect(url_for("budgeting.paper_votes", slug=slug, cycle_id=cycle_id)
                                + "#enter-ballot")
    return _page(forum, found, ballot_form=form, status=400)


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/paper/void")
def paper_void(slug: str, cycle_id: int):
    forum, found = _staff(slug, cycle_id)
    form = forms.VoidForm(prefix="void")
    if form.validate_on_submit():
        try:
            paper.void(found, form.number.data, form.reason.data)
        except paper.PaperRefused as refusal:
            db.session.rollback()
            form.number.errors.append(str(refusal))
        else:
            flash(_("Ballot %(number)s is taken out. You can enter it again.",
                    number=form.number.data), "success")
            return redirect(url_for("budgeting.paper_votes", slug=slug, cycle_id=cycle_id)
                            + "#enter-ballot")
    return _page(forum, found, void_form=form, status=400)


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/paper/upload")
def paper_upload(slug: str, cycle_id: int):
    forum, found = _staff(slug, cycle_id)
    form = forms.FileForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        form.file.errors.append(_("Choose a CSV file."))
        return _page(forum, found, upload_form=form, status=400)
    scope, raw = whole_number(request.form.get("area") or "0"), upload.read()
    try:
        paper.check_upload(found, scope, raw)
    except paper.PaperRefused as refusal:
        form.file.errors.append(str(refusal))
        return _page(forum, found, upload_form=form, status=400)
    job = jobs.start("budget.paper", forum=forum, input=raw,
                     params={"cycle_id": found.id, "scope": scope})
    return redirect(url_for("forums.job", slug=slug, job_id=job.id), 303)
