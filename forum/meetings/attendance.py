"""Who will come, who came, by sector, and whether the forum's quorum was reached."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Membership, Sector
from forum.meetings import states
from forum.meetings.models import (
    Answer,
    Attendance,
    Meeting,
    MeetingSettings,
    Presence,
    Rsvp,
    Status,
)
from forum.meetings.services import MeetingRuleBroken, default_settings


def answer_of(meeting: Meeting, user) -> Rsvp | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.meeting_id == meeting.id,
                                                Rsvp.user_id == user.id))


def answer(meeting: Meeting, user, choice: str, note: str) -> Rsvp:
    """Say whether one will come; a second answer replaces the first (one row per person)."""
    for _attempt in range(2):
        found = answer_of(meeting, user)
        if found is None:
            found = Rsvp(meeting_id=meeting.id, user_id=user.id)
            db.session.add(found)
        found.answer, found.note, found.updated_at = choice, note or "", utcnow()
        try:
            db.session.commit()
            return found
        except IntegrityError:  # the same person answered twice at once: update that row
            db.session.rollback()
    raise RuntimeError("could not store the answer")


def answer_counts(meeting: Meeting) -> Counter:
    rows = db.session.scalars(select(Rsvp.answer).where(Rsvp.meeting_id == meeting.id))
    return Counter(rows)


def answers(meeting: Meeting) -> list[Rsvp]:
    return list(db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id)
                                   .order_by(Rsvp.answer.desc(), Rsvp.updated_at)))


def answers_seen(meeting: Meeting, user, *, every_answer: bool) -> tuple[Rsvp | None, Counter,
                                                                          list[Rsvp]]:
    """What a session's page shows of the answers, from one query: the reader's own answer,
    how many gave each, and (`every_answer`, for the secretariat) all of them."""
    rows = answers(meeting)
    mine = next((r for r in rows if r.user_id == user.id), None) \
        if getattr(user, "is_authenticated", False) else None
    return mine, Counter(r.answer for r in rows), rows if every_answer else []


def members_for_roll_call(meeting: Meeting) -> list[tuple[Membership, str | None]]:
    """Every member of the forum with their recorded presence (None when not recorded)."""
    recorded = {a.user_id: a.status for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    members = db.session.scalars(select(Membership).where(Membership.forum_id == meeting.forum_id)
                                 .order_by(Membership.sector, Membership.organisation))
    return [(m, recorded.get(m.user_id)) for m in members]


def record(meeting: Meeting, presence: dict[int, str], guest_count: int, guest_names: str) -> None:
    """Store the roll call (present / excused / absent per member) and guests; the session
    is then held. Sector and organisation are kept as they are today. Refused (with the
    reason) before the session starts or when it is cancelled."""
    reason = states.why_not(meeting, states.Move.HOLD)
    if reason is not None:
        raise MeetingRuleBroken(reason)
    existing = {a.user_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}
    memberships = {m.user_id: m for m in db.session.scalars(
        select(Membership).where(Membership.forum_id == meeting.forum_id))}
    for user_id, status in presence.items():
        membership = memberships.get(user_id)
        if membership is None:
            continue
        row = existing.get(user_id) or Attendance(meeting_id=meeting.id, user_id=user_id)
        row.status, row.sector = status, membership.sector
        row.organisation, row.name_public = membership.organisation, membership.name_public
        db.session.add(row)
    before = {"status": meeting.status, "guest_count": meeting.guest_count}
    meeting.guest_count, meeting.guest_names = guest_count, guest_names
    meeting.status = Status.HELD
    counts = Counter(presence.values())
    audit.record("attendance.record", target=meeting, forum=meeting.forum, changes={
        "status": [before["status"], Status.HELD],
        "present": [None, counts.get(Presence.PRESENT, 0)],
        "excused": [None, counts.get(Presence.EXCUSED, 0)],
        "absent": [None, counts.get(Presence.ABSENT, 0)],
        "guest_count": [before["guest_count"], guest_count]})
    db.session.commit()


@dataclass(frozen=True)
class SectorRow:
    sector: str
    present: int
    excused: int
    absent: int


@dataclass(frozen=True)
class Summary:
    rows: list[SectorRow]
    missing_sectors: list[str]
    present: int
    members: int
    required: int | None
    quorum_met: bool | None
    present_names: list[tuple[str, str]]


def required_for_quorum(kind: str, value: int, members: int) -> int | None:
    if kind == "count":
        return value
    if kind == "share":
        return math.ceil(members * value / 100)
    return None


def _rows_and_settings(meeting: Meeting, settings) -> tuple[list[Attendance], object]:
    """The attendance rows, and the forum's quorum rule with them when not given."""
    query = select(Attendance).where(Attendance.meeting_id == meeting.id)
    if settings is not None:
        return list(db.session.scalars(query)), settings
    found = db.session.execute(query.add_columns(MeetingSettings).outerjoin(
        MeetingSettings, MeetingSettings.forum_id == meeting.forum_id)).all()
    given = found[0][1] if found else None
    return [row for row, _settings in found], given or default_settings(meeting.forum_id)


def summary(meeting: Meeting, settings=None) -> Summary | None:
    """Attendance by sector with the quorum result, or None before attendance is recorded.
    Recording attendance is what makes a session held, so one not held is answered without
    asking the database; without `settings`, the forum's rule comes with the rows."""
    if meeting.status != Status.HELD:
        return None
    rows, settings = _rows_and_settings(meeting, settings)
    if not rows:
        return None
    by_sector: dict[str, Counter] = {}
    for row in rows:
        by_sector.setdefault(row.sector, Counter())[row.status] += 1
    ordered = [s.value for s in Sector if s.value in by_sector]
    table = [SectorRow(s, by_sector[s][Presence.PRESENT], by_sector[s][Presence.EXCUSED],
                       by_sector[s][Presence.ABSENT]) for s in ordered]
    present = sum(r.present for r in table)
    required = required_for_quorum(settings.quorum_kind, settings.quorum_value, len(rows))
    names = [(r.user.public_name, r.organisation) for r in rows
             if r.status == Presence.PRESENT and r.name_public]
    return Summary(table, [r.sector for r in table if r.present == 0], present, len(rows),
                   required, None if required is None else present >= required, names)


def yes_answers(meeting: Meeting) -> list[Rsvp]:
    return list(db.session.scalars(select(Rsvp).where(Rsvp.meeting_id == meeting.id,
                                                      Rsvp.answer == Answer.YES)))
