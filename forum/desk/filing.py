"""Filing a case: by a resident (signed in or not) or written down by staff for someone who came
in person or called. The case gets a readable number (`BN-2026-0007`), a due date in working
days and a private link to follow it; only the link's hash is kept."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.core import audit, mail
from forum.core.timezones import local_now
from forum.desk.models import SENSITIVE_CATEGORIES, Attachment, Case, DeskSettings
from forum.desk.workdays import add_working_days
from forum.extensions import db

audit.register_actions({
    "desk.case_assisted": _l("Case written down by the desk for someone who came or called"),
})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Filing:
    """What the person told the desk."""

    kind: str
    description: str
    category: str
    language: str
    happened_on: date | None = None
    place: str = ""
    institution_id: int | None = None
    institution_text: str = ""
    groups: list[int] = field(default_factory=list)
    wants_answer: bool = False
    channel: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    consent: bool = False
    files: list[tuple[str, str, bytes]] = field(default_factory=list)


def _next_number(forum, settings: DeskSettings, year: int) -> tuple[int, str]:
    """The next sequence number of the forum's cases this year, under a lock on the desk's
    settings row so two filings at once never get the same number."""
    db.session.execute(select(DeskSettings).where(DeskSettings.forum_id == forum.id)
                       .with_for_update())
    last = db.session.scalar(select(func.max(Case.sequence))
                             .where(Case.forum_id == forum.id, Case.year == year)) or 0
    sequence = last + 1
    return sequence, f"{settings.prefix or 'DK'}-{year}-{sequence:04d}"


def file_case(forum, settings: DeskSettings, filing: Filing, *, by=None,
              assisted: bool = False) -> tuple[Case, str]:
    """Store a new case; (case, raw private-link token). `by` is the signed-in person filing
    (for an assisted case, the staff member: then the case is nobody's account's)."""
    today = local_now(forum.timezone).date()
    sequence, number = _next_number(forum, settings, today.year)
    token = secrets.token_urlsafe(24)
    values = {k: v for k, v in vars(filing).items() if k != "files"}
    case = Case(forum_id=forum.id, number=number, year=today.year, sequence=sequence,
                token_hash=token_hash(token), due_on=add_working_days(today,
                                                                      settings.response_days),
                sensitive=filing.category in SENSITIVE_CATEGORIES, assisted=assisted,
                filed_by_id=by.id if by is not None and not assisted else None, **values)
    for name, content_type, data in filing.files:
        case.attachments.append(Attachment(filename=name, content_type=content_type,
                                           size=len(data), data=data))
    db.session.add(case)
    db.session.flush()
    if assisted:
        audit.record("desk.case_assisted", target=case, forum=forum,
                     changes=audit.snapshot(case, ("number", "kind", "category", "language")))
    _acknowledge(forum, case, token)
    db.session.commit()
    return case, token


def follow_url(forum, token: str, language: str) -> str:
    return url_for("desk.follow", lang=language, slug=forum.slug, token=token, _external=True)


def _acknowledge(forum, case: Case, token: str) -> None:
    """Mail the number and the private link to a person who asked for answers by e-mail."""
    if not (case.wants_answer and case.channel == "email" and case.consent
            and case.contact_email):
        return
    mail.queue(case.contact_email, case.language,
               _l("Your case %(number)s at the desk", number=case.number),
               "desk/email_received.txt", forum=forum, case=case,
               link=follow_url(forum, token, case.language))


def case_by_token(forum, token: str) -> Case | None:
    """The forum's case whose private link this is; None for a wrong or expired link."""
    if not token or len(token) > 100:
        return None
    case = db.session.scalar(select(Case).where(Case.token_hash == token_hash(token)))
    return case if case is not None and case.forum_id == forum.id else None
