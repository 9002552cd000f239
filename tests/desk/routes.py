"""Who may use each desk route (see tests/access.py). The world's secretariat is the desk's head
and its member a helper; administrators set desks up but do not read cases."""

from tests.access import SIGN_IN, RouteCase, everyone, forum, signed_in


def desk_staff(status: int) -> dict:
    return {"anonymous": SIGN_IN, "resident": 403, "member": status, "secretariat": status,
            "other_secretariat": 403, "admin": 403}


def managers(status: int) -> dict:
    """The desk's head (here also the secretariat), the secretariat and administrators."""
    return {"anonymous": SIGN_IN, "resident": 403, "member": 403, "secretariat": status,
            "other_secretariat": 403, "admin": status}


def case(world) -> dict:
    return {**forum(world), "case_id": world.ids["case"]}


def sensitive(world) -> dict:
    return {**forum(world), "case_id": world.ids["sensitive_case"]}


def referral(world) -> dict:
    return {**case(world), "referral_id": world.ids["referral"]}


def attachment(world) -> dict:
    return {**case(world), "attachment_id": world.ids["attachment"]}


def token(world) -> dict:
    return {**forum(world), "token": world.values["case_token"]}


def wrong_token(world) -> dict:
    return {**forum(world), "token": "not-a-token"}


def institution(world) -> dict:
    return {**forum(world), "institution_id": world.ids["institution"]}


def helper(world) -> dict:
    return {**forum(world), "staff_id": world.ids["helper_staff"]}


# The world's case is the resident's: they follow it from their account; nobody else does.
OWN_CASE = {"anonymous": SIGN_IN, "resident": 200, "member": 404, "secretariat": 404,
            "other_secretariat": 404, "admin": 404}
# A sensitive case nobody is assigned: the head sees it, the helper does not.
SENSITIVE = desk_staff(200) | {"member": 404}

ROUTES = [
    RouteCase("desk.home", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("desk.home", "GET", everyone(200), args=forum, page_as="secretariat"),
    RouteCase("desk.file", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("desk.file", "GET", everyone(200), args=forum, page_as="member"),
    RouteCase("desk.file", "POST", everyone(400), args=forum),
    RouteCase("desk.follow", "GET", everyone(200), args=token, page_as="anonymous"),
    RouteCase("desk.follow", "GET", everyone(404), args=wrong_token),
    RouteCase("desk.mine", "GET", signed_in(200), page_as="resident"),
    RouteCase("desk.my_case", "GET", OWN_CASE, args=case, page_as="resident"),
    RouteCase("desk.queue", "GET", desk_staff(200), args=forum, page_as="secretariat"),
    RouteCase("desk.queue", "GET", desk_staff(200), args=forum, page_as="member"),
    RouteCase("desk.case", "GET", desk_staff(200), args=case, page_as="secretariat"),
    RouteCase("desk.case", "GET", desk_staff(200), args=case, page_as="member"),
    RouteCase("desk.case", "GET", SENSITIVE, args=sensitive),
    RouteCase("desk.assign", "POST", desk_staff(302), args=case),
    RouteCase("desk.note", "POST", desk_staff(400), args=case),
    RouteCase("desk.note", "POST", SENSITIVE | {"secretariat": 400}, args=sensitive),
    RouteCase("desk.refer", "POST", desk_staff(400), args=case),
    RouteCase("desk.reply", "POST", desk_staff(400), args=referral),
    RouteCase("desk.answer", "POST", desk_staff(400), args=case),
    RouteCase("desk.move", "POST", desk_staff(400), args=case),
    RouteCase("desk.attachment", "GET", desk_staff(200), args=attachment),
    RouteCase("desk.settings", "GET", managers(200), args=forum, page_as="secretariat"),
    RouteCase("desk.settings", "POST", managers(400), args=forum),
    RouteCase("desk.add_staff", "POST", managers(400), args=forum),
    RouteCase("desk.remove_staff", "POST", managers(302), args=helper),
    RouteCase("desk.institution_list", "GET", managers(200), args=forum,
              page_as="secretariat"),
    RouteCase("desk.institution_new", "GET", managers(200), args=forum, page_as="secretariat"),
    RouteCase("desk.institution_new", "POST", managers(400), args=forum),
    RouteCase("desk.institution_edit", "GET", managers(200), args=institution,
              page_as="secretariat"),
    RouteCase("desk.institution_edit", "POST", managers(400), args=institution),
    RouteCase("desk.monitoring_page", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("desk.monitoring_page", "GET", everyone(200), args=forum,
              page_as="secretariat"),
    RouteCase("desk.monitoring_csv", "GET", everyone(200), args=forum),
    RouteCase("desk.monitoring_json", "GET", everyone(200), args=forum),
    RouteCase("desk.propose", "POST", managers(400) | {"secretariat": 400}, args=forum),
]
