"""Who may use each budgeting route (see tests/access.py)."""

from tests.access import RouteCase, everyone, forum, signed_in, staff


def cycle(world) -> dict:
    return {**forum(world), "cycle_id": world.ids["cycle"]}


def collecting(world) -> dict:
    return {**forum(world), "cycle_id": world.ids["collecting_cycle"]}


def closed(world) -> dict:
    return {**forum(world), "cycle_id": world.ids["closed_cycle"]}


def idea(world) -> dict:
    return {**collecting(world), "item_id": world.ids["idea"]}


def ballot_item(world) -> dict:
    return {**cycle(world), "item_id": world.ids["ballot_item"]}


def winner(world) -> dict:
    return {**closed(world), "item_id": world.ids["winner"]}


ROUTES = [
    RouteCase("budgeting.cycles_list", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("budgeting.cycle", "GET", everyone(200), args=cycle, page_as="secretariat"),
    RouteCase("budgeting.new_cycle", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("budgeting.new_cycle", "POST", staff(400), args=forum),
    RouteCase("budgeting.edit_cycle", "GET", staff(200), args=cycle, page_as="secretariat"),
    RouteCase("budgeting.edit_cycle", "POST", staff(400), args=cycle),
    RouteCase("budgeting.move", "GET", staff(200), args=lambda w: {**cycle(w), "move": "close"},
              page_as="secretariat"),
    RouteCase("budgeting.move", "GET", staff(200), args=lambda w: {**cycle(w), "move": "cancel"},
              page_as="secretariat"),
    RouteCase("budgeting.move", "GET", staff(404), args=lambda w: {**cycle(w), "move": "undo"}),
    RouteCase("budgeting.move", "POST", staff(302),
              args=lambda w: {**collecting(w), "move": "review"}),
    RouteCase("budgeting.move", "POST", staff(400), args=lambda w: {**cycle(w), "move": "cancel"}),
    RouteCase("budgeting.move", "POST", staff(409),
              args=lambda w: {**closed(w), "move": "close"}),
    RouteCase("budgeting.areas", "GET", staff(200), args=collecting, page_as="secretariat"),
    RouteCase("budgeting.areas", "POST", staff(400), args=collecting),
    RouteCase("budgeting.translations", "GET", staff(200), args=cycle, page_as="secretariat"),
    RouteCase("budgeting.translations", "POST", staff(400), args=cycle),
    RouteCase("budgeting.propose", "GET", signed_in(200), args=collecting, page_as="resident"),
    RouteCase("budgeting.propose", "POST", signed_in(400), args=collecting),
    RouteCase("budgeting.propose_for", "GET", staff(200), args=collecting,
              page_as="secretariat"),
    RouteCase("budgeting.propose_for", "POST", staff(400), args=collecting),
    RouteCase("budgeting.item", "GET", everyone(200), args=idea, page_as="anonymous"),
    RouteCase("budgeting.item", "GET", everyone(200), args=winner, page_as="member"),
    RouteCase("budgeting.item_image", "GET", everyone(404), args=idea),
    RouteCase("budgeting.update_photo", "GET", everyone(404),
              args=lambda w: {**closed(w), "name": "missing.jpg"}),
    RouteCase("budgeting.review", "GET", staff(200), args=idea, page_as="secretariat"),
    RouteCase("budgeting.review", "POST", staff(400), args=idea),
    RouteCase("budgeting.merge", "POST", staff(302), args=idea),
    RouteCase("budgeting.follow", "POST", signed_in(302), args=winner),
    RouteCase("budgeting.work", "GET", staff(200), args=winner, page_as="secretariat"),
    RouteCase("budgeting.work", "POST", staff(400), args=winner),
    RouteCase("budgeting.item_translations", "GET", staff(200), args=idea,
              page_as="secretariat"),
    RouteCase("budgeting.item_translations", "POST", staff(400), args=idea),
    RouteCase("budgeting.vote", "GET", signed_in(200), args=cycle, page_as="member"),
    RouteCase("budgeting.cast", "POST", signed_in(400), args=cycle),
    RouteCase("budgeting.check_ballot", "POST", signed_in(200), args=cycle),
    RouteCase("budgeting.voted", "GET", signed_in(200), args=cycle, page_as="member"),
    RouteCase("budgeting.receipt", "GET", everyone(200), args=closed, page_as="anonymous"),
    RouteCase("budgeting.receipt", "POST", everyone(400), args=closed),
    RouteCase("budgeting.results_page", "GET", everyone(200), args=closed, page_as="anonymous"),
    RouteCase("budgeting.results_page", "GET", everyone(404), args=cycle),
    RouteCase("budgeting.results_csv", "GET", everyone(200), args=closed),
    RouteCase("budgeting.results_pb", "GET", everyone(200), args=closed),
    RouteCase("budgeting.paper_votes", "GET", staff(200), args=cycle, page_as="secretariat"),
    RouteCase("budgeting.paper_voter", "POST", staff(400), args=cycle),
    RouteCase("budgeting.paper_ballot", "POST", staff(400), args=cycle),
    RouteCase("budgeting.paper_upload", "POST", staff(400), args=cycle),
    RouteCase("budgeting.paper_void", "POST", staff(400), args=cycle),
    RouteCase("budgeting.resident_register", "GET", staff(200), args=forum,
              page_as="secretariat"),
    RouteCase("budgeting.verify_resident", "POST", staff(400), args=forum),
    RouteCase("budgeting.import_residents", "POST", staff(400), args=forum),
    RouteCase("budgeting.remove_resident", "POST", staff(302),
              args=lambda w: {**forum(w), "record_id": w.ids["spare_resident"]}),
    RouteCase("budgeting.link_code", "POST", staff(200),
              args=lambda w: {**forum(w), "record_id": w.ids["resident"]}),
    RouteCase("budgeting.link_account", "GET", signed_in(200), args=forum, page_as="resident"),
    RouteCase("budgeting.link_account", "POST", signed_in(400), args=forum),
    RouteCase("budgeting.recount", "POST", staff(303), args=closed),
    RouteCase("budgeting.recount", "POST", everyone(404), args=cycle),
    RouteCase("budgeting.import_pb", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("budgeting.import_pb", "POST", staff(400), args=forum),
]
