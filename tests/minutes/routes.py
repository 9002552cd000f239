"""Who may use each minutes route (see tests/access.py)."""

from tests.access import (
    SIGN_IN,
    RouteCase,
    everyone,
    forum,
    hidden_from_outsiders,
    members,
    signed_in,
    staff,
)


def published(world) -> dict:
    return {**forum(world), "minutes_id": world.ids["minutes"]}


def version(world) -> dict:
    return {**published(world), "number": 1}


def hidden(world) -> dict:
    return {**forum(world), "minutes_id": world.ids["minutes_hidden"]}


def in_review(world) -> dict:
    return {**forum(world), "minutes_id": world.ids["minutes_review"]}


def section(world) -> dict:
    return {**in_review(world), "key": world.values["review_section"]}


def held(world) -> dict:
    return {**forum(world), "meeting_id": world.ids["held_meeting"]}


def published_session(world) -> dict:
    return {**forum(world), "meeting_id": world.ids["published_meeting"]}


def action(world) -> dict:
    return {**forum(world), "action_id": world.ids["action_item"]}


# Drafts: the secretariat always, members while in review; never residents or other forums.
DRAFT_READERS = members(200)
NOT_A_MEMBER = {"anonymous": SIGN_IN, "resident": 403, "member": 403, "secretariat": 403,
                "other_secretariat": 403, "admin": 403}

ROUTES = [
    RouteCase("minutes.archive", "GET", everyone(200), args=forum, page_as="secretariat"),
    RouteCase("minutes.show", "GET", everyone(200), args=published, page_as="anonymous"),
    RouteCase("minutes.show", "GET", hidden_from_outsiders(200), args=hidden),
    RouteCase("minutes.version", "GET", everyone(200), args=version, page_as="member"),
    RouteCase("minutes.version", "GET", hidden_from_outsiders(200),
              args=lambda w: {**hidden(w), "number": 1}),
    RouteCase("minutes.pdf", "GET", everyone(200), args=version),
    RouteCase("minutes.pdf", "GET", hidden_from_outsiders(200),
              args=lambda w: {**hidden(w), "number": 1}),
    RouteCase("minutes.feed", "GET", everyone(200), args=forum),
    RouteCase("meetings.show", "GET", everyone(200), args=published_session,
              page_as="secretariat"),
    RouteCase("minutes.start", "POST", staff(302), args=held),
    RouteCase("minutes.draft", "GET", DRAFT_READERS, args=in_review, page_as="secretariat"),
    RouteCase("minutes.draft", "GET", DRAFT_READERS, args=in_review, page_as="member"),
    RouteCase("minutes.section", "GET", staff(200), args=section, page_as="secretariat"),
    RouteCase("minutes.section", "GET", staff(200), args=section, htmx=True),
    RouteCase("minutes.section", "POST", staff(400), args=section),
    RouteCase("minutes.section", "POST", staff(400), args=section, htmx=True),
    RouteCase("minutes.add_section", "POST", staff(400), args=in_review),
    RouteCase("minutes.remove_section", "GET", staff(200), args=section, page_as="secretariat"),
    RouteCase("minutes.remove_section", "POST", staff(200), args=section),  # asks first
    RouteCase("minutes.restore_section", "POST", staff(302), args=section),
    RouteCase("minutes.comment", "POST", DRAFT_READERS | {"member": 400, "secretariat": 400,
                                                         "admin": 400}, args=section),
    RouteCase("minutes.comment", "POST", members(400), args=section, htmx=True),
    RouteCase("minutes.revisions", "GET", DRAFT_READERS, args=in_review, page_as="member"),
    RouteCase("minutes.send_to_review", "POST", staff(302), args=in_review),
    RouteCase("minutes.reopen", "POST", staff(302), args=in_review),
    RouteCase("minutes.approve", "GET", staff(200), args=in_review, page_as="secretariat"),
    RouteCase("minutes.approve", "POST", staff(400), args=in_review),
    RouteCase("minutes.publish", "POST", staff(302), args=in_review),
    RouteCase("minutes.correct", "GET", staff(200), args=published, page_as="secretariat"),
    RouteCase("minutes.correct", "POST", staff(400), args=published),
    RouteCase("minutes.translations", "GET", staff(200), args=published, page_as="secretariat"),
    RouteCase("minutes.translations", "POST", staff(400), args=published),
    RouteCase("minutes.draft", "GET", NOT_A_MEMBER | {"secretariat": 200, "admin": 200},
              args=published),
    RouteCase("minutes.action_list", "GET", everyone(200), args=forum, page_as="secretariat"),
    RouteCase("minutes.action_done", "POST", staff(400), args=action),
    RouteCase("minutes.action_reopen", "POST", staff(302), args=action),
    RouteCase("minutes.my_actions", "GET", signed_in(200), page_as="member"),
]
