"""Demo sessions for Tetovo and Roskovec: held ones in the past with their attendance, upcoming
ones with agendas and answers. Who was excused is what the demo minutes say."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from forum.core.timezones import local_now, to_utc
from forum.extensions import db
from forum.forums.models import Membership
from forum.meetings.models import AgendaItem, Attendance, Meeting, MeetingSettings, Rsvp

# (days from today, title, language, agenda [(title, minutes)], extra)
TETOVO = [
    (-110, "Седница на форумот: пристап до градинки", "mk",
     [("Отворање и дневен ред", 10), ("Упис на ромски деца во градинка", 40),
      ("Разно", 15)], {"status": "held"}),
    (-50, "Seanca e forumit: rrugët në Poroj", "sq",
     [("Hapja", 10), ("Ndriçimi i rrugëve në Poroj", 35), ("Të ndryshme", 15)],
     {"status": "held", "excused": ("police",)}),
    (12, "Седница на форумот: буџет за 2027", "mk",
     [("Отворање и дневен ред", 10), ("Предлози на жителите", 45),
      ("Партиципативен буџет: правила на гласање", 30), ("Разно", 15)],
     {"accessibility": ["step_free", "romani_interpretation", "other_interpretation"]}),
    (26, "Работна средба на секретаријатот", "mk", [("Подготовка на записник", 30)],
     {"visibility": "members"}),
    (40, "Седница на форумот: здравствени медијатори", "mk",
     [("Извештај од здравствените медијатори", 30)],
     {"status": "cancelled", "cancel_reason": "Салата не е достапна тој ден. Нов датум наскоро."}),
]
ROSKOVEC = [
    (-80, "Mbledhja e forumit: shërbimet sociale", "sq",
     [("Hapja", 10), ("Ndihma ekonomike për familjet rome", 40)], {"status": "held"}),
    (9, "Mbledhja e forumit: buxheti me pjesëmarrje", "sq",
     [("Hapja", 10), ("Propozimet e banorëve", 40), ("Votimi në letër: si bëhet", 20)],
     {"kind": "hybrid", "online_url": "https://meet.example.org/roskovec",
      "accessibility": ["step_free", "romani_interpretation"]}),
]


def seed(context: dict) -> None:
    for slug, plan, place in (("tetovo", TETOVO, ("Општина Тетово, мала сала",
                                                   "ул. Илинденска бр. 65, Тетово")),
                              ("roskovec", ROSKOVEC, ("Bashkia Roskovec, salla e mbledhjeve",
                                                      "Lagjja Kongresi, Roskovec"))):
        forum = context["forums"][slug]
        if db.session.scalar(select(Meeting.id).where(Meeting.forum_id == forum.id).limit(1)):
            continue
        db.session.add(MeetingSettings(forum_id=forum.id, quorum_kind="share", quorum_value=50,
                                       reminder_hour=10))
        members = list(db.session.scalars(select(Membership).where(
            Membership.forum_id == forum.id)))
        for days, title, language, items, extra in plan:
            _session(forum, members, days, title, language, items, extra, place)
    db.session.commit()


def _session(forum, members, days, title, language, items, extra, place) -> None:
    day: date = local_now(forum.timezone).date() + timedelta(days=days)
    extra = dict(extra)
    excused = extra.pop("excused", None)  # sectors excused; by default every fourth member
    if extra.get("status") == "held" and days >= 0:
        raise ValueError("a demo session is held only in the past")
    meeting = Meeting(forum_id=forum.id, title=title, language=language,
                      starts_at=to_utc(day, time(17, 0), forum.timezone),
                      ends_at=to_utc(day, time(19, 0), forum.timezone),
                      place_name=place[0], address=place[1], **extra)
    db.session.add(meeting)
    db.session.flush()
    for position, (item_title, minutes) in enumerate(items, start=1):
        db.session.add(AgendaItem(meeting_id=meeting.id, position=position, title=item_title,
                                  language=language, duration_minutes=minutes))
    for index, membership in enumerate(members):
        if meeting.status == "held":
            away = membership.sector in excused if excused else index % 4 == 3
            status = "excused" if away else "present"
            db.session.add(Attendance(meeting_id=meeting.id, user_id=membership.user_id,
                                      status=status, sector=membership.sector,
                                      organisation=membership.organisation,
                                      name_public=membership.name_public))
        elif meeting.status == "scheduled":
            db.session.add(Rsvp(meeting_id=meeting.id, user_id=membership.user_id,
                                answer="yes" if index % 3 else "no"))
    if meeting.status == "held":
        meeting.guest_count = 3
