"""The forum's resident register: verifying people in person, and importing a list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from email_validator import EmailNotValidError, validate_email
from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.accounts.models import User
from forum.budgeting.models import ResidentRecord
from forum.core import audit
from forum.core.csvfiles import read_rows
from forum.core.rendering import format_size
from forum.extensions import db

COLUMNS = ("email", "name", "birth_year")


class ResidentRefused(Exception):
    """The entry cannot be made; the message says why (lazy text)."""


def register_of(forum) -> list[ResidentRecord]:
    return list(db.session.scalars(select(ResidentRecord).where(
        ResidentRecord.forum_id == forum.id).order_by(ResidentRecord.full_name,
                                                      ResidentRecord.email)))


def get_record(forum, record_id: int) -> ResidentRecord:
    record = db.session.get(ResidentRecord, record_id)
    if record is None or record.forum_id != forum.id:
        abort(404)
    return record


def _birth_year(value) -> int | None:
    if value in (None, ""):
        return None
    year = int(value)
    if not 1900 <= year <= datetime.now(UTC).year:
        raise ValueError(year)
    return year


def verify(forum, *, email: str, full_name: str, birth_year: int | None) -> ResidentRecord:
    """Record that the secretariat saw this person; with an e-mail of an account, that account
    is linked. Either an e-mail or a name is needed."""
    email = (email or "").strip().lower() or None
    if not email and not full_name:
        raise ResidentRefused(_l("Give the person's e-mail address or name."))
    user = db.session.scalar(select(User).where(func.lower(User.email) == email)) if email \
        else None
    existing = None
    if email:
        existing = db.session.scalar(select(ResidentRecord).where(
            ResidentRecord.forum_id == forum.id,
            (ResidentRecord.email == email) | (ResidentRecord.user_id == (user.id if user
                                                                          else -1))))
    record = existing or ResidentRecord(forum_id=forum.id, method="in_person")
    record.email, record.full_name = email, full_name or record.full_name
    record.birth_year = birth_year if birth_year is not None else record.birth_year
    record.user_id = user.id if user else record.user_id
    record.verified_by_id, record.verified_at = _actor_id(), datetime.now(UTC)
    db.session.add(record)
    db.session.flush()
    audit.record("budget.resident_verify", target=record, forum=forum, label=record.display,
                 changes={"email": [None, email], "birth_year": [None, record.birth_year]})
    db.session.commit()
    return record


def _actor_id():
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, row


def import_list(forum, raw: bytes) -> ImportReport:
    """Add or update residents from a CSV file (email, name, birth_year); every refused line
    is reported with its number and reason, and the good ones are kept, in one transaction."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        raise ResidentRefused(_l("The file is larger than %(size)s.", size=format_size(limit)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ResidentRefused(_l("The file is not UTF-8 text. Save it as CSV (UTF-8).")) \
            from error
    rows = list(read_rows(text, ResidentRefused))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if not rows or ("email" not in header and "name" not in header):
        raise ResidentRefused(_l("The first line must name the columns: email, name, "
                                 "birth_year."))
    report, seen = ImportReport(), set()
    existing = {r.email: r for r in register_of(forum) if r.email}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        _import_row(forum, dict(zip(header, (c.strip() for c in row), strict=False)), line,
                    row, report, seen, existing)
    audit.record("budget.resident_import", forum=forum,
                 changes={"added": [None, report.added], "updated": [None, report.updated],
                          "rejected": [None, len(report.rejected)]})
    db.session.commit()
    return report


def _import_row(forum, values, line, row, report, seen, existing) -> None:
    raw = ",".join(row)[:200]
    email = values.get("email", "").lower() or None
    try:
        if email:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        year = _birth_year(values.get("birth_year"))
    except EmailNotValidError:
        report.rejected.append((line, "email", raw))
        return
    except ValueError:
        report.rejected.append((line, "birth_year", raw))
        return
    name = values.get("name", "")[:160]
    if not email and not name:
        report.rejected.append((line, "empty", raw))
        return
    if email and email in seen:
        report.rejected.append((line, "duplicate", raw))
        return
    seen.add(email)
    record = existing.get(email) if email else None
    if record is None:
        user = db.session.scalar(select(User).where(func.lower(User.email) == email)) \
            if email else None
        db.session.add(ResidentRecord(forum_id=forum.id, email=email, full_name=name,
                                      birth_year=year, method="import",
                                      user_id=user.id if user else None,
                                      verified_by_id=_actor_id()))
        report.added += 1
    else:
        record.full_name, record.birth_year = name or record.full_name, year or record.birth_year
        report.updated += 1


def remove(forum, record: ResidentRecord) -> None:
    audit.record("budget.resident_remove", target=record, forum=forum, label=record.display)
    db.session.delete(record)
    db.session.commit()
