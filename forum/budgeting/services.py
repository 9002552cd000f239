"""What the budgeting pages ask across the area: recent cycles, personal data, erasure."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import lazyload

from forum.budgeting.models import Cycle, Item, ItemFollow, Participation, ResidentRecord
from forum.extensions import db


def recent_cycles(forum, limit: int = 3) -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).where(Cycle.forum_id == forum.id)
                                   .options(lazyload(Cycle.forum))  # read already
                                   .order_by(Cycle.created_at.desc()).limit(limit)))


def personal_data(user) -> tuple[str, dict]:
    """What the person proposed, follows and took part in — never what they voted for."""
    items = db.session.scalars(select(Item).where(Item.author_id == user.id)).all()
    follows = db.session.scalars(select(ItemFollow.item_id).where(
        ItemFollow.user_id == user.id)).all()
    voted = db.session.scalars(select(Participation).where(Participation.user_id == user.id))
    records = db.session.scalars(select(ResidentRecord).where(ResidentRecord.user_id == user.id))
    return "budgeting", {
        "items_proposed": [{"cycle": i.cycle_id, "item": i.id, "title": i.title} for i in items],
        "items_followed": list(follows),
        "took_part": [{"cycle": p.cycle_id, "channel": p.channel} for p in voted],
        "resident_register": [{"forum": r.forum_id, "name": r.full_name,
                               "birth_year": r.birth_year, "neighbourhood": r.neighbourhood,
                               "document_ending": r.document_tail,
                               "verified_at": r.verified_at.isoformat()} for r in records],
    }


def erase_person(user) -> None:
    """Follows go; participation stays (turnout must not change) without the name."""
    db.session.execute(ItemFollow.__table__.delete().where(ItemFollow.user_id == user.id))
    db.session.execute(update(Participation).where(Participation.user_id == user.id)
                       .values(user_id=None))
    db.session.execute(update(ResidentRecord).where(ResidentRecord.user_id == user.id)
                       .values(user_id=None, email=None, full_name="", name_key="",
                               birth_year=None, neighbourhood="", document_tail=None,
                               duplicate_reason="", link_code_hash=None))
