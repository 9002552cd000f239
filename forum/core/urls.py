"""URLs: ids and path parts that cannot name a stored thing are 404, page numbers are checked
in one place, and links that leave the site (e-mails, feeds) are built on the public URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, request
from werkzeug.routing import IntegerConverter, Map, Rule, UnicodeConverter

from forum.core.cleaning import BIGGEST_ID, whole_number

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
BIGGEST_PAGE = 100_000


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits up to a BIGINT, so a longer id is 404, not an
    overflow in the database."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=BIGGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class PlainStringConverter(UnicodeConverter):
    """`<slug>`, `<token>`…: one path segment without control characters (PostgreSQL refuses
    NUL; nothing we store has the others)."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]", 1)


class LazyBuildRule(Rule):
    """A route whose URL builders are compiled the first time a link to it is built: Werkzeug
    compiles two small functions per route when the app starts, most of its start-up time,
    and a process builds links to a few of its 400 routes."""

    def _compile_builder(self, append_unknown: bool = True):
        attribute = "_build_unknown" if append_unknown else "_build"

        def build_once_compiled(rule, **values):
            compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, attribute, compiled)
            return compiled(**values)

        return build_once_compiled


class ForumMap(Map):
    default_converters = {**Map.default_converters, "default": PlainStringConverter,
                          "string": PlainStringConverter, "int": BoundedIntConverter}


def page_number(name: str = "page") -> int:
    """The page asked for in the query string: 1 when absent, 404 when it cannot be a page."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return 1
    number = whole_number(raw, BIGGEST_PAGE)
    if not number:
        abort(404)
    return number


def on_public_url(path: str) -> str:
    """A path of this site as an absolute link on the configured `PUBLIC_URL`, never on the
    Host a request happened to carry (a forged Host would send reset links elsewhere)."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    prefix = base.path.rstrip("/")
    if prefix and not path.startswith(prefix + "/"):
        path = prefix + path
    return f"{base.scheme}://{base.netloc}{path}"


def trusted_hosts(config) -> list[str]:
    """The host names requests may name: the public URL's, the configured extra ones, and in
    development and tests this machine."""
    hosts = [urlsplit(config["PUBLIC_URL"]).hostname or "", *config.get("EXTRA_HOSTS", [])]
    if config["ENV"] != "production":
        hosts += LOCAL_HOSTS
    return [host for host in dict.fromkeys(hosts) if host]
