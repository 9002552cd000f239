"""Who may use each proposals route (see tests/access.py)."""

from tests.access import SIGN_IN, RouteCase, everyone, forum, signed_in, staff


def proposal(world) -> dict:
    return {**forum(world), "proposal_id": world.ids["proposal"]}


def declined(world) -> dict:
    return {**forum(world), "proposal_id": world.ids["declined_proposal"]}


def hidden(world) -> dict:
    return {**forum(world), "proposal_id": world.ids["hidden_proposal"]}


def answer_event(world) -> dict:
    return {**declined(world), "event_id": world.ids["answer_event"]}


def group(world) -> dict:
    return {**forum(world), "group_id": world.ids["group"]}


def author_only(status: int) -> dict:
    """The world's open proposal is the resident's: only they may change or withdraw it."""
    return {"anonymous": SIGN_IN, "resident": status, "member": 403, "secretariat": 403,
            "other_secretariat": 403, "admin": 403}


# The hidden proposal is the member's: its author and the staff see it, nobody else.
HIDDEN_PAGE = {"anonymous": 404, "resident": 404, "member": 200, "secretariat": 200,
               "other_secretariat": 404, "admin": 200}

ROUTES = [
    RouteCase("proposals.all_list", "GET", everyone(200), page_as="anonymous"),
    RouteCase("proposals.mine", "GET", signed_in(200), page_as="resident"),
    RouteCase("proposals.save_notices", "POST", signed_in(302)),
    RouteCase("proposals.forum_list", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("proposals.forum_list", "GET", everyone(200), args=forum, page_as="secretariat"),
    RouteCase("proposals.new", "GET", signed_in(200), args=forum, page_as="resident"),
    RouteCase("proposals.new", "GET", signed_in(200), args=forum, page_as="secretariat"),
    RouteCase("proposals.new", "POST", signed_in(400), args=forum),
    RouteCase("proposals.show", "GET", everyone(200), args=proposal, page_as="member"),
    RouteCase("proposals.show", "GET", everyone(200), args=proposal, page_as="resident"),
    RouteCase("proposals.show", "GET", everyone(200), args=declined, page_as="anonymous"),
    RouteCase("proposals.show", "GET", HIDDEN_PAGE, args=hidden, page_as="secretariat"),
    RouteCase("proposals.edit", "GET", author_only(200), args=proposal, page_as="resident"),
    RouteCase("proposals.edit", "POST", author_only(400), args=proposal),
    RouteCase("proposals.withdraw", "GET", author_only(200), args=proposal,
              page_as="resident"),
    RouteCase("proposals.withdraw", "POST", author_only(400), args=proposal),
    RouteCase("proposals.translations", "GET", staff(200), args=proposal,
              page_as="secretariat"),
    RouteCase("proposals.translations", "POST", staff(400), args=proposal),
    RouteCase("proposals.support", "POST", signed_in(302), args=proposal),
    # The world's open proposal is the resident's, and nobody supports their own.
    RouteCase("proposals.support", "POST", signed_in(200) | {"resident": 409}, args=proposal,
              htmx=True),
    RouteCase("proposals.support", "POST", signed_in(409), args=declined, htmx=True),
    RouteCase("proposals.support", "POST", HIDDEN_PAGE | {"member": 409, "secretariat": 409,
                                                         "admin": 409, "anonymous": SIGN_IN},
              args=hidden, htmx=True),
    RouteCase("proposals.unsupport", "POST", signed_in(302), args=proposal),
    RouteCase("proposals.unsupport", "POST", signed_in(200), args=proposal, htmx=True),
    RouteCase("proposals.report", "GET", signed_in(200), args=proposal, page_as="member"),
    RouteCase("proposals.report", "POST", signed_in(400), args=proposal),
    RouteCase("proposals.answer", "GET", staff(200), args=proposal, page_as="secretariat"),
    RouteCase("proposals.answer", "POST", staff(400), args=proposal),
    RouteCase("proposals.answer", "GET", staff(200), args=declined, page_as="secretariat"),
    RouteCase("proposals.answer", "POST", staff(409), args=declined),
    RouteCase("proposals.translate_event", "GET", staff(200), args=answer_event,
              page_as="secretariat"),
    RouteCase("proposals.translate_event", "POST", staff(400), args=answer_event),
    RouteCase("proposals.moderate", "GET", staff(200), args=proposal, page_as="secretariat"),
    RouteCase("proposals.moderate", "GET", staff(200), args=hidden, page_as="secretariat"),
    RouteCase("proposals.moderate", "POST", staff(400), args=proposal),
    RouteCase("proposals.queue", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("proposals.settings", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("proposals.settings", "POST", staff(400), args=forum),
    RouteCase("proposals.add_group", "POST", staff(400), args=forum),
    RouteCase("proposals.edit_group", "GET", staff(200), args=group, page_as="secretariat"),
    RouteCase("proposals.edit_group", "POST", staff(400), args=group),
    RouteCase("proposals.offer_group", "POST", staff(302), args=group),
    RouteCase("proposals.translate_group", "GET", staff(200), args=group,
              page_as="secretariat"),
    RouteCase("proposals.translate_group", "POST", staff(400), args=group),
]
