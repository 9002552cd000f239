"""Online voting, and the secret ballot.

How a ballot stays secret
-------------------------
Who voted and what was voted live in tables with no reference between them, in any row:

- `budget_participations` says that a person (by account, or by their entry in the resident
  register) took part in a cycle, online or on paper. A unique constraint on (cycle, scope,
  person) makes "one person, one ballot" a rule of the database, also for two requests at once.
- `budget_ballots` holds the choices: a random id, the cycle and area, the channel, and — for
  an online ballot — the hash of its receipt code. No person, no time. The receipt is shown
  once to the voter and kept in their browser's session cookie (cleared at sign-out); to change
  the ballot the browser (or the voter, typing it) presents the receipt, and the ballot with
  that hash is replaced. A ballot is only ever created together with a participation, so a
  person has one ballot; the receipt is also the key to change it, so voters keep it to
  themselves until voting closes. Accounts are linked to register entries only in person or by
  a one-time code (`forum.budgeting.residents`), never by a typed e-mail address.
- While voting is open, choices (and what a rejected paper ballot said) are stored sealed
  (`forum.budgeting.sealing`) with a key derived from the application's secret key, which is
  not in the database. When voting closes (`mix_ballots`), all ballots of the cycle are deleted
  and written again unsealed, in random order, with new ids and no receipt; the receipt
  hashes go to `budget_receipts`, apart and in another random order, so a receipt can still
  be checked.

What a database administrator with full access, the WAL and every backup could learn: who took
part in which cycle and area and how (online or paper), and when (by transaction ids and the
order of WAL records: a participation and its sealed ballot are written together); which
receipt hash belongs to whom (the same adjacency); how many times someone changed their ballot,
and when. Not what anyone chose: every version of a ballot written while voting is open — live,
dead (PostgreSQL keeps old versions until vacuum), in the WAL or a backup — holds only
ciphertext; the readable ballots are written once, at closing, in random order, with no person,
receipt or time. Paper ballots entered after closing are written readable, from the box, after
every paper voter was registered, so their order and time say nothing about who cast them. The
receipt in a voter's session cookie is signed, not encrypted: it is readable on that browser,
which is the voter's own. Someone who also has the application's secret key can open the
ciphertext of the old versions and, by that adjacency, pair them with people: keep that key off
the database server and out of its backups, and never change it while a vote is open (sealed
ballots would no longer open). The web server sees a voter and their receipt together in the
request that casts or changes a ballot and keeps neither. No page, export, log or secretariat
screen shows the link: the audit log records that paper voters were registered and that paper
ballots were entered or voided, never which ballot belongs to whom (see
`forum.budgeting.paper`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, bindparam, delete, literal, literal_column, or_, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from forum.budgeting.models import (
    Ballot,
    Participation,
    Receipt,
    RejectedBallot,
    ResidentRecord,
)
from forum.budgeting.models.cycles import Cycle, Phase
from forum.budgeting.sealing import seal, unseal
from forum.core.db import utcnow
from forum.extensions import db

# Crockford's base 32: digits and letters, without I, L, O and U, so nothing on a receipt
# looks like anything else on it; a typed O is read as 0, I and L as 1, U as V.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


class VotingRefused(Exception):
    """Voting is not possible for this person now; the message says why (lazy text)."""


class ReceiptNeeded(VotingRefused):
    """The person has voted: changing the ballot needs its receipt, which was not given."""


WRONG_RECEIPT = _l("This is not the receipt code of your ballot. Check it and type it again.")


def _letters(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (code or "").upper())


def receipt_hash(code: str) -> str:
    """The hash a receipt is stored under, however it was typed (case, spaces, dashes,
    O for 0, I or L for 1)."""
    canonical = _letters(code).translate(_LOOKALIKES)
    return hashlib.sha256(f"receipt:{canonical}".encode()).hexdigest()


def receipt_hashes(code: str) -> set[str]:
    """Every hash the typed code may be stored under: today's, and that of the earlier codes
    (hashed as XXXX-XXXX-XXXX in capitals, from an alphabet without 0, 1, I, L and O)."""
    letters = _letters(code)
    found = {receipt_hash(code)}
    if len(letters) == 12:
        dashed = f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"
        found.add(hashlib.sha256(dashed.encode()).hexdigest())
    return found


def new_receipt() -> str:
    """A code a person can read out and type: 12 characters, in groups of four."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def as_receipt(code: str | None) -> str | None:
    """The code in its printed form if it can be one of today's receipts, else None."""
    raw = _letters(code or "").translate(_LOOKALIKES)
    if len(raw) != 12 or set(raw) - set(RECEIPT_ALPHABET):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def voting_open(cycle: Cycle, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (cycle.phase == Phase.VOTING and cycle.vote_opens_at is not None
            and cycle.vote_closes_at is not None
            and cycle.vote_opens_at <= now < cycle.vote_closes_at)


def person_key(record: ResidentRecord | None, user_id: int | None) -> str:
    return f"r{record.id}" if record is not None else f"u{user_id}"


@dataclass(frozen=True)
class Standing:
    """A person in a cycle: their register entry, and (scope, channel) of their participations
    under their account's key or their entry's (in one area, or in all)."""

    record: ResidentRecord | None
    taken: tuple[tuple[int, str], ...]

    def channel_in(self, scope: int) -> str | None:
        """How the person voted in this area ("online", "paper"), or None."""
        return next((channel for taken, channel in self.taken if taken == scope), None)

    def voted_in(self, scope: int) -> bool:
        return self.channel_in(scope) is not None


def standing(cycle: Cycle, user, scope: int | None = None) -> Standing:
    """The person's entry in the forum's resident register (by the account linked to it in
    person or with a one-time code, never by e-mail address) and their participations (in area
    `scope`, or in every area when None), in one query: every ballot request needs both."""
    params = {"forum_id": cycle.forum_id, "user_id": user.id, "cycle_id": cycle.id,
              "account_key": person_key(None, user.id)}
    if scope is not None:
        params["scope"] = scope
    rows = db.session.execute(_standing_of(scope is not None), params).all()
    return Standing(rows[0][0] if rows else None,
                    tuple((row.scope, row.channel) for row in rows if row.scope is not None))


@cache
def _standing_of(scoped: bool):
    """The statement, built once per shape: the person's entry (if any) joined to their
    participations (if any), from a row of one so that a person with neither still gets one
    row. In one area, the lookup is one of the unique constraint's index."""
    me = select(literal_column("1").label("one")).subquery("me")
    entry_key = literal("r") + sql_cast(ResidentRecord.id, String)
    joined = and_(Participation.cycle_id == bindparam("cycle_id"),
                  or_(Participation.person_key == bindparam("account_key"),
                      Participation.person_key == entry_key))
    if scoped:
        joined = and_(joined, Participation.scope == bindparam("scope"))
    return (select(ResidentRecord, Participation.scope, Participation.channel).select_from(me)
            .outerjoin(ResidentRecord, and_(ResidentRecord.forum_id == bindparam("forum_id"),
                                            ResidentRecord.user_id == bindparam("user_id")))
            .outerjoin(Participation, joined)
            .options(lazyload("*")))


def check_eligible(cycle: Cycle, user, now: datetime | None = None,
                   scope: int | None = None) -> Standing:
    """Refuse with the reason unless this person may vote online now; returns their standing
    (in area `scope`, or in every area)."""
    if not voting_open(cycle, now):
        raise VotingRefused(_l("Voting is not open now."))
    found = standing(cycle, user, scope)
    record = found.record
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
    return found


def person_keys(user, record: ResidentRecord | None) -> set[str]:
    """Every key this person may have voted under: their account's and their register entry's."""
    return {f"u{user.id}"} | ({f"r{record.id}"} if record is not None else set())


def _channel_in(cycle: Cycle, keys: set[str], scope: int) -> str | None:
    """How the person voted in one area of the cycle, read again; None if they did not."""
    return db.session.scalar(_channel_of(), {
        "cycle_id": cycle.id, "keys": sorted(keys), "scope": scope})


@cache
def _channel_of():
    """The statement, built once."""
    return select(Participation.channel).where(
        Participation.cycle_id == bindparam("cycle_id"),
        Participation.person_key.in_(bindparam("keys", expanding=True)),
        Participation.scope == bindparam("scope"))


def _ballot_of(cycle: Cycle, scope: int, receipt: str | None, lock: bool = False):
    if not receipt or len(receipt) > 40:
        return None
    query = select(Ballot).where(Ballot.cycle_id == cycle.id, Ballot.scope == scope,
                                 Ballot.channel == "online",
                                 Ballot.receipt_hash.in_(receipt_hashes(receipt)))
    return db.session.scalar(query.with_for_update() if lock else query)


def my_choices(cycle: Cycle, scope: int, receipt: str | None) -> list[tuple[int, int]] | None:
    """The choices of the ballot this receipt belongs to, while voting is open."""
    ballot = _ballot_of(cycle, scope, receipt)
    if ballot is None:
        return None
    return [tuple(choice) for choice in unseal(cycle.id, ballot.choices)]


def cast(cycle: Cycle, user, scope: int, choices: list[tuple[int, int]],
         receipt: str | None = None, fresh: str | None = None,
         now: datetime | None = None) -> str:
    """Store the person's first online ballot under `fresh` (the receipt their ballot page
    offered, so that a form sent twice finds its own ballot) or a new receipt, or replace the
    ballot `receipt` belongs to; returns the receipt."""
    one_area = bool(cycle.one_area_per_voter and cycle.areas)
    found = check_eligible(cycle, user, now, None if one_area else scope)
    record, keys = found.record, person_keys(user, found.record)
    if one_area and any(taken != scope for taken, _channel in found.taken):
        raise VotingRefused(_l("You have already voted in another area of this budget."))
    channel = found.channel_in(scope)
    if channel is None:
        try:
            return _first(cycle, user, record, scope, choices, as_receipt(fresh))
        except IntegrityError:  # the same person submitting twice at once
            db.session.rollback()
            channel = _channel_in(cycle, keys, scope)
    if channel is None:
        raise VotingRefused(_l("Your ballot could not be saved. Please try again."))
    if channel == "paper":
        raise VotingRefused(_l("You voted on paper already; you cannot also vote online."))
    ballot = _ballot_of(cycle, scope, receipt, lock=True)
    if ballot is None:
        raise ReceiptNeeded(_l("You have voted already. To change your ballot, type the "
                               "receipt code you got when you voted."))
    ballot.choices = seal(cycle.id, [list(c) for c in choices])
    db.session.commit()
    return receipt


def _first(cycle, user, record, scope, choices, fresh: str | None) -> str:
    receipt = fresh or new_receipt()
    db.session.add(Participation(cycle_id=cycle.id, scope=scope, channel="online",
                                 person_key=person_key(record, user.id), user_id=user.id,
                                 resident_id=record.id if record else None))
    db.session.add(Ballot(cycle_id=cycle.id, scope=scope, channel="online",
                          receipt_hash=receipt_hash(receipt),
                          choices=seal(cycle.id, [list(c) for c in choices])))
    db.session.commit()
    return receipt


def receipt_counted(cycle: Cycle, code: str) -> bool:
    """Whether the ballot of this receipt is in the count (its choices are not shown)."""
    if not code or len(code) > 40:
        return False
    hashes = receipt_hashes(code)
    return db.session.scalar(select(Ballot.id).where(
        Ballot.cycle_id == cycle.id, Ballot.receipt_hash.in_(hashes)).limit(1)) is not None \
        or db.session.scalar(select(Receipt.receipt_hash).where(
            Receipt.cycle_id == cycle.id, Receipt.receipt_hash.in_(hashes))) is not None


def mix_ballots(cycle: Cycle) -> None:
    """Rewrite the cycle's ballots unsealed, in random order, with new ids and no receipt, and
    its receipts apart in another order, in the caller's transaction (see the docstring)."""
    rows = db.session.execute(select(Ballot.scope, Ballot.channel, Ballot.paper_number,
                                     Ballot.receipt_hash, Ballot.choices)
                              .where(Ballot.cycle_id == cycle.id)).all()
    db.session.execute(delete(Ballot).where(Ballot.cycle_id == cycle.id))
    shuffle = secrets.SystemRandom().shuffle
    receipts = [r.receipt_hash for r in rows if r.receipt_hash]
    shuffle(receipts)
    ballots = list(rows)
    shuffle(ballots)
    db.session.add_all(Ballot(cycle_id=cycle.id, scope=r.scope, channel=r.channel,
                              paper_number=r.paper_number, choices=unseal(cycle.id, r.choices))
                       for r in ballots)
    db.session.add_all(Receipt(cycle_id=cycle.id, receipt_hash=h) for h in receipts)
    _mix_rejected(cycle)


def _mix_rejected(cycle: Cycle) -> None:
    """Rejected paper ballots too: unsealed, in random order, with new ids."""
    found = db.session.execute(select(RejectedBallot).where(
        RejectedBallot.cycle_id == cycle.id)).scalars().all()
    rows = [{"scope": r.scope, "paper_number": r.paper_number, "source_line": r.source_line,
             "entered_by_id": r.entered_by_id, "content": unseal(cycle.id, r.content),
             "problems": unseal(cycle.id, r.problems)} for r in found]
    db.session.execute(delete(RejectedBallot).where(RejectedBallot.cycle_id == cycle.id))
    secrets.SystemRandom().shuffle(rows)
    db.session.add_all(RejectedBallot(cycle_id=cycle.id, **row) for row in rows)
