"""A short-lived cache of public pages as anonymous readers see them ("microcaching").

Readers with no session and no remember-me cookie get the same bytes for the same URL, so a page
rendered once is answered again for PAGE_CACHE_SECONDS by a thin WSGI layer in front of Flask,
as a caching proxy would, with its headers and a gzip copy made once. A commit in this process
empties the cache at once (but one that only adds voters and ballots: pages show them only as
counts, which may be the cache's lifetime late). With PAGE_CACHE_REDIS_URL (REDIS_URL) the
commit also counts up a generation number in Redis that every process on every server compares
before answering from its cache, so no server shows a page older than the last change; without
Redis, other processes show a change within the cache's lifetime.
Only views marked `@public_page` are kept, only 200 HTML answers, and never one that touched the
session (pages with forms carry a per-session CSRF token, so they never qualify).
"""

from __future__ import annotations

import gzip
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps
from itertools import chain

from flask import current_app, g, request, session
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.http import parse_cookie

from forum.core.db import COUNTED_IN_PUBLIC_ONLY
from forum.i18n import LANGUAGE_COOKIE, html_lang

log = logging.getLogger(__name__)

MAX_ENTRIES = 512
GENERATION_KEY = "forum:pagecache:generation"
SKIPPED_HEADERS = {"set-cookie", "content-length", "content-encoding", "vary"}
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600


@dataclass(frozen=True)
class Entry:
    expires: float
    body: bytes
    gzipped: bytes
    headers: tuple[tuple[str, str], ...]
    language: str
    generation: bytes | None = None


class SharedGeneration:
    """The number of committed changes on all servers, in Redis; None when it cannot be read."""

    def __init__(self, url: str):
        import redis  # only servers that share a cache need the client

        self.client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)

    def current(self) -> bytes | None:
        try:
            return self.client.get(GENERATION_KEY) or b"0"
        except Exception:
            return None

    def advance(self) -> None:
        try:
            self.client.incr(GENERATION_KEY)
        except Exception as error:
            log.warning("could not tell other servers to forget cached pages: %s", error)


_shared: SharedGeneration | None = None


_entries: OrderedDict[str, Entry] = OrderedDict()
_lock = threading.Lock()


def public_page(view):
    """Mark a view whose anonymous answer is the same for everyone."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)

    wrapper.public_page = True
    return wrapper


def clear() -> None:
    with _lock:
        _entries.clear()


def _key(path: str, query: str) -> str:
    return f"{path}?{query}"


class PageCacheMiddleware:
    """Answers anonymous GETs of cached public pages before Flask sees them."""

    def __init__(self, wsgi_app, config):
        self.wsgi_app = wsgi_app
        self.config = config

    def __call__(self, environ, start_response):
        entry = self._lookup(environ)
        if entry is None:
            return self.wsgi_app(environ, start_response)
        use_gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        body = entry.gzipped if use_gzip else entry.body
        headers = [*entry.headers, ("Content-Length", str(len(body))),
                   ("Vary", "Accept-Encoding, Cookie")]
        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        if parse_cookie(environ).get(LANGUAGE_COOKIE) != entry.language:
            headers.append(("Set-Cookie", f"{LANGUAGE_COOKIE}={entry.language}; "
                            f"Max-Age={LANGUAGE_COOKIE_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax"
                            + ("; Secure" if self.config["SESSION_COOKIE_SECURE"] else "")))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _lookup(self, environ) -> Entry | None:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or "HTTP_HX_REQUEST" in environ:
            return None
        if not _entries or _has_personal_cookie(environ, self.config):
            return None
        key = _key(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        with _lock:
            entry = _entries.get(key)
        if entry is None or entry.expires < time.monotonic():
            return None
        if _shared is not None and entry.generation != _shared.current():
            return None
        return entry


def _has_personal_cookie(environ, config) -> bool:
    header = environ.get("HTTP_COOKIE")
    if not header:
        return False
    cookies = parse_cookie(header)
    return (config["SESSION_COOKIE_NAME"] in cookies
            or config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies)


def _note_cacheable_request() -> None:
    """before_request: remember that this answer may be kept."""
    if current_app.config["PAGE_CACHE_SECONDS"] <= 0 or request.method != "GET":
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "public_page", False) and not request.headers.get("HX-Request") \
            and not _has_personal_cookie(request.environ, current_app.config):
        g.page_cache_key = _key(request.path, request.query_string.decode("latin-1"))
        # Read before rendering: a change committed meanwhile makes this copy stale at once.
        g.page_cache_generation = _shared.current() if _shared is not None else None


def store_in_cache(response):
    """after_request: keep a freshly rendered public page, with the headers it went out with."""
    key = g.pop("page_cache_key", None)
    if (key is None or response.status_code != 200 or response.mimetype != "text/html"
            or session.modified or response.direct_passthrough or not g.get("lang")):
        return response
    body = response.get_data()
    headers = [(name, value) for name, value in response.headers.items()
               if name.lower() not in SKIPPED_HEADERS]
    headers.append(("Content-Language", html_lang(g.lang)))
    generation = g.pop("page_cache_generation", None)
    if _shared is not None and generation is None:
        return response
    entry = Entry(time.monotonic() + current_app.config["PAGE_CACHE_SECONDS"], body,
                  gzip.compress(body, compresslevel=6), tuple(headers), g.lang, generation)
    with _lock:
        _entries[key] = entry
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    response.vary.add("Cookie")
    return response


def _shown_at_once(table) -> bool:
    """Whether an anonymous page may show a write to this table (None: not known) at once."""
    return table is None or not table.info.get(COUNTED_IN_PUBLIC_ONLY)


@event.listens_for(Session, "after_flush")
def _note_write(session, flush_context) -> None:
    """A flush of objects of any table but those shown only as counts (on voting day, every
    ballot) makes the cache stale; those counts are at most the cache's lifetime late."""
    if any(_shown_at_once(getattr(type(written), "__table__", None))
           for written in chain(session.new, session.dirty, session.deleted)):
        session.info["page_cache_dirty"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state) -> None:
    """An INSERT, UPDATE or DELETE run as a statement flushes no object, yet writes."""
    if (state.is_insert or state.is_update or state.is_delete) \
            and _shown_at_once(getattr(state.statement, "table", None)):
        state.session.info["page_cache_dirty"] = True


@event.listens_for(Session, "after_commit")
def _forget_pages_after_a_write(session) -> None:
    if session.info.pop("page_cache_dirty", False):
        clear()
        if _shared is not None:
            _shared.advance()


def init_app(app) -> None:
    global _shared
    url = app.config["PAGE_CACHE_REDIS_URL"]
    _shared = SharedGeneration(url) if url and app.config["PAGE_CACHE_SECONDS"] > 0 else None
    app.before_request(_note_cacheable_request)
    app.after_request(store_in_cache)
    app.wsgi_app = PageCacheMiddleware(app.wsgi_app, app.config)
