"""Online voting, and the secret ballot.

How a ballot stays secret
-------------------------
Who voted and what was voted live in two tables that share nothing a person could be traced by:

- `budget_participations` says that a person (by account, or by their entry in the resident
  register) took part in a cycle, online or on paper. A unique constraint on (cycle, scope,
  person) makes "one person, one vote" a rule of the database, also for two requests at once.
- `budget_ballots` holds the choices: a random id, the cycle and area, the channel, and — for
  online ballots — the hash of a receipt code only the voter was shown. No person, no time.

While voting is open, a participation row points at its ballot (`ballot_id`) so its voter can
change their mind; this is the only link, and only this voter's own ballot page follows it.
When voting closes (`close_voting`), every link is erased and every ballot of the cycle is
written again in random order with a new random id, in one transaction: after that, neither the
tables' contents, their physical order, nor the database's transaction ids (PostgreSQL's xmin)
connect a ballot to a person or to the moment it was cast.

What a database administrator could learn: while voting is open, who chose what (by following
`ballot_id`, or by watching writes as they happen); after it closes, only who took part and how
(online or paper) — never what anyone chose. No page, export, log or secretariat screen shows
the link at any time: the audit log records that paper voters were registered and that paper
ballots were entered, never which ballot belongs to whom; the secretariat sees who voted, never
how. Paper ballots are entered from the ballot box, after voting, so entry order says nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from forum.budgeting.models import Ballot, Participation, ResidentRecord
from forum.budgeting.models.cycles import Cycle, Phase
from forum.core.db import utcnow
from forum.extensions import db


class VotingRefused(Exception):
    """Voting is not possible for this person now; the message says why (lazy text)."""


def receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def new_receipt() -> str:
    """A code a person can read out and type: 12 characters from an unambiguous alphabet."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def voting_open(cycle: Cycle, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (cycle.phase == Phase.VOTING and cycle.vote_opens_at is not None
            and cycle.vote_closes_at is not None
            and cycle.vote_opens_at <= now < cycle.vote_closes_at)


def resident_record(cycle: Cycle, user) -> ResidentRecord | None:
    """The person's entry in the forum's resident register: by account, or by e-mail."""
    found = db.session.scalar(select(ResidentRecord).where(
        ResidentRecord.forum_id == cycle.forum_id, ResidentRecord.user_id == user.id))
    if found is None and user.email:
        found = db.session.scalar(select(ResidentRecord).where(
            ResidentRecord.forum_id == cycle.forum_id, ResidentRecord.email == user.email))
    return found


def person_key(record: ResidentRecord | None, user_id: int | None) -> str:
    return f"r{record.id}" if record is not None else f"u{user_id}"


def check_eligible(cycle: Cycle, user, now: datetime | None = None) -> ResidentRecord | None:
    """Refuse with the reason unless this person may vote online now; returns their record."""
    if not voting_open(cycle, now):
        raise VotingRefused(_l("Voting is not open now."))
    record = resident_record(cycle, user)
    if cycle.eligibility == "verified" and record is None:
        raise VotingRefused(_l("Only residents verified by the secretariat can vote in this "
                               "budget. Go to a forum session or ask the secretariat to "
                               "verify you."))
    if cycle.minimum_age:
        year = (now or datetime.now(UTC)).year
        if record is None or record.birth_year is None:
            raise VotingRefused(_l("This budget has a minimum age: the secretariat needs to "
                                   "record your year of birth before you vote."))
        if year - record.birth_year < cycle.minimum_age:
            raise VotingRefused(_l("You are not old enough to vote in this budget."))
    return record


def my_participation(cycle: Cycle, user, scope: int) -> Participation | None:
    record = resident_record(cycle, user)
    keys = {f"u{user.id}"} | ({f"r{record.id}"} if record is not None else set())
    return db.session.scalar(select(Participation).where(
        Participation.cycle_id == cycle.id, Participation.scope == scope,
        Participation.person_key.in_(keys)))


def my_choices(cycle: Cycle, user, scope: int) -> list[tuple[int, int]] | None:
    """The person's own current online ballot, while voting is open (for changing it)."""
    participation = my_participation(cycle, user, scope)
    if participation is None or participation.ballot_id is None:
        return None
    ballot = db.session.get(Ballot, participation.ballot_id)
    return [tuple(choice) for choice in ballot.choices] if ballot else None


def has_voted_elsewhere(cycle: Cycle, user, scope: int) -> bool:
    """With one area per voter, a ballot in another area of the cycle blocks this one."""
    if not cycle.one_area_per_voter or not cycle.areas:
        return False
    record = resident_record(cycle, user)
    keys = {f"u{user.id}"} | ({f"r{record.id}"} if record is not None else set())
    return db.session.scalar(select(Participation.id).where(
        Participation.cycle_id == cycle.id, Participation.scope != scope,
        Participation.person_key.in_(keys)).limit(1)) is not None


def cast(cycle: Cycle, user, scope: int, choices: list[tuple[int, int]],
         now: datetime | None = None) -> str | None:
    """Store or replace the person's online ballot; returns a new receipt code on the first
    ballot (None when a ballot was replaced: the first receipt stays valid)."""
    record = check_eligible(cycle, user, now)
    if has_voted_elsewhere(cycle, user, scope):
        raise VotingRefused(_l("You have already voted in another area of this budget."))
    for _attempt in range(3):
        try:
            return _store(cycle, user, record, scope, choices)
        except IntegrityError:  # the same person submitting twice at once: replace instead
            db.session.rollback()
    raise VotingRefused(_l("Your ballot could not be saved. Please try again."))


def _store(cycle, user, record, scope, choices) -> str | None:
    participation = db.session.scalar(
        select(Participation).where(Participation.cycle_id == cycle.id,
                                    Participation.scope == scope,
                                    Participation.person_key.in_(
                                        {person_key(record, user.id), f"u{user.id}"}))
        .with_for_update(of=Participation))
    if participation is not None and participation.channel == "paper":
        raise VotingRefused(_l("You voted on paper already; you cannot also vote online."))
    receipt, receipt_digest = None, None
    if participation is None:
        receipt = new_receipt()
        receipt_digest = receipt_hash(receipt)
        participation = Participation(cycle_id=cycle.id, scope=scope, channel="online",
                                      person_key=person_key(record, user.id), user_id=user.id,
                                      resident_id=record.id if record else None)
        db.session.add(participation)
    elif participation.ballot_id:
        old = db.session.get(Ballot, participation.ballot_id)
        receipt_digest = old.receipt_hash if old is not None else None
        db.session.execute(delete(Ballot).where(Ballot.id == participation.ballot_id))
    ballot = Ballot(cycle_id=cycle.id, scope=scope, channel="online",
                    receipt_hash=receipt_digest, choices=[list(c) for c in choices])
    db.session.add(ballot)
    db.session.flush()
    participation.ballot_id = ballot.id
    db.session.commit()
    return receipt


def receipt_counted(cycle: Cycle, code: str) -> Ballot | None:
    """The ballot a receipt belongs to, if it is in the count (its choices are not shown)."""
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Ballot).where(Ballot.cycle_id == cycle.id,
                                                  Ballot.receipt_hash == receipt_hash(code)))


def mix_ballots(cycle: Cycle) -> None:
    """Erase every participation's link and rewrite the cycle's ballots in random order with
    new ids, in the caller's transaction (see the module docstring)."""
    db.session.execute(Participation.__table__.update()
                       .where(Participation.cycle_id == cycle.id).values(ballot_id=None))
    rows = db.session.execute(select(Ballot.scope, Ballot.channel, Ballot.paper_number,
                                     Ballot.receipt_hash, Ballot.choices)
                              .where(Ballot.cycle_id == cycle.id)).all()
    db.session.execute(delete(Ballot).where(Ballot.cycle_id == cycle.id))
    shuffled = list(rows)
    secrets.SystemRandom().shuffle(shuffled)
    db.session.add_all(Ballot(cycle_id=cycle.id, scope=r.scope, channel=r.channel,
                              paper_number=r.paper_number, receipt_hash=r.receipt_hash,
                              choices=r.choices) for r in shuffled)
