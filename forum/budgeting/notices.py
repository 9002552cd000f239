"""E-mails about budget items, each in its recipient's language."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.accounts.models import User
from forum.budgeting.models import Item, ItemFollow
from forum.core import mail
from forum.extensions import db


def _link(item: Item, user: User) -> str:
    return url_for("budgeting.item", slug=item.cycle.forum.slug, cycle_id=item.cycle_id,
                   item_id=item.id, lang=user.language, _external=True)


def tell_author(item: Item) -> None:
    author = item.author
    if author is None or not author.is_active or not author.email:
        return
    mail.queue(author.email, author.language, _l("Your budget idea has been checked"),
               "email/budget_item_checked.txt", item=item, user=author,
               link=_link(item, author))


def tell_followers(item: Item) -> None:
    followers = db.session.scalars(select(User).join(ItemFollow, ItemFollow.user_id == User.id)
                                   .where(ItemFollow.item_id == item.id,
                                          User.deleted_at.is_(None)))
    for user in followers:
        mail.queue(user.email, user.language, _l("News about a budget item you follow"),
                   "email/budget_item_progress.txt", item=item, user=user,
                   link=_link(item, user))
