"""The forum's resident register: verifying people in person, importing a list, finding
duplicates for a decision, searching, and linking an account by a one-time code."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, or_, select

from forum.budgeting.models import ResidentRecord
from forum.budgeting.models.residents import name_key
from forum.core import audit
from forum.core.csvfiles import read_rows
from forum.core.db import utcnow
from forum.core.rendering import format_size
from forum.core.search import plain
from forum.extensions import db

audit.register_actions({
    "budget.resident_merge": _l("Resident entry completed instead of adding a duplicate"),
    "budget.resident_code": _l("Code to link an account given to a resident"),
})

PAGE_SIZE = 50
DECISIONS = ("skip", "add", "merge")
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class ResidentRefused(Exception):
    """The entry cannot be made; the message says why (lazy text)."""


class DuplicateFound(Exception):
    """The person may already be in the register: the secretariat decides (skip, add anyway
    with a reason, or merge)."""

    def __init__(self, matches: list[ResidentRecord]):
        super().__init__(matches)
        self.matches = matches


def register_of(forum) -> list[ResidentRecord]:
    return list(db.session.scalars(select(ResidentRecord).where(
        ResidentRecord.forum_id == forum.id).order_by(ResidentRecord.name_key,
                                                      ResidentRecord.id)))


def search(forum, text: str = "", page: int = 1, size: int = PAGE_SIZE):
    """One page of the register whose entries match every word (name in any script and
    spelling, year of birth, neighbourhood, document ending)."""
    query = select(ResidentRecord).where(ResidentRecord.forum_id == forum.id)
    for word in text.split()[:6]:
        key = name_key(word)
        checks = [ResidentRecord.name_key.contains(key, autoescape=True)] if key else []
        checks.append(func.lower(ResidentRecord.neighbourhood).contains(word.lower(),
                                                                         autoescape=True))
        if word.isdigit():
            checks += [ResidentRecord.birth_year == int(word[:4]),
                       ResidentRecord.document_tail == word[-4:]]
        query = query.where(or_(*checks))
    return db.paginate(query.order_by(ResidentRecord.name_key, ResidentRecord.id),
                       page=max(page, 1), per_page=size, error_out=False)


def get_record(forum, record_id: int) -> ResidentRecord:
    record = db.session.get(ResidentRecord, record_id)
    if record is None or record.forum_id != forum.id:
        abort(404)
    return record


def duplicates_of(forum, *, full_name: str, birth_year: int | None,
                  document_tail: str | None = None,
                  email: str | None = None) -> list[ResidentRecord]:
    """Entries that look like the same person: the same name (however written) and year of
    birth (or a year missing on either side), or the same name and document ending, or the
    same e-mail address."""
    key = name_key(full_name)
    same = []
    if key:
        person = ResidentRecord.name_key == key  # without a year, the name alone
        if birth_year is not None:
            person = or_(ResidentRecord.birth_year == birth_year,
                         ResidentRecord.birth_year.is_(None))
        if document_tail:
            person = or_(person, ResidentRecord.document_tail == document_tail)
        same.append((ResidentRecord.name_key == key) & person)
    if email:
        same.append(ResidentRecord.email == email)
    if not same:
        return []
    return list(db.session.scalars(select(ResidentRecord).where(
        ResidentRecord.forum_id == forum.id, or_(*same)).order_by(ResidentRecord.id)))


def _birth_year(value) -> int | None:
    if value in (None, ""):
        return None
    year = int(value)
    if not 1900 <= year <= datetime.now(UTC).year:
        raise ValueError(year)
    return year


def tail_of(value: str | None) -> str | None:
    """The last four letters or digits of an identity document, if given."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    return cleaned[-4:] or None


def verify(forum, *, full_name: str, birth_year: int | None, neighbourhood: str = "",
           document_tail: str | None = None, email: str | None = None,
           decision: str | None = None, reason: str = "", merge_into: int | None = None,
           method: str = "in_person") -> ResidentRecord | None:
    """Record that the secretariat saw this person. A possible duplicate is refused with the
    matches (`DuplicateFound`) until a decision is given; "skip" stores nothing."""
    full_name, email = (full_name or "").strip(), (email or "").strip().lower() or None
    if not full_name:
        raise ResidentRefused(_l("Give the person's name."))
    details = {"full_name": full_name, "birth_year": birth_year, "email": email,
               "neighbourhood": (neighbourhood or "").strip(),
               "document_tail": tail_of(document_tail)}
    matches = duplicates_of(forum, full_name=full_name, birth_year=birth_year,
                            document_tail=details["document_tail"], email=email)
    if matches and decision not in DECISIONS:
        raise DuplicateFound(matches)
    if matches and decision == "skip":
        return None
    if matches and decision == "merge":
        return _merge(forum, matches, merge_into, details)
    if matches and not (reason or "").strip():
        raise ResidentRefused(_l("Say why this is a different person (for example: "
                                 "another neighbourhood, mother and daughter)."))
    record = ResidentRecord(forum_id=forum.id, method=method, verified_by_id=_actor_id(),
                            duplicate_reason=(reason or "").strip()[:300] if matches else "",
                            **details)
    db.session.add(record)
    audit.record("budget.resident_verify", target=record, forum=forum, label=record.display,
                 changes={"birth_year": [None, birth_year],
                          "duplicate_reason": [None, record.duplicate_reason or None]})
    db.session.commit()
    return record


def _merge(forum, matches, merge_into, details) -> ResidentRecord:
    """Complete the chosen entry with what it lacks, instead of adding a second one."""
    record = next((m for m in matches if m.id == merge_into), None)
    if record is None:
        raise ResidentRefused(_l("Choose the entry to complete."))
    before = audit.snapshot(record, ("birth_year", "neighbourhood", "document_tail"))
    for name, value in details.items():
        if value and not getattr(record, name):
            setattr(record, name, value)
    record.verified_by_id, record.verified_at = _actor_id(), datetime.now(UTC)
    after = audit.snapshot(record, ("birth_year", "neighbourhood", "document_tail"))
    audit.record("budget.resident_merge", target=record, forum=forum, label=record.display,
                 changes={k: [before[k][1], after[k][1]] for k in before
                          if before[k] != after[k]})
    db.session.commit()
    return record


def _actor_id():
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def issue_link_code(forum, record: ResidentRecord) -> str:
    """A new one-time code the secretariat hands to the person; typed on their account, it
    links the account to this entry. Only its hash is kept; an earlier code stops working."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    record.link_code_hash = _code_hash(raw)
    audit.record("budget.resident_code", target=record, forum=forum, label=record.display)
    db.session.commit()
    return f"{raw[:4]}-{raw[4:]}"


def _code_hash(code: str) -> str:
    letters = re.sub(r"[^0-9A-Z]", "", plain(code or "").upper())
    letters = letters.translate(str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"}))
    return hashlib.sha256(f"link:{letters}".encode()).hexdigest()


def link_account(forum, user, code: str) -> ResidentRecord:
    """Link the signed-in person's account to the register entry the code was given for."""
    record = db.session.scalar(select(ResidentRecord).where(
        ResidentRecord.forum_id == forum.id, ResidentRecord.link_code_hash == _code_hash(code)))
    if record is None or not code:
        raise ResidentRefused(_l("This code is not right. Check it, or ask the secretariat "
                                 "for a new one."))
    other = db.session.scalar(select(ResidentRecord).where(
        ResidentRecord.forum_id == forum.id, ResidentRecord.user_id == user.id,
        ResidentRecord.id != record.id))
    if other is not None:
        raise ResidentRefused(_l("Your account is already linked to another entry in this "
                                 "forum's register. Ask the secretariat."))
    record.user_id, record.link_code_hash = user.id, None
    db.session.commit()
    return record


@dataclass
class ImportReport:
    added: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, reason, row
    # line, the row's values, the entries it may be the same person as (nothing was stored)
    duplicates: list[tuple[int, dict, list[ResidentRecord]]] = field(default_factory=list)


def check_file(raw: bytes) -> str:
    """The file's text, or `ResidentRefused` when it is too large, not UTF-8, or has no header
    (quick enough to answer on the form before a job starts)."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        raise ResidentRefused(_l("The file is larger than %(size)s.", size=format_size(limit)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ResidentRefused(_l("The file is not UTF-8 text. Save it as CSV (UTF-8).")) \
            from error
    first = next(iter(read_rows(text.split("\n", 1)[0], ResidentRefused)), [])
    if "name" not in [cell.strip().lower() for cell in first]:
        raise ResidentRefused(_l("The first line must name the columns: name, birth_year, "
                                 "and if you keep them neighbourhood, document, email."))
    return text


def _rows(raw: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(read_rows(check_file(raw), ResidentRefused))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    return header, rows[1:]


REJECTED = {"email": _l("the e-mail address is not valid"),
            "birth_year": _l("the year of birth is not valid"), "empty": _l("there is no name")}


def import_list(forum, raw: bytes, *, actor=None, progress=None) -> ImportReport:
    """Add residents from a CSV file. Every refused line is reported with its number and
    reason; a line that may be a person already in the register (or earlier in the file) is
    not added but listed for a decision; the others are added, in one transaction (the
    caller's, when a job runs it with `progress`)."""
    header, rows = _rows(raw)
    report, register = ImportReport(), _Register.of(forum)
    actor_id = actor.id if actor is not None else _actor_id()
    if progress is not None:
        progress.set_total(len(rows))
    for line, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row):
            values = dict(zip(header, (c.strip() for c in row), strict=False))
            rejected = len(report.rejected)
            _import_row(forum, register, values, line, ",".join(row)[:200], report, actor_id)
            if progress is not None and len(report.rejected) > rejected:
                progress.error(line, REJECTED[report.rejected[-1][1]])
        if progress is not None:
            progress.step(line - 1)
    register.insert(report)
    audit.record("budget.resident_import", forum=forum, actor=actor,
                 changes={"added": [None, report.added],
                          "duplicates": [None, len(report.duplicates)],
                          "rejected": [None, len(report.rejected)]})
    if progress is None:
        db.session.commit()
    return report


@dataclass
class _Register:
    """The forum's register read once, with the lines added from a file: possible duplicates
    found in memory by the same rules as `duplicates_of`, in the order of the entries' ids."""

    entries: list[ResidentRecord]
    added: list[ResidentRecord] = field(default_factory=list)
    by_name: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    by_email: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    position: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, forum) -> _Register:
        register = cls(list(db.session.scalars(select(ResidentRecord).where(
            ResidentRecord.forum_id == forum.id).order_by(ResidentRecord.id))))
        for record in register.entries:
            register._index(record)
        return register

    def _index(self, record: ResidentRecord) -> None:
        self.position[id(record)] = len(self.position)
        if record.name_key:
            self.by_name[record.name_key].append(record)
        if record.email:
            self.by_email[record.email].append(record)

    def add(self, record: ResidentRecord) -> None:
        self.added.append(record)
        self._index(record)

    def insert(self, report: ImportReport) -> None:
        """Write the added lines in bulk; a line listed as maybe the same person as one added
        earlier in the file is shown with that stored entry."""
        if not self.added:
            return
        columns = ("forum_id", "method", "verified_by_id", "full_name", "name_key", "email",
                   "birth_year", "neighbourhood", "document_tail", "verified_at")
        for draft in self.added:
            draft.verified_at = utcnow()
        db.session.execute(insert(ResidentRecord).execution_options(render_nulls=True),
                           [{c: getattr(r, c) for c in columns} for r in self.added])
        drafts = {id(r) for r in self.added}
        keys = {r.name_key for _l, _d, found in report.duplicates for r in found
                if id(r) in drafts}
        if keys:
            self._show_stored(report, keys, drafts)

    def _show_stored(self, report, keys, drafts) -> None:
        newest = max((r.id for r in self.entries), default=0)
        stored = {_key_of(r): r for r in db.session.scalars(select(ResidentRecord).where(
            ResidentRecord.forum_id == self.added[0].forum_id, ResidentRecord.id > newest,
            ResidentRecord.name_key.in_(keys)))}
        for _line, _details, matches in report.duplicates:
            matches[:] = [stored.get(_key_of(m), m) if id(m) in drafts else m for m in matches]

    def duplicates(self, *, full_name, birth_year, document_tail, email) -> list:
        key, found = name_key(full_name), []
        if key:
            found += [r for r in self.by_name.get(key, ())
                      if birth_year is None or r.birth_year in (birth_year, None)
                      or (document_tail and r.document_tail == document_tail)]
        if email:
            found += [r for r in self.by_email.get(email, ()) if r not in found]
        return sorted(found, key=lambda r: self.position[id(r)])


def _key_of(record: ResidentRecord) -> tuple:
    return record.name_key, record.birth_year, record.document_tail, record.email


def _import_row(forum, register, values, line, raw, report, actor_id) -> None:
    """One line: rejected, listed as a possible duplicate (of the register or of an earlier
    line, to be added), or added."""
    from email_validator import EmailNotValidError  # loaded by the first import

    try:
        details = _details(values)
    except EmailNotValidError:
        report.rejected.append((line, "email", raw))
        return
    except ValueError:
        report.rejected.append((line, "birth_year", raw))
        return
    if not details["full_name"]:
        report.rejected.append((line, "empty", raw))
        return
    matches = register.duplicates(**{k: details[k] for k in ("full_name", "birth_year",
                                                            "document_tail", "email")})
    if matches:
        report.duplicates.append((line, details, matches))
        return
    register.add(ResidentRecord(forum_id=forum.id, method="import",
                                verified_by_id=actor_id, **details))
    report.added += 1


def _details(values: dict) -> dict:
    email = values.get("email", "").lower() or None
    if email:
        from email_validator import validate_email

        email = validate_email(email, check_deliverability=False).normalized.lower()
    return {"full_name": values.get("name", "")[:160], "email": email,
            "birth_year": _birth_year(values.get("birth_year")),
            "neighbourhood": values.get("neighbourhood", "")[:120],
            "document_tail": tail_of(values.get("document"))}


def remove(forum, record: ResidentRecord) -> None:
    audit.record("budget.resident_remove", target=record, forum=forum, label=record.display)
    db.session.delete(record)
    db.session.commit()
