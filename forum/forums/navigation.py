"""A forum's navigation, rendered once for each forum, language, reader's role and current tab.

Every forum page shows it; its HTML depends only on what the key holds (the forum's name in the
reader's language, which tabs the role sees, which tab is current), so it is kept and reused.
"""

from __future__ import annotations

from flask import render_template, request
from markupsafe import Markup

from forum.core import permissions, slots
from forum.i18n import current_language

MAX_KEPT = 4096
_kept: dict[tuple, Markup] = {}


def forum_nav(forum) -> Markup:
    role = permissions.role_in(forum)
    tabs = slots.tabs_for(forum, role)
    key = (request.script_root, current_language(), forum.id, forum.slug, forum.name,
           forum.language, repr(forum.translations), int(role), request.endpoint,
           tuple(tab.endpoint for tab in tabs))
    html = _kept.get(key)
    if html is None:
        html = Markup(render_template("forums/_nav_body.html", forum=forum, role=role,  # noqa: S704 - our template
                                      tabs=tabs))
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = html
    return html
