"""What the minutes hold about a person, for their data download, and erasing it when they
delete their account: their review comments go, and their name leaves the action items they
were given (the organisation stays, so the record still says who was responsible)."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from forum.extensions import db
from forum.minutes import document
from forum.minutes.models import ActionItem, Comment, Minutes, MinutesRevision, MinutesVersion


def personal_data(user) -> tuple[str, dict]:
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id)).all()
    owned = db.session.scalars(select(ActionItem).where(ActionItem.owner_user_id == user.id))
    return "minutes", {
        "comments": [{"minutes": c.minutes_id, "section": c.section_key, "text": c.body,
                      "language": c.language, "at": c.created_at.isoformat()}
                     for c in comments],
        "action_items": [{"minutes": a.minutes_id, "what": a.what,
                          "due_on": a.due_on.isoformat(),
                          "done_on": a.done_on.isoformat() if a.done_on else None}
                         for a in owned]}


def erase_person(user) -> None:
    db.session.execute(delete(Comment).where(Comment.author_id == user.id))
    db.session.execute(update(ActionItem).where(ActionItem.owner_user_id == user.id)
                       .values(owner_user_id=None, owner_name="", owner_name_public=False))
    for model in (Minutes, MinutesRevision, MinutesVersion):
        for row in db.session.scalars(select(model)):
            content = _without_owner(row.content or {}, user.id)
            if content is not None:
                row.content = content


def _without_owner(content: dict, user_id: int) -> dict | None:
    """The content with the person's name taken off their action items, or None if unchanged."""
    if all(a.get("owner_user_id") != user_id for _s, a in document.actions_of(content)):
        return None
    sections = []
    for section in content.get("sections", []):
        actions = [{**a, "owner_user_id": None, "owner_name": "", "owner_name_public": False}
                   if a.get("owner_user_id") == user_id else a
                   for a in section.get("actions", [])]
        sections.append({**section, "actions": actions})
    return {**content, "sections": sections}
