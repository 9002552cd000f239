"""The desk's register of institutions it refers people to: add, change, stop using. An
institution is never deleted, so the referrals that name it keep it."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from forum.core import audit
from forum.desk.models import Institution
from forum.extensions import db

FIELDS = ("name", "sector", "address", "contact_person", "email", "phone", "membership_id",
          "retired")


def register_of(forum, *, in_use_only: bool = False) -> list[Institution]:
    query = select(Institution).where(Institution.forum_id == forum.id)
    if in_use_only:
        query = query.where(Institution.retired.is_(False))
    return list(db.session.scalars(query.order_by(Institution.name, Institution.id)))


def get_institution(forum, institution_id: int) -> Institution:
    institution = db.session.get(Institution, institution_id)
    if institution is None or institution.forum_id != forum.id:
        abort(404)
    return institution


def chosen(forum, institution_id: int | None) -> Institution | None:
    """The forum's institution with this id; None for none or for another forum's."""
    if not institution_id:
        return None
    institution = db.session.get(Institution, institution_id)
    return institution if institution is not None and institution.forum_id == forum.id else None


def add(forum, **values) -> Institution:
    institution = Institution(forum_id=forum.id, **{k: values[k] for k in FIELDS})
    db.session.add(institution)
    db.session.flush()
    audit.record("desk.institution_add", target=institution, forum=forum,
                 changes=audit.snapshot(institution, ("name", "sector")))
    db.session.commit()
    return institution


def change(forum, institution: Institution, **values) -> None:
    for name in FIELDS:
        setattr(institution, name, values[name])
    audit.record("desk.institution_change", target=institution, forum=forum,
                 changes=audit.changes_of(institution))
    db.session.commit()
