"""Demo proposals for Tetovo and Roskovec, in Romani, Macedonian, Albanian and Serbian, in every
stage: waiting (one of them late), under review, accepted onto the next session's agenda,
merged, declined, withdrawn and hidden, each answer in its own language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings.models import AgendaItem, Meeting
from forum.proposals.models import (
    Proposal,
    ProposalEvent,
    ProposalSettings,
    Report,
    Support,
    TargetGroup,
)

# key, author, days ago, language, title, description, groups, supporters,
# (status, answer language, answer, {translations of the answer}) or None, extra
TETOVO = [
    ("kindergarten", "resident", 20, "rom", "Te šaj e romane čhave te džan ko vrtiko",
     "But romane familije ani Tetova našti te ramosaren pe čhaven ko vrtiko, adaleske so na "
     "len lične dokumentija. Mangas o forumi te vakerel akava e komunasa thaj e vrtikoja.",
     ("roma", "youth"), ("tetovo_ngo", "tetovo_school", "tetovo_social", "resident_sr"),
     ("accepted", "mk", "Прифатено: на дневниот ред на следната седница, со директорката на "
      "градинката и Центарот за социјална работа.",
      {"rom": "Lindilo: ko dnevno redo e avutne bešinesko, e direktorkasa e vrtikoski thaj "
              "e Centrosa vaš socijalno buti.",
       "en": "Accepted: on the agenda of the next session, with the kindergarten's director "
             "and the Centre for Social Work."}), {}),
    ("documents", "tetovo_ngo", 18, "rom", "Lične dokumentija vaš e čhave bizo dokumentija",
     "Varesave čhave na len izvodi thaj lična karta. Bizo dokumentija na šaj te džan ni ko "
     "vrtiko ni ki škola.", ("roma",), ("resident",),
     ("merged", "mk", "Истата тема: ја разгледуваме заедно со предлогот за градинките.", {}),
     {"merged_into": "kindergarten"}),
    ("lights", "tetovo_social", 12, "mk", "Улично осветлување во Порој",
     "Улиците во Порој се темни навечер. Жените и постарите луѓе не излегуваат по стемнување.",
     ("women", "elderly"), ("tetovo_school", "resident", "tetovo_police"),
     ("under_review", "mk", "Ја прашавме Комуналната служба колку чини и кога може да се "
      "постави осветлувањето.", {"en": "We have asked the public works service what it "
                                       "costs and when the lights can go up."}), {}),
    ("school_bus", "tetovo_school", 38, "sq", "Transport shkollor për fëmijët nga fshatrat",
     "Fëmijët nga fshatrat ecin mbi dy kilometra deri në shkollë, edhe në dimër.",
     ("youth",), ("tetovo_ngo", "resident"), None, {"reported": "tetovo_police"}),
    ("pensioners", "resident_sr", 30, "sr", "Бесплатан градски превоз за пензионере",
     "Многи пензионери не могу да плате карту за аутобус до болнице.", ("elderly",), (),
     ("declined", "mk", "Градскиот превоз го води друга институција, не Општината. Предлогот "
      "го препративме до неа и ќе ве известиме за нејзиниот одговор.",
      {"sr": "Градски превоз води друга институција, а не Општина. Предлог смо проследили "
             "њој и обавестићемо вас о њеном одговору."}), {}),
    ("pool", "resident", 25, "rom", "Bazeni vaš e čhave ani Tetova",
     "Ani Tetova nane bazeni kaj e čhave šaj te sikljoven te plivinen.", ("youth",), (),
     ("withdrawn", "rom", "Akava proekti kerela pes ko budžeti e komunako.", {}), {}),
    ("neighbour", "resident", 6, "mk", "Соседот паркира на тротоарот",
     "Името и телефонот на соседот се во описот.", (), (), None,
     {"hidden": "Содржи лични податоци за друго лице. Напишете го предлогот без нив."}),
]
ROSKOVEC = [
    ("water", "roskovec_ngo", 15, "rom", "Pijiben pani vaš e romani mahala",
     "Ani romani mahala o pani avel samo duj sahatja ko dive. E familije činen pani ko "
     "šišija.", ("roma",), ("resident", "roskovec_health", "roskovec_police"),
     ("accepted", "sq", "Pranohet: në rendin e ditës së mbledhjes së ardhshme, me "
      "ndërmarrjen e ujësjellësit.",
      {"rom": "Lindilo: ko dnevno redo e avutne bešinesko, e firmasa vaš o pani."}), {}),
    ("doctor", "roskovec_health", 9, "sq", "Mjek familje një herë në javë në lagjen rome",
     "Shumë familje nuk shkojnë te qendra shëndetësore sepse është larg.",
     ("roma", "elderly"), ("roskovec_ngo",),
     ("under_review", "sq", "Po flasim me Drejtorinë e Shëndetit Publik.", {}), {}),
    ("literacy", "resident", 4, "rom", "Kurso vaš e džuvlja te sikljoven te ramosaren",
     "But džuvlja ani amari mahala na džanen te ramosaren thaj te čitinen. Jekh kurso ko "
     "kher e kulturako bi pomožinela.", ("women", "roma"), ("roskovec_ngo",), None, {}),
    ("cameras", "roskovec_police", 40, "sq", "Kamera sigurie në parkun e qytetit",
     "Në park ka pasur dëmtime gjatë natës.", (), (),
     ("declined", "sq", "Forumi nuk vendos për kamerat: këtë e bën Këshilli Bashkiak. Ia "
      "dërguam propozimin atij.", {}), {}),
]


def seed(context: dict) -> None:
    users = context["users"]
    for slug, plan, answer_days in (("tetovo", TETOVO, 30), ("roskovec", ROSKOVEC, 21)):
        forum = context["forums"][slug]
        if db.session.scalar(select(Proposal.id).where(Proposal.forum_id == forum.id).limit(1)):
            continue
        db.session.merge(ProposalSettings(forum_id=forum.id, answer_days=answer_days))
        secretariat = users[f"{slug}_secretariat"]
        groups = {g.key: g for g in db.session.scalars(
            select(TargetGroup).where(TargetGroup.forum_id == forum.id))}
        meeting = _next_session(forum)
        made: dict[str, Proposal] = {}
        for spec in plan:
            made[spec[0]] = _proposal(forum, spec, users, groups, secretariat, meeting, made)
    db.session.commit()


def _next_session(forum) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(
        Meeting.forum_id == forum.id, Meeting.starts_at > utcnow(),
        Meeting.status == "scheduled", Meeting.visibility == "public")
        .order_by(Meeting.starts_at).limit(1))


def _proposal(forum, spec, users, groups, secretariat, meeting, made) -> Proposal:
    _key, author, days, language, title, text, group_keys, supporters, answer, extra = spec
    created = utcnow() - timedelta(days=days, hours=3)
    proposal = Proposal(forum_id=forum.id, author_id=users[author].id, title=title,
                        description=text, language=language, created_at=created,
                        groups=[groups[k] for k in group_keys if k in groups])
    db.session.add(proposal)
    db.session.flush()
    for name in supporters:
        db.session.add(Support(proposal_id=proposal.id, user_id=users[name].id,
                               created_at=created + timedelta(hours=5)))
    if answer is not None:
        _answer(proposal, answer, users[author] if answer[0] == "withdrawn" else secretariat,
                meeting, made.get(extra.get("merged_into", "")), created + timedelta(days=2))
    if "reported" in extra:
        db.session.add(Report(proposal_id=proposal.id, user_id=users[extra["reported"]].id,
                              reason="other", note="Is this for the forum or for the school?"))
    if "hidden" in extra:
        proposal.hidden_at = created + timedelta(days=1)
        db.session.add(ProposalEvent(proposal=proposal, kind="hidden", text=extra["hidden"],
                                     language=forum.language, actor_id=secretariat.id,
                                     created_at=proposal.hidden_at))
    return proposal


def _answer(proposal, answer, actor, meeting, merged_into, when) -> None:
    status, language, text, translations = answer
    if status == "accepted" and meeting is None:
        return  # no session to come in this database: the proposal keeps waiting
    event = ProposalEvent(proposal=proposal, kind=status, text=text, language=language,
                          actor_id=actor.id, created_at=when)
    db.session.add(event)
    for code, translated in translations.items():
        event.set_translation(code, text=translated)
    proposal.status = status
    if status != "under_review":
        proposal.closed_at = when
    if status == "merged" and merged_into is not None:
        proposal.merged_into_id = event.merged_into_id = merged_into.id
    if status == "accepted":
        proposal.scheduled_meeting_id = event.meeting_id = meeting.id
        last = db.session.scalar(select(func.max(AgendaItem.position))
                                 .where(AgendaItem.meeting_id == meeting.id))
        db.session.add(AgendaItem(meeting_id=meeting.id, position=(last or 0) + 1,
                                  title=proposal.title, language=proposal.language,
                                  duration_minutes=20, proposal_id=proposal.id))
