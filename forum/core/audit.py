"""The audit log: services record every secretariat and administrator write here."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_login import current_user
from sqlalchemy import inspect, select

from forum.core.models import AuditEntry
from forum.extensions import db

ACTION_LABELS: dict[str, object] = {}


def register_actions(labels: dict[str, object]) -> None:
    """Areas name their audit actions (lazy-translated); the log shows them translated."""
    ACTION_LABELS.update(labels)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def changes_of(obj, fields: tuple[str, ...] | None = None) -> dict[str, list]:
    """The pending column changes of a loaded object as {field: [before, after]} (before flush)."""
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if fields is not None and attr.key not in fields:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if _plain(before) != _plain(after):
                changes[attr.key] = [_plain(before), _plain(after)]
    return changes


def snapshot(obj, fields: tuple[str, ...]) -> dict[str, list]:
    """The given fields of an object that is being created or deleted, as {field: [None, value]}."""
    return {name: [None, _plain(getattr(obj, name))] for name in fields}


def record(action: str, *, target=None, forum=None, changes: dict | None = None,
           label: str | None = None, actor=None) -> AuditEntry:
    """Add an audit entry to the current transaction; the caller commits."""
    if actor is None and getattr(current_user, "is_authenticated", False):
        actor = current_user._get_current_object()
    if target is not None and getattr(target, "id", 0) is None:
        db.session.flush()
    entry = AuditEntry(
        actor=actor,
        forum_id=forum.id if forum is not None else None,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        target_label=(label or (str(target) if target is not None else None) or "")[:200] or None,
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


def entries_query(forum=None):
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if forum is not None:
        query = query.where(AuditEntry.forum_id == forum.id)
    return query
