"""Every form sent twice has the effect of one: each rendered form carries a one-time token, and
the first request that sends it claims it in the database; a second one gets the first's answer.

Written here because no Flask library makes form posts idempotent across workers and servers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, flash, g, has_app_context, redirect, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from forum.core.db import utcnow
from forum.core.models import OnceClaim
from forum.extensions import db, htmx

FIELD = "once"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
RUNNING, DONE = "running", "done"
WAIT_SECONDS = 10  # how long a second request waits for the first to finish
STALE = timedelta(minutes=2)  # a claim still running this long belongs to a request that died
KEEP = timedelta(days=1)
WINDOW = timedelta(minutes=30)  # how long one page keeps one token for one reader
BUSY = (_l("This form is already on its way"),
        _l("You sent this form a moment ago and it is still being handled. Wait a little, then "
           "open the page again to see the result."))


def token_input() -> Markup:
    """The hidden field every server-rendered form sends along with its CSRF token.

    The token is the same for one reader on one page for a while (`WINDOW`): a reader who sends
    a form, goes back (the browser fetches the page again and refills what was typed) and sends
    it again sends the same token with the same answers, which counts as one. Changed answers
    still count as a new form (see `claim_key`)."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, _page_token())


def _page_token() -> str:
    owner = session.get("_user_id") or str(session.get("csrf_token", "")) or secrets.token_hex(8)
    window = int(time.time() // WINDOW.total_seconds())
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, f"once|{owner}|{request.path}|{window}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:18]).decode()


def claim_key() -> str | None:
    """Who sent which token to which address with what content; None for a post without one."""
    token = request.form.get(FIELD, "")
    if not TOKEN.fullmatch(token):
        return None
    current_user.is_authenticated  # noqa: B018 - a remember-me cookie signs in here, not later
    owner = session.get("_user_id") or "anonymous:" + str(session.get("csrf_token", ""))
    fields = sorted((name, value) for name, values in request.form.lists()
                    if name != FIELD and not name.endswith("csrf_token") for value in values)
    files = sorted((name, f.filename or "", _digest(f))
                   for name, f in request.files.items(multi=True))
    return hashlib.sha256(repr((owner, request.path, token, fields, files)).encode()).hexdigest()


def _digest(upload) -> str:
    """What a file holds: another file of the same name (the next polling station's
    "ballots.csv") is another form, not the same one sent twice."""
    stream, digest = upload.stream, hashlib.sha256()
    start = stream.tell()
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        digest.update(chunk)
    stream.seek(start)
    return digest.hexdigest()


def _insert(key: str) -> bool:
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(OnceClaim).values(key=key, state=RUNNING,
                                                        created_at=utcnow()))
    except IntegrityError:
        return False
    return True


def _read(key: str):
    with db.engine.connect() as connection:
        return connection.execute(select(OnceClaim.state, OnceClaim.created_at,
                                         OnceClaim.location, OnceClaim.flashes)
                                  .where(OnceClaim.key == key)).first()


def _delete(key: str, *conditions) -> None:
    with db.engine.begin() as connection:
        connection.execute(delete(OnceClaim).where(OnceClaim.key == key, *conditions))


def prune() -> int:
    """Forget claims older than KEEP (the worker's hourly job): a form sent again after that
    runs again. Returns how many were forgotten."""
    with db.engine.begin() as connection:
        return connection.execute(
            delete(OnceClaim).where(OnceClaim.created_at < utcnow() - KEEP)).rowcount


def wait_for(key: str):
    """Claim `key` (None), or the finished claim of the request that had it, or BUSY."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if _insert(key):
            return None
        row = _read(key)
        if row is None:  # released in the meantime: try again at once
            continue
        if row.state == DONE:
            return row
        if row.created_at < utcnow() - STALE:
            _delete(key, OnceClaim.state == RUNNING, OnceClaim.created_at == row.created_at)
        elif time.monotonic() > deadline:
            return BUSY
        else:
            time.sleep(0.05)


def _session_state() -> dict:
    return {k: v for k, v in session.items() if k not in ("_flashes", "csrf_token")}


def claim():
    """before_request: run the view only for the first request that sends a form's token."""
    if request.method != "POST" or (key := claim_key()) is None:
        return None
    found = wait_for(key)
    if found is BUSY:
        return _busy()
    if found is not None:
        return replay(found)
    g.once_key, g.once_wrote = key, False
    g.once_session, g.once_flashes = _session_state(), len(session.get("_flashes", []))
    return None


def _busy():
    """Still running after WAIT_SECONDS: htmx leaves the page as it is (the first answer will
    come), a page says to wait and look again."""
    if htmx and not htmx.boosted:
        return current_app.make_response(("", 204))
    from forum.core.errors import render_error

    return render_error(409, *BUSY)


def _back() -> str:
    """The page the form was sent from, when it is one of ours."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def replay(found):
    """The first request's answer again: its messages, then where it sent the reader."""
    for category, message in found.flashes or []:
        flash(message, category)
    flash(_("You sent this form twice. It was done only once."), "info")
    if htmx and not htmx.boosted:
        response = current_app.make_response(("", 204))
        if found.location:
            response.headers["HX-Redirect"] = found.location
        else:
            response.headers["HX-Refresh"] = "true"
        return response
    return redirect(found.location or _back(), 303)


def settle(response):
    """after_request: keep the answer of a request that changed something, else let go."""
    key = g.pop("once_key", None)
    if key is None:
        return response
    if response.status_code < 400 and g.once_wrote and _session_state() == g.once_session:
        location = response.location if 300 <= response.status_code < 400 else None
        flashes = [[c, str(m)] for c, m in session.get("_flashes", [])[g.once_flashes:]]
        with db.engine.begin() as connection:
            connection.execute(update(OnceClaim).where(OnceClaim.key == key)
                               .values(state=DONE, location=location, flashes=flashes))
    else:
        db.session.rollback()  # nothing of a refused request is kept, and SQLite is let go
        _delete(key)
    return response


def release_unsettled(_exc=None) -> None:
    """teardown_request: a request that failed before answering frees its claim."""
    key = g.pop("once_key", None)
    if key is not None:
        db.session.rollback()
        _delete(key)


def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE") \
            and "once_claims" not in statement:
        conn.info["once_wrote"] = True


def _note_commit(conn) -> None:
    if conn.info.pop("once_wrote", False) and has_app_context() and "once_key" in g:
        g.once_wrote = True


def _forget_write(conn) -> None:
    conn.info.pop("once_wrote", None)


def init_app(app) -> None:
    """Register after CSRF and rate limits, so a refused request never claims a token."""
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _note_write)
        event.listen(db.engine, "commit", _note_commit)
        event.listen(db.engine, "rollback", _forget_write)
    app.before_request(claim)
    app.after_request(settle)
    app.teardown_request(release_unsettled)
    app.jinja_env.globals["once_token"] = token_input
