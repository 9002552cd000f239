"""Who may use each meetings route (see tests/access.py)."""

from tests.access import RouteCase, everyone, forum, hidden_from_outsiders, signed_in, staff


def session(world) -> dict:
    return {**forum(world), "meeting_id": world.ids["meeting"]}


def hidden_session(world) -> dict:
    return {**forum(world), "meeting_id": world.ids["members_meeting"]}


def item(world) -> dict:
    return {**session(world), "item_id": world.ids["agenda_item"]}


ROUTES = [
    RouteCase("meetings.all_list", "GET", everyone(200), page_as="anonymous"),
    RouteCase("meetings.forum_list", "GET", everyone(200), args=forum, page_as="secretariat"),
    RouteCase("meetings.show", "GET", everyone(200), args=session, page_as="member"),
    RouteCase("meetings.show", "GET", hidden_from_outsiders(200), args=hidden_session),
    RouteCase("meetings.schedule", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("meetings.schedule", "POST", staff(400), args=forum),
    RouteCase("meetings.edit", "GET", staff(200), args=session, page_as="secretariat"),
    RouteCase("meetings.edit", "POST", staff(400), args=session),
    RouteCase("meetings.cancel", "GET", staff(200), args=session, page_as="secretariat"),
    RouteCase("meetings.cancel", "POST", staff(400), args=session),
    RouteCase("meetings.translations", "GET", staff(200), args=session, page_as="secretariat"),
    RouteCase("meetings.translations", "POST", staff(400), args=session),
    RouteCase("meetings.settings", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("meetings.settings", "POST", staff(400), args=forum),
    RouteCase("meetings.agenda_editor", "GET", staff(200), args=session, page_as="secretariat"),
    RouteCase("meetings.add_item", "POST", staff(400), args=session),
    RouteCase("meetings.add_item", "POST", staff(400), args=session, htmx=True),
    RouteCase("meetings.move_item", "POST", staff(302), args=item),
    RouteCase("meetings.move_item", "POST", staff(200), args=item, htmx=True),
    RouteCase("meetings.remove_item", "GET", staff(200), args=item, page_as="secretariat"),
    RouteCase("meetings.remove_item", "POST", staff(200), args=item),  # asks first
    RouteCase("meetings.restore_item", "POST", staff(302),
              args=lambda w: {**session(w), "entry_id": 1}),
    RouteCase("meetings.edit_item", "GET", staff(200), args=item, page_as="secretariat"),
    RouteCase("meetings.edit_item", "POST", staff(400), args=item),
    RouteCase("meetings.translate_item", "GET", staff(200), args=item, page_as="secretariat"),
    RouteCase("meetings.translate_item", "POST", staff(400), args=item),
    RouteCase("meetings.answer", "POST", signed_in(400), args=session),
    RouteCase("meetings.answer", "POST", hidden_from_outsiders(400), args=hidden_session),
    RouteCase("meetings.roll_call", "GET", staff(200), args=session, page_as="secretariat"),
    RouteCase("meetings.roll_call", "POST", staff(409), args=session),  # not begun yet
    RouteCase("meetings.meeting_ics", "GET", everyone(200), args=session),
    RouteCase("meetings.meeting_ics", "GET", hidden_from_outsiders(200), args=hidden_session),
    RouteCase("meetings.forum_ics", "GET", everyone(200), args=forum),
    RouteCase("meetings.personal_ics", "GET", everyone(200),
              args=lambda w: {"token": w.values["calendar_token"]}),
    RouteCase("meetings.calendar_page", "GET", signed_in(200), page_as="member"),
    RouteCase("meetings.reset_calendar", "POST", signed_in(302)),
]
