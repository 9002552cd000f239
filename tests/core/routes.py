"""Who may use each route outside forums (see tests/access.py)."""

from tests.access import RouteCase, everyone

ROUTES = [
    RouteCase("core.front_door", "GET", everyone(302)),
    RouteCase("core.health", "GET", everyone(200)),
]
