"""Browser tests: a live server with the demo data and the role world, driven by Playwright in
Debian's Chromium (`/usr/bin/chromium`; Playwright never downloads a browser here)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from forum.core.migrations import upgrade
from forum.extensions import db
from tests.conftest import make_app
from tests.fixtures.world import build_world

CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not os.path.exists(CHROMIUM):
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


class LiveServer:
    def __init__(self, app, world):
        self.app, self.world = app, world
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def session_cookie(self, role: str) -> str | None:
        """A signed session cookie for a role, made by the app itself."""
        if role == "anonymous":
            return None
        client = self.app.test_client()
        self.world.sign_in(client, role)
        client.get("/en/")
        return client.get_cookie("session").value


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "live.sqlite"
    app = make_app(f"sqlite:///{path}", keep=True, WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        world = build_world()
        db.session.remove()
    server = LiveServer(app, world)
    server.thread.start()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(browser, live_server, role: str = "anonymous", **options):
    context = browser.new_context(base_url=live_server.url, **options)
    cookie = live_server.session_cookie(role)
    if cookie:
        context.add_cookies([{"name": "session", "value": cookie, "url": live_server.url}])
    return context


@pytest.fixture
def anonymous_page(browser, live_server):
    context = new_context(browser, live_server)
    yield context.new_page()
    context.close()
