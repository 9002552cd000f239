"""E-mails about sessions, each in its recipient's language: moved, cancelled, reminders."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from forum.core import mail
from forum.extensions import db
from forum.meetings.models import Answer, Meeting, Rsvp


def tell_those_coming(meeting: Meeting, template: str, subject) -> None:
    """Queue a message to everyone who said they would come (in the caller's transaction)."""
    answers = db.session.scalars(
        select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.answer == Answer.YES)).all()
    for answer in answers:
        send(answer.user, meeting, template, subject)


def send(user, meeting: Meeting, template: str, subject) -> None:
    if not user.is_active or not user.email:
        return
    link = url_for("meetings.show", slug=meeting.forum.slug, meeting_id=meeting.id,
                   lang=user.language, _external=True)
    mail.queue(user.email, user.language, subject, template, meeting=meeting, user=user,
               link=link)
