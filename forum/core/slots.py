"""Places where areas plug into shared pages and duties without those pages knowing them.

An area registers, at import time of its views: panels on a forum's home page, tabs in a forum's
navigation, facts about a forum or a session loaded with it, what it holds about a person (for
the data download) and how to erase it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """A section of a forum's home page: its template reads `panel_data`, what `context`
    returned."""

    name: str
    template: str
    context: Callable  # (forum, role) -> dict | None; None hides the panel
    order: int = 50


@dataclass(frozen=True)
class Tab:
    """An entry in a forum's navigation."""

    endpoint: str
    label: object
    order: int = 50
    visible: Callable = lambda forum, role: True


@dataclass(frozen=True)
class ForumFact:
    """A value about a forum (or a session) that `get_forum` (or a session's page) loads in
    the row's own query, whether a tab shows, say: `column(Model)` is an SQL expression
    correlated to the row."""

    name: str
    column: Callable


SITE_LINKS: list[Tab] = []  # the site-wide navigation in every page's header
FORUM_PANELS: list[Panel] = []
FORUM_TABS: list[Tab] = []
FORUM_FACTS: dict[str, ForumFact] = {}
MEETING_FACTS: dict[str, ForumFact] = {}  # loaded with a session for its page
MEETING_PANELS: list[Panel] = []  # sections of a session's page; context is (meeting, role)
PERSONAL_DATA: list[Callable] = []  # (user) -> (key, JSON-able data)
ERASERS: list[Callable] = []  # (user) -> None, inside the deleting transaction


def add_panel(panel: Panel) -> None:
    if all(p.name != panel.name for p in FORUM_PANELS):
        FORUM_PANELS.append(panel)
        FORUM_PANELS.sort(key=lambda p: p.order)


def add_tab(tab: Tab) -> None:
    if all(t.endpoint != tab.endpoint for t in FORUM_TABS):
        FORUM_TABS.append(tab)
        FORUM_TABS.sort(key=lambda t: t.order)


def add_forum_fact(fact: ForumFact) -> None:
    FORUM_FACTS.setdefault(fact.name, fact)


def add_meeting_fact(fact: ForumFact) -> None:
    MEETING_FACTS.setdefault(fact.name, fact)


def fact_columns(model, facts: dict[str, ForumFact] = FORUM_FACTS) -> list:
    """Every registered fact as a labelled column correlated to `model`'s row: add them to a
    query that loads the row, then pass the row's values to `attach_facts`."""
    return [fact.column(model).label(f"fact_{name}") for name, fact in facts.items()]


def attach_facts(row, values, facts: dict[str, ForumFact] = FORUM_FACTS) -> None:
    """Keep the values of `fact_columns` on the row's object, for `forum_fact` to find."""
    row.facts = dict(zip(facts, values, strict=True))


def forum_fact(forum, name: str):
    """The fact as loaded with the forum, or looked up now for a forum loaded otherwise."""
    loaded = getattr(forum, "facts", None)
    if loaded is not None and name in loaded:
        return loaded[name]
    from sqlalchemy import select

    from forum.extensions import db

    model = type(forum)
    return db.session.scalar(select(FORUM_FACTS[name].column(model))
                             .where(model.id == forum.id))


def add_site_link(link: Tab) -> None:
    if all(t.endpoint != link.endpoint for t in SITE_LINKS):
        SITE_LINKS.append(link)
        SITE_LINKS.sort(key=lambda t: t.order)


def add_personal_data(provider: Callable) -> None:
    if provider not in PERSONAL_DATA:
        PERSONAL_DATA.append(provider)


def add_eraser(eraser: Callable) -> None:
    if eraser not in ERASERS:
        ERASERS.append(eraser)


def panels_for(forum, role) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in FORUM_PANELS:
        context = panel.context(forum, role)
        if context is not None:
            shown.append((panel, context))
    return shown


def add_meeting_panel(panel: Panel) -> None:
    if all(p.name != panel.name for p in MEETING_PANELS):
        MEETING_PANELS.append(panel)
        MEETING_PANELS.sort(key=lambda p: p.order)


def meeting_panels_for(meeting, role) -> list[tuple[Panel, dict]]:
    shown = []
    for panel in MEETING_PANELS:
        context = panel.context(meeting, role)
        if context is not None:
            shown.append((panel, context))
    return shown


def tabs_for(forum, role) -> list[Tab]:
    return [tab for tab in FORUM_TABS if tab.visible(forum, role)]
