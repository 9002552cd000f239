"""Members' review of a draft: comments per section, the list of revisions, and what changed
between two of them (Python's difflib, line by line)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.extensions import db
from forum.minutes import document
from forum.minutes.drafting import MinutesRuleBroken, revision
from forum.minutes.models import Comment, Minutes, MinutesRevision, Status

audit.register_actions({"minutes.comment": _l("Comment on draft minutes")})


def comments_by_section(minutes: Minutes) -> dict[str, list[Comment]]:
    found: dict[str, list[Comment]] = {}
    for comment in db.session.scalars(select(Comment).where(Comment.minutes_id == minutes.id)
                                      .order_by(Comment.created_at, Comment.id)):
        found.setdefault(comment.section_key, []).append(comment)
    return found


def may_comment(minutes: Minutes, staff: bool) -> bool:
    """Members comment while the minutes are in review; the secretariat also on a draft."""
    return minutes.status == Status.REVIEW or (staff and minutes.status == Status.DRAFT)


def add_comment(minutes: Minutes, key: str, user, body: str, language: str, seen: int, *,
                staff: bool) -> Comment:
    if not may_comment(minutes, staff):
        raise MinutesRuleBroken(_l("Comments are open only while the minutes are in review."))
    comment = Comment(minutes_id=minutes.id, section_key=key, author_id=user.id, body=body,
                      language=language, revision=min(max(seen, 1), minutes.revision))
    db.session.add(comment)
    if staff:
        audit.record("minutes.comment", target=minutes, forum=minutes.forum,
                     changes={"section": [None, key]})
    db.session.commit()
    return comment


def revisions(minutes: Minutes) -> list[MinutesRevision]:
    return list(db.session.scalars(select(MinutesRevision).where(
        MinutesRevision.minutes_id == minutes.id).order_by(MinutesRevision.number.desc())))


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed" or "gap" (unchanged lines left out)
    text: str


def diff(minutes: Minutes, start: int, to: int, context: int = 2) -> list[DiffLine] | None:
    """The lines that changed from revision `start` to `to`, with a little context; None if
    either revision does not exist."""
    older, newer = revision(minutes, start), revision(minutes, to)
    if older is None or newer is None:
        return None
    lines = []
    for line in list(difflib.unified_diff(document.as_lines(older.content),
                                          document.as_lines(newer.content),
                                          n=context, lineterm=""))[2:]:
        if line.startswith("@@"):
            lines.append(DiffLine("gap", ""))
        else:
            kind = {"+": "added", "-": "removed"}.get(line[:1], "same")
            lines.append(DiffLine(kind, line[1:]))
    return lines
