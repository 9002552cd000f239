"""Demo minutes: published ones with decisions and action items (done, open and overdue) for
held sessions of Tetovo and Roskovec, one with translations, and a Tetovo draft in review.
Their words agree with the attendance: votes never outnumber the members present."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.core.timezones import to_local
from forum.extensions import db
from forum.meetings.models import Meeting
from forum.minutes import actions, document, drafting, review, workflow
from forum.minutes.models import ActionItem, Minutes

# Per held session (by its place among the forum's held sessions, oldest first): the text of
# each agenda section (summary, [decisions], [(action, owner key, days after the session)]).
TETOVO_FIRST = [
    ("Претседателката го отвори состанокот. Дневниот ред беше усвоен без измени.", [], []),
    ("Ромите родители раскажаа дека **децата не се запишуваат** во градинка поради документите "
     "што се бараат. Центарот за социјална работа предложи заедничко дежурство.",
     [("Општината ќе отвори дежурство за упис во градинка секој вторник во Порој.", (3, 0, 1)),
      ("Документите за упис ќе се објават и на ромски јазик.", (4, 0, 0))],
     [("Да се отвори дежурството за упис", "tetovo_secretariat", 20),
      ("Превод на упатството за упис на ромски", "tetovo_ngo", 30),
      ("Извештај за бројот на запишани деца", "tetovo_social", 150)]),
    ("Нема други точки.", [], []),
]
TETOVO_SECOND = [
    ("Seanca filloi në kohë; ishin të pranishëm përfaqësues nga të gjithë sektorët përveç "
     "policisë.", [], []),
    ("Banorët e Porojit kërkuan ndriçim rrugor në rrugën për te shkolla.",
     [("Sekretariati do të kërkojë një ofertë për ndriçimin deri në seancën e ardhshme.",
       (3, 1, 0))],
     [("Oferta për ndriçimin rrugor", "tetovo_secretariat", 40)]),
    ("", [], []),
]
ROSKOVEC_FIRST = [
    ("Sekretaria hapi mbledhjen dhe paraqiti rendin e ditës.", [], []),
    ("Familjet rome kanë vështirësi me aplikimin për ndihmë ekonomike. Shoqata Drom Romano "
     "ofroi ndihmë me plotësimin e formularëve.",
     [("Bashkia do të caktojë një punonjëse sociale për familjet rome një ditë në javë.",
       (2, 0, 1))],
     [("Caktimi i punonjëses sociale", "roskovec_secretariat", 25),
      ("Takim informues në lagjen rome", "roskovec_ngo", 35)]),
]
TRANSLATIONS_EN = {
    "title": ["Opening and agenda", "Enrolling Roma children in kindergarten",
              "Any other business"],
    "decision": ["The municipality will open an enrolment desk for kindergarten every Tuesday "
                 "in Poroj.", "The enrolment documents will also be published in Romani."],
}


def seed(context: dict) -> None:
    forums, users = context["forums"], context["users"]
    if db.session.scalar(select(Minutes.id).limit(1)) is not None:
        return
    tetovo = _held(forums["tetovo"])
    roskovec = _held(forums["roskovec"])
    first = _write(tetovo[0], TETOVO_FIRST, users)
    _publish(first, users["tetovo_secretariat"], approved_at=tetovo[1])
    _translate(first)
    _done(first, 0, users["tetovo_secretariat"], "Дежурството работи од првиот вторник.", "mk")
    second = _write(tetovo[1], TETOVO_SECOND, users)
    workflow.send_to_review(second)
    review.add_comment(second, second.sections[1]["key"], users["tetovo_ngo"],
                       "Mangava te pišinen kaj o drom dži ki škola si bizo dud.", "rom",
                       second.revision, staff=False)
    third = _write(roskovec[0], ROSKOVEC_FIRST, users)
    _publish(third, users["roskovec_secretariat"], rule="Rregullorja e forumit, neni 9: "
             "sekretaria miraton procesverbalin kur asnjë anëtar nuk kundërshton brenda 8 ditëve.")
    _done(third, 1, users["roskovec_secretariat"], "Takimi u mbajt në shkollën e lagjes.", "sq")


def _held(forum) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(
        Meeting.forum_id == forum.id, Meeting.status == "held").order_by(Meeting.starts_at)))


def _write(meeting: Meeting, plan, users) -> Minutes:
    minutes = drafting.start(meeting)
    for section, (summary, decisions, tasks) in zip(minutes.sections, plan, strict=False):
        actions_ = [_action(what, users[key], meeting, days) for what, key, days in tasks]
        fields = {"summary": summary, "actions": actions_,
                  "decisions": [{"key": document.new_key(), "text": text, "votes_for": votes[0],
                                 "votes_against": votes[1], "votes_abstain": votes[2]}
                                for text, votes in decisions]}
        drafting.save_section(minutes, section["key"], minutes.revision, fields)
    return minutes


def _action(what: str, user, meeting: Meeting, days: int) -> dict:
    from forum.forums.services import find_membership

    membership = find_membership(meeting.forum, user)
    return {"key": document.new_key(), "what": what, "owner_user_id": user.id,
            "owner_name": user.display_name, "owner_organisation": membership.organisation,
            "owner_name_public": membership.name_public,
            "due_on": (_day(meeting) + timedelta(days=days)).isoformat()}


def _day(meeting: Meeting):
    return to_local(meeting.starts_at, meeting.forum.timezone).date()


def _publish(minutes: Minutes, secretariat, *, approved_at: Meeting | None = None,
             rule: str = "") -> None:
    """Approve (no warnings to confirm: the demo minutes are complete) and publish; approved
    by a later session means approved on that session's day."""
    how = "session" if approved_at is not None else "rule"
    workflow.approve(minutes, how, approved_at.id if approved_at else None, rule, secretariat)
    if approved_at is not None:
        minutes.approved_at = approved_at.ends_at
    workflow.publish(minutes, secretariat)


def _translate(minutes: Minutes) -> None:
    version = workflow.latest_version(minutes)
    texts = {}
    for section, title in zip(minutes.sections, TRANSLATIONS_EN["title"], strict=False):
        texts[f"{section['key']}.title"] = title
    for (_section, decision), text in zip(document.decisions_of(minutes.content),
                                         TRANSLATIONS_EN["decision"], strict=False):
        texts[f"{decision['key']}.text"] = text
    workflow.save_translation(version, "en", texts)


def _done(minutes: Minutes, index: int, user, note: str, language: str) -> None:
    item = db.session.scalars(select(ActionItem).where(ActionItem.minutes_id == minutes.id)
                              .order_by(ActionItem.due_on)).all()[index]
    actions.mark_done(item, min(item.due_on, actions.today(minutes.forum)) - timedelta(days=2),
                      note, language, user)
