"""Who may use each forums route (see tests/access.py)."""

from tests.access import RouteCase, admins, everyone, forum, members, signed_in, staff

ROUTES = [
    RouteCase("forums.index", "GET", everyone(200), page_as="anonymous"),
    RouteCase("forums.home", "GET", everyone(200), args=forum, page_as="member"),
    RouteCase("forums.create", "GET", admins(200), page_as="admin"),
    RouteCase("forums.create", "POST", admins(400)),
    RouteCase("forums.settings", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("forums.settings", "POST", staff(400), args=forum),
    RouteCase("forums.translations", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("forums.translations", "POST", staff(400), args=forum),
    RouteCase("forums.members", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("forums.invite", "POST", staff(400), args=forum),
    RouteCase("forums.edit_member", "GET", staff(200), page_as="secretariat",
              args=lambda w: {**forum(w), "membership_id": w.ids["member_membership"]}),
    RouteCase("forums.edit_member", "POST", staff(400),
              args=lambda w: {**forum(w), "membership_id": w.ids["member_membership"]}),
    RouteCase("forums.remove_member", "POST", staff(302),
              args=lambda w: {**forum(w), "membership_id": w.ids["member_membership"]}),
    RouteCase("forums.revoke_invitation", "POST", staff(302),
              args=lambda w: {**forum(w), "invitation_id": w.ids["invitation"]}),
    RouteCase("forums.invitation", "GET", signed_in(200), page_as="resident",
              args=lambda w: {**forum(w), "token": w.values["invitation_token"]}),
    RouteCase("forums.invitation", "POST", signed_in(400),
              args=lambda w: {**forum(w), "token": w.values["invitation_token"]}),
    RouteCase("forums.membership", "GET", members(200, admin=404), args=forum,
              page_as="member"),
    RouteCase("forums.membership", "POST", members(400, admin=404), args=forum),
    RouteCase("forums.leave", "POST", members(302), args=forum),
    RouteCase("forums.audit_log", "GET", staff(200), args=forum, page_as="secretariat"),
]
