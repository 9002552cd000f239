"""What templates can call: formatting in the reader's language, content, roles and slots."""

from __future__ import annotations

from flask_wtf.csrf import generate_csrf

from forum.core import permissions, rendering, slots
from forum.core.content import render_markdown
from forum.core.static import static_url
from forum.i18n import LANGUAGE_NAMES, LANGUAGES, WRITTEN_IN, current_language, html_lang, sentences


def localized(obj, field: str):
    return obj.localized(field, current_language())


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def written_in(code: str) -> str:
    return str(WRITTEN_IN.get(code, code))


def init_app(app) -> None:
    app.jinja_env.globals.update(
        static_url=static_url,
        language_links=rendering.language_links,
        current_language=current_language,
        html_lang=html_lang,
        language_name=language_name,
        written_in=written_in,
        LANGUAGES=LANGUAGES,
        localized=localized,
        role_in=permissions.role_in,
        Role=permissions.Role,
        forum_tabs=slots.tabs_for,
        site_links=slots.SITE_LINKS,
        forum_panels=slots.panels_for,
        meeting_panels=slots.meeting_panels_for,
        csrf_token=generate_csrf,
    )
    app.jinja_env.filters.update(
        datetime=rendering.fmt_datetime,
        date=rendering.fmt_date,
        time=rendering.fmt_time,
        number=rendering.fmt_number,
        money=rendering.fmt_money,
        zone=rendering.zone_label,
        markdown=render_markdown,
    )
    sentences.install(app.jinja_env)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
