"""Paper voting: registering who voted on paper, and entering the ballots from the box —
one by one or as a file, also after voting closes until the results are final — each checked
against the same rules as online ballots; voiding one entered by mistake.

Nothing pairs a paper voter with a ballot: registering a voter records the person and no
ballot; entering a ballot records its number and no person, and the audit log counts entered
ballots without their number or choices; ballots entered while voting is open are sealed and
rewritten in random order at closing like online ones (see `voting.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, insert, literal, select, union_all
from sqlalchemy.exc import IntegrityError

from forum.budgeting import rules
from forum.budgeting.cycles import ballot_items, budget_of
from forum.budgeting.models import Ballot, Participation, RejectedBallot, ResidentRecord
from forum.budgeting.models.ballots import random_id
from forum.budgeting.models.cycles import BallotKind, Phase
from forum.budgeting.results import store_results
from forum.budgeting.sealing import seal, unseal
from forum.budgeting.voting import voting_open
from forum.core import audit
from forum.core.csvfiles import read_rows
from forum.core.rendering import format_size
from forum.extensions import db

audit.register_actions({"budget.paper_void": _l("Paper ballot voided")})


class PaperRefused(Exception):
    """The paper vote cannot be recorded; the message says why (lazy text)."""


def ballot_rules(cycle, scope: int, items=None) -> rules.BallotRules:
    items = items if items is not None else ballot_items(cycle, scope)
    costs = {item.id: item.official_cost for item in items}
    return rules.BallotRules.of(cycle, costs, budget_of(cycle, scope))


def _require_open(cycle) -> None:
    if not voting_open(cycle):
        raise PaperRefused(_l("Paper voters are recorded while voting is open."))


def entry_open(cycle) -> bool:
    """Ballots from the box may be entered while voting is open and after it closes, until the
    results are final (the cycle moves on to building the winners)."""
    return voting_open(cycle) or cycle.phase == Phase.RESULTS


def _require_entry(cycle) -> None:
    if not entry_open(cycle):
        raise PaperRefused(_l("Paper ballots can be entered while voting is open and until "
                              "the results are final."))


def _recount(cycle) -> None:
    """After voting closed, a change to the paper ballots counts again at once."""
    if cycle.phase == Phase.RESULTS:
        store_results(cycle)


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


def _problems(number, choices, problems, taken, ballot: rules.BallotRules) -> list[rules.Problem]:
    """A ballot's problems: those found reading it, its number, then the cycle's rules;
    `taken` says whether a counted ballot already has the number."""
    found = list(problems)
    if not number:
        found.append(rules.Problem("no_number"))
    elif taken(number):
        found.append(rules.Problem("number_taken"))
    if not problems:
        found += rules.check(ballot, choices)
    return found


def _check_one(cycle, scope, number, choices, problems) -> list[rules.Problem]:
    return _problems(number, choices, problems, lambda n: _number_taken(cycle, n),
                     ballot_rules(cycle, scope))


def _keep(cycle, scope, number, choices, found, content, line, actor) -> None:
    hide = (lambda value: seal(cycle.id, value)) if voting_open(cycle) else (lambda v: v)
    if found:  # sealed text fits the column when the text is at most 600 characters
        db.session.add(RejectedBallot(cycle_id=cycle.id, scope=scope, paper_number=number,
                                      content=hide(content[:600] if voting_open(cycle)
                                                   else content[:1000]),
                                      source_line=line,
                                      problems=hide([p.as_list() for p in found]),
                                      entered_by_id=getattr(actor, "id", None)))
    else:
        db.session.add(Ballot(cycle_id=cycle.id, scope=scope, channel="paper",
                              paper_number=number, choices=hide([list(c) for c in choices])))
    db.session.flush()


def enter(cycle, scope: int, number: str, choices, actor) -> list[rules.Problem]:
    """Check one paper ballot typed in by the secretariat: counted if valid, otherwise kept
    among the rejected with its reasons. Returns its problems (none: it was counted)."""
    _require_entry(cycle)
    number = (number or "").strip()[:40]
    found = _check_one(cycle, scope, number, choices, [])
    _keep(cycle, scope, number, choices, found, _as_text(choices), None, actor)
    audit.record("budget.paper_ballot", forum=cycle.forum,
                 changes={"counted": [None, 0 if found else 1],
                          "rejected": [None, 1 if found else 0]})
    _recount(cycle)
    db.session.commit()
    return found


def void(cycle, number: str, reason: str) -> None:
    """Take out a paper ballot entered by mistake (counted or rejected), so that it can be
    entered again; the audit log keeps its number and the reason, not what it said."""
    _require_entry(cycle)
    number = (number or "").strip()[:40]
    found = [*db.session.scalars(select(Ballot).where(
        Ballot.cycle_id == cycle.id, Ballot.channel == "paper", Ballot.paper_number == number)),
        *db.session.scalars(select(RejectedBallot).where(
            RejectedBallot.cycle_id == cycle.id, RejectedBallot.paper_number == number))]
    if not number or not found:
        raise PaperRefused(_l("No paper ballot with this number is entered."))
    for ballot in found:
        db.session.delete(ballot)
    audit.record("budget.paper_void", forum=cycle.forum, label=number,
                 changes={"number": [number, None], "reason": [None, reason[:300]]})
    db.session.flush()
    _recount(cycle)
    db.session.commit()


def _as_text(choices) -> str:
    return " ".join(f"{item}:{points}" for item, points in choices)


@dataclass
class UploadReport:
    counted: int = 0
    rejected: list[tuple[int, str, list[rules.Problem]]] = field(default_factory=list)


def check_upload(cycle, scope: int, raw: bytes) -> str:
    """The file's text, or `PaperRefused` when ballots cannot be entered now, the area is not
    the cycle's, or the file is too large or not UTF-8 (answered on the form, before a job)."""
    _require_entry(cycle)
    if scope not in ([area.id for area in cycle.areas] or [0]):
        raise PaperRefused(_l("Choose one of this cycle's areas."))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        raise PaperRefused(_l("The file is larger than %(size)s.",
                              size=format_size(limit)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PaperRefused(_l("The file is not UTF-8 text. Save it as CSV (UTF-8).")) from error


def upload(cycle, scope: int, raw: bytes, actor, progress=None) -> UploadReport:
    """Enter a file of paper ballots (CSV: ballot number, then the items), every line checked
    in memory and written with two bulk inserts; a refused line is kept among the rejected
    ballots with its line number. One transaction (the caller's, when a job runs it)."""
    text = check_upload(cycle, scope, raw)
    report, batch = UploadReport(), _Batch.of(cycle, scope, actor)
    rows = list(read_rows(text, PaperRefused))
    if progress is not None:
        progress.set_total(len(rows))
    for line, row in enumerate(rows, start=1):
        if progress is not None:
            progress.step(line - 1)
        if not any(cell.strip() for cell in row) or (line == 1 and _is_header(row)):
            continue
        found = batch.take(line, row)
        if found:
            report.rejected.append((line, row[0].strip()[:40], found))
            if progress is not None:
                progress.error(line, _l("ballot %(number)s is rejected; it is listed with its "
                                        "reasons among the rejected ballots.",
                                        number=row[0].strip()[:40]))
        else:
            report.counted += 1
    batch.insert()
    audit.record("budget.paper_upload", forum=cycle.forum, actor=actor,
                 changes={"counted": [None, report.counted],
                          "rejected": [None, len(report.rejected)]})
    _recount(cycle)
    if progress is None:
        db.session.commit()
    return report


@dataclass
class _Batch:
    """A file's ballots checked in memory against what the cycle holds, loaded once, and
    written with two bulk inserts: the same checks and rows as entering them one by one."""

    cycle: object
    scope: int
    actor_id: int | None
    rules: rules.BallotRules
    taken: set[str]
    seen: set[str] = field(default_factory=set)
    ballots: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)

    @classmethod
    def of(cls, cycle, scope, actor) -> _Batch:
        taken = set(db.session.scalars(select(Ballot.paper_number).where(
            Ballot.cycle_id == cycle.id, Ballot.paper_number.is_not(None))))
        return cls(cycle, scope, getattr(actor, "id", None), ballot_rules(cycle, scope), taken)

    def take(self, line: int, row: list[str]) -> list[rules.Problem]:
        number = row[0].strip()[:40]
        choices, problems = rules.parse_text(self.cycle.ballot_kind, " ".join(row[1:]))
        if number in self.seen:
            problems = [*problems, rules.Problem("number_taken")]
        self.seen.add(number)
        found = _problems(number, choices, problems, self.taken.__contains__, self.rules)
        self._keep(number, choices, found, ",".join(row[1:]), line)
        return found

    def _keep(self, number, choices, found, content, line) -> None:
        sealed = voting_open(self.cycle)
        hide = (lambda value: seal(self.cycle.id, value)) if sealed else (lambda v: v)
        if found:  # sealed text fits the column when the text is at most 600 characters
            self.rejects.append({
                "cycle_id": self.cycle.id, "scope": self.scope, "paper_number": number,
                "content": hide(content[:600] if sealed else content[:1000]),
                "source_line": line, "problems": hide([p.as_list() for p in found]),
                "entered_by_id": self.actor_id})
        else:
            self.taken.add(number)
            self.ballots.append({"id": random_id(), "cycle_id": self.cycle.id,
                                 "scope": self.scope, "channel": "paper", "paper_number": number,
                                 "choices": hide([list(c) for c in choices])})

    def insert(self) -> None:
        for model, rows in ((Ballot, self.ballots), (RejectedBallot, self.rejects)):
            if rows:
                db.session.execute(insert(model), rows)


def _is_header(row) -> bool:
    return not row[0].strip().isdigit() and row[0].strip().lower() in (
        "ballot", "ballot_number", "number", "nr", "no")


def what_it_says(kind: str, content: str, titles: dict[int, str]) -> list[str]:
    """A rejected ballot's marks in words: item titles (with the points on a points ballot),
    and anything else as it was written."""
    said = []
    for token in (t for t in re.split(r"[\s,;]+", content or "") if t):
        item, _sep, points = token.partition(":")
        title = titles.get(int(item)) if item.isdigit() else None
        if title is None or (kind == BallotKind.CUMULATIVE and not points.isdigit()):
            said.append(f"“{token[:40]}”")
        elif kind == BallotKind.CUMULATIVE:
            said.append(ngettext("%(title)s: %(num)d point", "%(title)s: %(num)d points",
                                 int(points), title=title))
        else:
            said.append(title)
    return said


def rejected(cycle) -> list[tuple[RejectedBallot, str, list]]:
    """The rejected ballots, each with what it says and its problems, opened if sealed."""
    found = db.session.scalars(select(RejectedBallot).where(
        RejectedBallot.cycle_id == cycle.id).order_by(RejectedBallot.paper_number,
                                                      RejectedBallot.id))
    return [(r, unseal(cycle.id, r.content), unseal(cycle.id, r.problems)) for r in found]


def voters(cycle) -> list[Participation]:
    """Who voted and how (never what): for the secretariat."""
    return list(db.session.scalars(select(Participation).where(
        Participation.cycle_id == cycle.id).order_by(Participation.channel, Participation.id)))


def voted_residents(cycle) -> set[int]:
    """The register entries (and linked accounts, as "u<id>") that took part in the cycle."""
    return set(db.session.scalars(select(Participation.person_key).where(
        Participation.cycle_id == cycle.id)))


def turnout_and_scopes(cycle) -> tuple[dict, dict[int, int]]:
    """Counts by channel (see `turnout`), and how many ballots were counted in each area: every
    count from one query, the grouped counts of the three tables put together."""
    rows = db.session.execute(union_all(
        select(literal("voters"), Participation.channel, literal(0), func.count())
        .where(Participation.cycle_id == cycle.id).group_by(Participation.channel),
        select(literal("ballots"), Ballot.channel, Ballot.scope, func.count())
        .where(Ballot.cycle_id == cycle.id).group_by(Ballot.channel, Ballot.scope),
        select(literal("rejected"), literal(""), literal(0), func.count())
        .where(RejectedBallot.cycle_id == cycle.id))).all()
    counted: Counter = Counter()
    by_scope: Counter = Counter()
    for table, channel, scope, number in rows:
        counted[table, channel] += number
        if table == "ballots":
            by_scope[scope] += number
    return ({"online_voters": counted["voters", "online"],
             "paper_voters": counted["voters", "paper"],
             "online_ballots": counted["ballots", "online"],
             "paper_ballots": counted["ballots", "paper"],
             "imported_ballots": counted["ballots", "import"],
             "rejected": counted["rejected", ""]}, dict(by_scope))


def turnout(cycle) -> dict:
    """Counts by channel: voters (participation) and ballots, and rejected paper ballots."""
    return turnout_and_scopes(cycle)[0]
