"""Working a case: logging each open by staff, assigning, internal notes, referrals to
institutions and their replies, answers to the person and the moves of its life cycle.

An answer or a move changes the case only if nobody else changed it since the page was shown
(its `version`): of two staff answering at once, the second is refused and shown the first's."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from forum.core import audit, mail
from forum.core.db import utcnow
from forum.desk import states
from forum.desk.models import Answer, Case, CaseOpen, Note, Referral
from forum.desk.states import CaseRuleBroken, Move, Status
from forum.extensions import db

audit.register_actions({
    "desk.case_assign": _l("Case assigned"),
    "desk.case_note": _l("Internal note added to a case"),
    "desk.case_refer": _l("Case referred to an institution"),
    "desk.case_reply": _l("Institution's reply recorded"),
    "desk.case_answer": _l("Case answered"),
    "desk.case_move": _l("Case status changed"),
})


CHANGED = _l("Someone else changed this case while you were writing. Read what they did "
             "below; nothing of yours was saved, your text is still in the form.")


class CaseChanged(CaseRuleBroken):
    """Someone else changed the case since the page was shown."""


def log_open(case: Case, user) -> None:
    """Every open of a case by staff is kept: who, when (newest first among the case's opens,
    so a page that loaded them shows this one without asking again)."""
    case.opens.insert(0, CaseOpen(case_id=case.id, user_id=user.id))
    db.session.commit()


def _claim(case: Case, version: int) -> None:
    """Take the case's next version, or `CaseChanged` if it moved on since `version`."""
    done = db.session.execute(update(Case).where(Case.id == case.id, Case.version == version)
                              .values(version=version + 1))
    if done.rowcount != 1:
        db.session.rollback()
        raise CaseChanged(CHANGED)
    db.session.refresh(case)


def _set_status(case: Case, move: Move) -> None:
    before = case.status
    case.status = states.check(case.status, move)
    now = utcnow()
    if case.status == Status.CLOSED or case.status == Status.NOT_ADMISSIBLE:
        case.closed_at = now
    elif before in states.DONE:
        case.closed_at = None
    audit.record("desk.case_move", target=case, forum=case.forum,
                 changes={"status": [before, case.status]})


def assign(case: Case, assignee) -> None:
    before = case.assignee_id
    case.assignee_id = assignee.id if assignee is not None else None
    audit.record("desk.case_assign", target=case, forum=case.forum,
                 changes={"assignee_id": [before, case.assignee_id]})
    db.session.commit()


def add_note(case: Case, author, text: str) -> Note:
    note = Note(case_id=case.id, author_id=author.id, text=text)
    db.session.add(note)
    db.session.flush()
    audit.record("desk.case_note", target=case, forum=case.forum,
                 changes={"note": [None, note.id]})  # the note's text stays with the case
    db.session.commit()
    return note


def refer(case: Case, actor, *, institution, referred_on: date, request: str,
          version: int) -> Referral:
    """Record a referral to an institution of the register; the case becomes referred."""
    states.check(case.status, Move.REFER)
    _claim(case, version)
    _set_status(case, Move.REFER)
    referral = Referral(case_id=case.id, institution_id=institution.id, referred_on=referred_on,
                        request=request, created_by_id=actor.id)
    db.session.add(referral)
    db.session.flush()
    audit.record("desk.case_refer", target=case, forum=case.forum,
                 changes={"institution": [None, institution.name]})
    db.session.commit()
    return referral


def record_reply(case: Case, referral: Referral, *, reply: str, replied_on: date) -> None:
    """Record the institution's reply once: of two staff recording it at once, the second is
    refused and shown the first's (`CaseChanged`), rather than writing over it."""
    done = db.session.execute(update(Referral).where(Referral.id == referral.id,
                                                     Referral.replied_on.is_(None))
                              .values(reply=reply, replied_on=replied_on))
    if done.rowcount != 1:
        db.session.rollback()
        raise CaseChanged(CHANGED)
    db.session.refresh(referral)
    audit.record("desk.case_reply", target=case, forum=case.forum,
                 changes={"referral": [None, referral.id]})
    db.session.commit()


def answer(case: Case, author, *, text: str, version: int) -> Answer:
    """Answer the person in the case's language; e-mailed when they asked for e-mail."""
    states.check(case.status, Move.ANSWER)
    _claim(case, version)
    _set_status(case, Move.ANSWER)
    case.answered_at = case.answered_at or utcnow()
    emailed = (case.wants_answer and case.channel == "email" and case.consent
               and bool(case.contact_email))
    reply = Answer(case_id=case.id, author_id=author.id, text=text, language=case.language,
                   emailed=emailed)
    db.session.add(reply)
    db.session.flush()
    audit.record("desk.case_answer", target=case, forum=case.forum,
                 changes={"answer": [None, reply.id], "emailed": [None, emailed]})
    if emailed:
        mail.queue(case.contact_email, case.language,
                   _l("An answer to your case %(number)s", number=case.number),
                   "desk/email_answer.txt", case=case, answer=reply,
                   desk=url_for("desk.home", lang=case.language, slug=case.forum.slug,
                                _external=True))
    db.session.commit()
    return reply


def move(case: Case, what: Move, *, version: int, reason: str = "") -> None:
    """Take into work, close, mark as not admissible (with its reason) or reopen."""
    if what in (Move.REFER, Move.ANSWER):
        raise CaseRuleBroken(_l("Referrals and answers have their own forms."))
    states.check(case.status, what)
    if what == Move.REJECT and not reason.strip():
        raise CaseRuleBroken(_l("Say why the case is not admissible."))
    _claim(case, version)
    _set_status(case, what)
    if what == Move.REJECT:
        case.not_admissible_reason = reason
    db.session.commit()
