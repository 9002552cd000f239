"""Paper voting: registering who voted on paper, and entering the ballots from the box —
one by one or as a file — each checked against the same rules as online ballots.

Register paper voters at the polling table; enter ballots from the box afterwards, in the
order they come out, so that nothing links a ballot to a voter (see `voting.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.budgeting import rules
from forum.budgeting.cycles import ballot_items, budget_of
from forum.budgeting.models import Ballot, Participation, RejectedBallot, ResidentRecord
from forum.budgeting.voting import voting_open
from forum.core import audit
from forum.core.csvfiles import read_rows
from forum.core.rendering import format_size
from forum.extensions import db


class PaperRefused(Exception):
    """The paper vote cannot be recorded; the message says why (lazy text)."""


def ballot_rules(cycle, scope: int, items=None) -> rules.BallotRules:
    items = items if items is not None else ballot_items(cycle, scope)
    costs = {item.id: item.official_cost for item in items}
    return rules.BallotRules.of(cycle, costs, budget_of(cycle, scope))


def _require_open(cycle) -> None:
    if not voting_open(cycle):
        raise PaperRefused(_l("Paper votes are recorded while voting is open."))


def register_voter(cycle, record: ResidentRecord, scope: int) -> Participation:
    """Record that this person voted on paper; an online vote of theirs blocks it."""
    _require_open(cycle)
    keys = {f"r{record.id}"} | ({f"u{record.user_id}"} if record.user_id else set())
    query = select(Participation).where(Participation.cycle_id == cycle.id,
                                        Participation.person_key.in_(keys))
    if not (cycle.one_area_per_voter and cycle.areas):
        query = query.where(Participation.scope == scope)
    taken = db.session.scalar(query.limit(1))
    if taken is not None:
        raise PaperRefused(_l("This person has already voted (%(how)s).",
                              how=_l("online") if taken.channel == "online" else _l("on paper")))
    participation = Participation(cycle_id=cycle.id, scope=scope, person_key=f"r{record.id}",
                                  user_id=record.user_id, resident_id=record.id,
                                  channel="paper")
    db.session.add(participation)
    audit.record("budget.paper_voter", target=record, forum=cycle.forum, label=record.display)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PaperRefused(_l("This person has already voted.")) from None
    return participation


def _number_taken(cycle, number: str) -> bool:
    counted = select(Ballot.id).where(Ballot.cycle_id == cycle.id, Ballot.paper_number == number)
    return db.session.scalar(counted.limit(1)) is not None


def _check_one(cycle, scope, number, choices, problems) -> list[rules.Problem]:
    found = list(problems)
    if not number:
        found.append(rules.Problem("no_number"))
    elif _number_taken(cycle, number):
        found.append(rules.Problem("number_taken"))
    if not problems:
        found += rules.check(ballot_rules(cycle, scope), choices)
    return found


def _keep(cycle, scope, number, choices, found, content, line, actor) -> None:
    if found:
        db.session.add(RejectedBallot(cycle_id=cycle.id, scope=scope, paper_number=number,
                                      content=content[:1000], source_line=line,
                                      problems=[p.as_list() for p in found],
                                      entered_by_id=getattr(actor, "id", None)))
    else:
        db.session.add(Ballot(cycle_id=cycle.id, scope=scope, channel="paper",
                              paper_number=number, choices=[list(c) for c in choices]))
    db.session.flush()


def enter(cycle, scope: int, number: str, choices, actor) -> list[rules.Problem]:
    """Check one paper ballot typed in by the secretariat: counted if valid, otherwise kept
    among the rejected with its reasons. Returns its problems (none: it was counted)."""
    _require_open(cycle)
    number = (number or "").strip()[:40]
    found = _check_one(cycle, scope, number, choices, [])
    _keep(cycle, scope, number, choices, found, _as_text(choices), None, actor)
    audit.record("budget.paper_ballot", forum=cycle.forum,
                 changes={"number": [None, number], "counted": [None, not found]})
    db.session.commit()
    return found


def _as_text(choices) -> str:
    return " ".join(f"{item}:{points}" for item, points in choices)


@dataclass
class UploadReport:
    counted: int = 0
    rejected: list[tuple[int, str, list[rules.Problem]]] = field(default_factory=list)


def upload(cycle, scope: int, raw: bytes, actor) -> UploadReport:
    """Enter a file of paper ballots (CSV: ballot number, then the items), every line checked;
    a refused line is kept among the rejected ballots with its line number."""
    _require_open(cycle)
    if scope not in ([area.id for area in cycle.areas] or [0]):
        raise PaperRefused(_l("Choose one of this cycle's areas."))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        raise PaperRefused(_l("The file is larger than %(size)s.",
                              size=format_size(limit)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PaperRefused(_l("The file is not UTF-8 text. Save it as CSV (UTF-8).")) from error
    report, numbers = UploadReport(), set()
    for line, row in enumerate(read_rows(text, PaperRefused), start=1):
        if not any(cell.strip() for cell in row) or (line == 1 and _is_header(row)):
            continue
        number = row[0].strip()[:40]
        choices, problems = rules.parse_text(cycle.ballot_kind, " ".join(row[1:]))
        if number in numbers:
            problems = [*problems, rules.Problem("number_taken")]
        numbers.add(number)
        found = _check_one(cycle, scope, number, choices, problems)
        _keep(cycle, scope, number, choices, found, ",".join(row), line, actor)
        if found:
            report.rejected.append((line, number, found))
        else:
            report.counted += 1
    audit.record("budget.paper_upload", forum=cycle.forum,
                 changes={"counted": [None, report.counted],
                          "rejected": [None, len(report.rejected)]})
    db.session.commit()
    return report


def _is_header(row) -> bool:
    return not row[0].strip().isdigit() and row[0].strip().lower() in (
        "ballot", "ballot_number", "number", "nr", "no")


def rejected(cycle) -> list[RejectedBallot]:
    return list(db.session.scalars(select(RejectedBallot).where(
        RejectedBallot.cycle_id == cycle.id).order_by(RejectedBallot.id)))


def voters(cycle) -> list[Participation]:
    """Who voted and how (never what): for the secretariat."""
    return list(db.session.scalars(select(Participation).where(
        Participation.cycle_id == cycle.id).order_by(Participation.channel, Participation.id)))


def turnout(cycle) -> dict:
    """Counts by channel: voters (participation) and ballots, and rejected paper ballots."""
    def count(model, **where):
        query = select(func.count()).select_from(model).where(model.cycle_id == cycle.id)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)

    return {"online_voters": count(Participation, channel="online"),
            "paper_voters": count(Participation, channel="paper"),
            "online_ballots": count(Ballot, channel="online"),
            "paper_ballots": count(Ballot, channel="paper"),
            "imported_ballots": count(Ballot, channel="import"),
            "rejected": count(RejectedBallot)}
