"""A forum's list of the groups proposals can concern: add, rename, stop offering, offer again.

A group is never deleted, so the proposals that named it keep it; one that is no longer offered
simply disappears from the choices of new proposals.
"""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from forum.core import audit
from forum.extensions import db
from forum.proposals.models import TargetGroup
from forum.proposals.proposing import ProposalRuleBroken


def all_of(forum) -> list[TargetGroup]:
    return list(db.session.scalars(select(TargetGroup).where(TargetGroup.forum_id == forum.id)
                                   .order_by(TargetGroup.position, TargetGroup.id)))


def offered(forum) -> list[TargetGroup]:
    return [group for group in all_of(forum) if not group.retired]


def chosen(forum, ids) -> list[TargetGroup]:
    """The forum's groups with these ids (ids of another forum's groups are ignored)."""
    wanted = set(ids)
    return [group for group in all_of(forum) if group.id in wanted]


def choices(groups: list[TargetGroup]) -> list[tuple[int, str]]:
    return [(group.id, group.label().text) for group in groups]


def get_group(forum, group_id: int) -> TargetGroup:
    group = db.session.get(TargetGroup, group_id)
    if group is None or group.forum_id != forum.id:
        abort(404)
    return group


def add(forum, name: str, language: str) -> TargetGroup:
    if not (name or "").strip():
        raise ProposalRuleBroken(_l("Give the group a name."))
    last = db.session.scalar(select(func.max(TargetGroup.position))
                             .where(TargetGroup.forum_id == forum.id))
    group = TargetGroup(forum_id=forum.id, name=name, language=language,
                        position=(last or 0) + 1)
    db.session.add(group)
    db.session.flush()
    audit.record("target_group.add", target=group, forum=forum,
                 changes=audit.snapshot(group, ("name", "language")))
    db.session.commit()
    return group


def rename(group: TargetGroup, name: str, language: str) -> None:
    """A forum's own name; a standard group given an empty name takes its standard one back."""
    if not name and not group.key:
        raise ProposalRuleBroken(_l("Give the group a name."))
    group.name, group.language = name, language
    changes = audit.changes_of(group)
    if changes:
        audit.record("target_group.update", target=group, forum=group.forum, changes=changes,
                     label=group.label().text)
    db.session.commit()


def set_offered(group: TargetGroup, offered_now: bool) -> None:
    if group.retired == (not offered_now):
        return
    group.retired = not offered_now
    audit.record("target_group.restore" if offered_now else "target_group.retire",
                 target=group, forum=group.forum, label=group.label().text)
    db.session.commit()
