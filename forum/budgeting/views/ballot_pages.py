"""The online ballot: choosing, the running total (live with htmx, recomputed on submit
without it), casting or changing the vote, and checking a receipt."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.budgeting import cycles, forms, listing, rules, voting
from forum.budgeting.models.cycles import BallotKind
from forum.budgeting.problems import describe
from forum.budgeting.views import bp
from forum.budgeting.views.common import cycle_for
from forum.core.permissions import require_signed_in
from forum.core.rendering import render_page_or_partial
from forum.extensions import db, limiter
from forum.i18n import current_language


def _scope(found) -> int:
    """The area the ballot is for (0 without areas); an unknown area is a 404."""
    if not found.areas:
        return 0
    wanted = request.values.get("area", type=int)
    if wanted is None:
        return found.areas[0].id
    if wanted not in {area.id for area in found.areas}:
        abort(404)
    return wanted


def choices_from_form(kind: str, form) -> tuple[list[tuple[int, int]], list[rules.Problem]]:
    """The voter's choices from the ballot form, however it was filled in."""
    if kind in (BallotKind.APPROVAL, BallotKind.CHOOSE_ONE):
        return rules.parse_text(kind, " ".join(form.getlist("item")))
    if kind == BallotKind.ORDINAL:
        ranked = [form.get(f"rank-{n}", "") for n in range(1, 51)]
        text = " ".join(value for value in ranked if value.strip())
        problems = [] if _no_gaps(ranked) else [rules.Problem("rank_gap")]
        choices, unreadable = rules.parse_text(kind, text)
        return choices, problems + unreadable
    text = " ".join(f"{key[7:]}:{value.strip()}" for key, value in form.items()
                    if key.startswith("points-") and value.strip() not in ("", "0"))
    return rules.parse_text(kind, text)


def _no_gaps(ranked: list[str]) -> bool:
    filled = [bool(value.strip()) for value in ranked]
    return filled == sorted(filled, reverse=True)


def _state(found, limits, items, choices, problems):
    """The running total and the problems of these choices; `items` name the chosen ones."""
    problems = problems or (rules.check(limits, choices) if choices else [])
    titles = {item.id: item.localized("title").text for item in items}
    return {"chosen": dict(choices), "total": rules.total_cost(limits, choices),
            "budget": limits.budget, "ranks": limits.ranks,
            "points": sum(p for _i, p in choices),
            "problems": [describe(p.code, p.params, found.currency, titles) for p in problems]}


def _ballot_page(forum, found, scope, limits, choices, problems=(), status=200,
                 receipt_error=None, standing=None):
    """The ballot page with these choices, under `limits` (read here when None); `standing`
    is the voter's, when the caller looked it up. A long ballot shows the page the voter went
    to (or was on)."""
    wanted = request.form.get("to_page", type=int) or request.values.get("on_page", type=int)
    limits, shown = listing.listing(found, scope, limits, dict(choices), wanted,
                                    current_language())
    voted = (standing or voting.standing(found, current_user, scope)).voted_in(scope)
    receipt_form = None
    if voted and (receipt_error or _kept_receipt(found, scope) is None):
        receipt_form = forms.BallotReceiptForm(formdata=None,
                                               receipt=request.form.get("receipt", ""))
        receipt_form.receipt.errors = [receipt_error] if receipt_error else []
    fresh = None if voted else (voting.as_receipt(request.form.get("fresh"))
                                or voting.new_receipt())
    response = render_page_or_partial(
        "budgeting/vote.html", "budgeting/_total.html", forum=forum, cycle=found, scope=scope,
        items=shown.items, costs=shown.costs, paging=shown,
        state=_state(found, limits, shown.items, choices, list(problems)), voted=voted,
        receipt_form=receipt_form, fresh=fresh)
    response.status_code = status
    return response


def _ballot(slug: str, cycle_id: int):
    """(forum, cycle, scope) of a ballot request, for a signed-in reader (read with the
    cycle, so the sign-in check comes second)."""
    found = cycles.ballot_cycle(slug, cycle_id)
    require_signed_in()
    return found.forum, found, _scope(found)


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/vote")
def vote(slug: str, cycle_id: int):
    forum, found, scope = _ballot(slug, cycle_id)
    try:
        standing = voting.check_eligible(found, current_user, scope=scope)
    except voting.VotingRefused as refusal:
        unlinked = found.eligibility == "verified" and \
            voting.standing(found, current_user, scope).record is None
        return render_template("budgeting/vote_closed.html", forum=forum, cycle=found,
                               reason=str(refusal),
                               link_form=forms.LinkCodeForm(formdata=None) if unlinked
                               else None), 403
    choices = voting.my_choices(found, scope, _kept_receipt(found, scope)) or []
    return _ballot_page(forum, found, scope, None, choices, standing=standing)


def _turning_a_page() -> bool:
    """A long ballot's "next page": the choices travel along, nothing is saved or counted."""
    return request.form.get("to_page", type=int) is not None


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/vote")
@limiter.limit("30 per minute", exempt_when=_turning_a_page)
def cast(slug: str, cycle_id: int):
    forum, found, scope = _ballot(slug, cycle_id)
    choices, unreadable = choices_from_form(found.ballot_kind, request.form)
    limits = listing.limits_of(found, scope)
    if _turning_a_page():
        return _ballot_page(forum, found, scope, limits, choices, unreadable)
    problems = unreadable or rules.check(limits, choices)
    if problems or request.form.get("check") or not forms.Form().validate_on_submit():
        return _ballot_page(forum, found, scope, limits, choices, problems,
                            400 if problems else 200)
    typed = request.form.get("receipt", "").strip()[:40] or None
    fresh = request.form.get("fresh", "").strip()[:40] or None
    kept = _kept_receipt(found, scope)
    try:
        receipt = voting.cast(found, current_user, scope, choices,
                              receipt=typed or kept or fresh, fresh=fresh)
    except voting.ReceiptNeeded as refusal:
        db.session.rollback()
        return _ballot_page(forum, found, scope, limits, choices, (), 409,
                            str(voting.WRONG_RECEIPT if typed else refusal))
    except voting.VotingRefused as refusal:
        return render_template("budgeting/vote_closed.html", forum=forum, cycle=found,
                               reason=str(refusal)), 409
    if receipt not in (typed, kept):  # a first ballot (or the same form sent twice)
        session["receipt"] = receipt
    _keep_receipt(found, scope, receipt)
    return redirect(url_for("budgeting.voted", slug=slug, cycle_id=cycle_id, area=scope or None))


def _kept_receipt(found, scope) -> str | None:
    """The receipt of this voter's ballot, kept in their own browser's session cookie."""
    return session.get("ballots", {}).get(f"{found.id}-{scope}")


def _keep_receipt(found, scope, receipt: str) -> None:
    session["ballots"] = {**session.get("ballots", {}), f"{found.id}-{scope}": receipt}


@bp.post("/forums/<slug>/budgeting/<int:cycle_id>/vote/check")
def check_ballot(slug: str, cycle_id: int):
    """The running total for htmx: nothing is saved."""
    forum, found, scope = _ballot(slug, cycle_id)
    choices, unreadable = choices_from_form(found.ballot_kind, request.form)
    named = listing.titled(found, scope, dict(choices))
    return render_template("budgeting/_total.html", forum=forum, cycle=found, scope=scope,
                           state=_state(found, listing.limits_of(found, scope), named, choices,
                                        unreadable),
                           as_partial=True)


@bp.get("/forums/<slug>/budgeting/<int:cycle_id>/vote/done")
def voted(slug: str, cycle_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)  # brings the person, if any
    require_signed_in()
    return render_template("budgeting/voted.html", forum=forum, cycle=found,
                           receipt=session.pop("receipt", None))


@bp.route("/forums/<slug>/budgeting/<int:cycle_id>/receipt", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def receipt(slug: str, cycle_id: int):
    forum, _role, found = cycle_for(slug, cycle_id)
    form = forms.ReceiptForm()
    counted = None
    if form.validate_on_submit():
        counted = voting.receipt_counted(found, form.code.data)
        if not counted:
            form.code.errors.append(_("No ballot with this receipt is in the count. Check the "
                                      "code; if it is right, tell the secretariat."))
    return render_template("budgeting/receipt.html", forum=forum, cycle=found, form=form,
                           counted=counted), 400 if form.errors else 200
