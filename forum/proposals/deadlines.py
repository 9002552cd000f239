"""How many days the secretariat has to answer a proposal, and how long each one has waited.

Days are calendar days in the forum's time zone, from the day a proposal was made until today
(or until the day it was answered).
"""

from __future__ import annotations

from datetime import date, timedelta

from forum.core import audit
from forum.core.db import utcnow
from forum.core.timezones import to_local
from forum.extensions import db
from forum.proposals.models import Proposal, ProposalSettings

DEFAULT_ANSWER_DAYS = 30


def default_settings(forum) -> ProposalSettings:
    """The rule of a forum that has not set its own."""
    return ProposalSettings(forum_id=forum.id, answer_days=DEFAULT_ANSWER_DAYS)


def settings_of(forum) -> ProposalSettings:
    found = db.session.get(ProposalSettings, forum.id)
    return found if found is not None else default_settings(forum)


def save_settings(forum, answer_days: int) -> None:
    settings = db.session.get(ProposalSettings, forum.id) or ProposalSettings(forum_id=forum.id)
    db.session.add(settings)
    settings.answer_days = answer_days
    changes = audit.changes_of(settings)
    if changes:
        audit.record("proposal.settings", forum=forum, changes=changes)
    db.session.commit()


def _local_day(moment, proposal: Proposal) -> date:
    return to_local(moment, proposal.forum.timezone).date()


def days_waited(proposal: Proposal) -> int:
    """Days from the proposal to its answer, or to today while it waits."""
    end = proposal.closed_at if proposal.closed_at is not None else utcnow()
    return max(0, (_local_day(end, proposal) - _local_day(proposal.created_at, proposal)).days)


def due_on(proposal: Proposal, settings: ProposalSettings) -> date:
    return _local_day(proposal.created_at, proposal) + timedelta(days=settings.answer_days)


def is_overdue(proposal: Proposal, settings: ProposalSettings) -> bool:
    return proposal.is_open and _local_day(utcnow(), proposal) > due_on(proposal, settings)
