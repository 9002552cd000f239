"""Who may use each accounts route (see tests/access.py)."""

from tests.access import RouteCase, everyone, signed_in

ROUTES = [
    RouteCase("accounts.register", "GET", everyone(200), page_as="anonymous"),
    RouteCase("accounts.register", "POST", everyone(400)),
    RouteCase("accounts.check_email", "GET", everyone(200), page_as="anonymous"),
    RouteCase("accounts.confirm_email", "GET", everyone(200),
              args=lambda w: {"token": w.values["confirm_token"]}, page_as="anonymous"),
    RouteCase("accounts.confirm_email", "POST", everyone(302),
              args=lambda w: {"token": w.values["confirm_token"]}),
    RouteCase("accounts.sign_in", "GET", everyone(200), page_as="anonymous"),
    RouteCase("accounts.sign_in", "POST", everyone(400)),
    RouteCase("accounts.sign_out", "POST", everyone(302)),
    RouteCase("accounts.account", "GET", signed_in(200), page_as="member"),
    RouteCase("accounts.update_profile", "POST", signed_in(400)),
    RouteCase("accounts.change_email", "POST", signed_in(400)),
    RouteCase("accounts.resend_confirmation", "POST", signed_in(302)),
    RouteCase("accounts.change_password", "GET", signed_in(200), page_as="member"),
    RouteCase("accounts.change_password", "POST", signed_in(400)),
    RouteCase("accounts.request_reset", "GET", everyone(200), page_as="anonymous"),
    RouteCase("accounts.request_reset", "POST", everyone(400)),
    RouteCase("accounts.reset_password", "GET", everyone(200),
              args=lambda w: {"token": w.values["reset_token"]}, page_as="anonymous"),
    RouteCase("accounts.reset_password", "POST", everyone(400),
              args=lambda w: {"token": w.values["reset_token"]}),
    RouteCase("accounts.download_data", "GET", signed_in(200)),
    RouteCase("accounts.delete_account", "GET", signed_in(200), page_as="member"),
    RouteCase("accounts.delete_account", "POST", signed_in(400)),
]
