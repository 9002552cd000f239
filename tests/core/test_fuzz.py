"""No form route answers 500, whatever is posted to it (hypothesis). Each POST route of the
app gets the form its page shows, filled in as shown, with a few fields (or random keys) set
to random or tricky text, numbers and ids; as the secretariat and as an anonymous visitor.
Bounded so that it runs in well under a minute."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access import all_cases
from tests.fixtures.world import build_world

EXAMPLES = {"secretariat": 10, "anonymous": 2}  # per route; most of it is the secretariat's
RAW_KEYS = ("item", "area", "check", "rank-1", "points-1", "next", "q", "page", "file")
TRICKY = ("", "0", "-1", "²", "٣", "1e30", "NaN", "-Infinity", "9" * 20, "\x00", "a\x00b",
          "x\r\ny", '=HYPERLINK("http://e.example")', "<script>", "../../etc", " ", "\u202e",
          "2026-02-30", "25:61", "on")


SHOWN_BY_TYPE = {"text": "Fuzz", "number": "5", "date": "2031-03-04", "time": "10:00",
                 "email": "fuzz@example.org", "url": "https://example.org/", "textarea": "Fuzz",
                 "password": "a long passphrase"}


class _PostForms(HTMLParser):
    """The POST forms of a page: {action path: {field name: (value, input type)}}, an empty
    box filled in with something plausible for its type."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path, self.forms, self.fields = page_path, {}, None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            action = urlsplit(attrs.get("action") or self.page_path).path
            self.fields = self.forms.setdefault(action, {})
        elif self.fields is None or not (attrs.get("name") or self.select):
            return
        elif tag in ("input", "textarea"):
            kind = attrs.get("type") or ("textarea" if tag == "textarea" else "text")
            value = attrs.get("value") or SHOWN_BY_TYPE.get(kind, "")
            self.fields.setdefault(attrs["name"], (value, kind))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select:
            self.fields.setdefault(self.select, (attrs.get("value") or "", "select"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        elif tag == "select":
            self.select = None


def _forms_on_pages(app, world) -> dict[str, dict[str, tuple[str, str]]]:
    """Every POST form on every page of the access table, as the secretariat sees it."""
    client = app.test_client()
    world.sign_in(client, "secretariat")
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for case in all_cases():
        if case.method != "GET" or case.htmx:
            continue
        with app.test_request_context():
            url = url_for(case.endpoint, lang="en", **case.args(world))
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            parser = _PostForms(urlsplit(url).path)
            parser.feed(response.get_data(as_text=True))
            for action, fields in parser.forms.items():
                found.setdefault(action, {}).update(fields)
    return found


def _post_routes(app, world) -> list[str]:
    """The URL of every POST route of the app, with the arguments the access table gives."""
    cases = {case.endpoint: case for case in all_cases() if case.method == "POST"}
    endpoints = sorted({rule.endpoint for rule in app.url_map.iter_rules()
                        if "POST" in (rule.methods or ())})
    assert set(endpoints) <= set(cases), set(endpoints) - set(cases)
    with app.test_request_context():
        return [url_for(endpoint, lang="en", **cases[endpoint].args(world))
                for endpoint in endpoints]


NUMBERS = ("1e30", "9" * 20, "-9" * 10, "NaN", "Infinity", "-1", "0.001", "²", "1_000", " 7 ")


def _values(world):
    ids = tuple(str(number) for number in world.ids.values())
    tricky = st.sampled_from(TRICKY + ids)
    return st.one_of(tricky, tricky, tricky,
                     st.integers(min_value=-(2**70), max_value=2**70).map(str),
                     st.decimals(allow_nan=True, allow_infinity=True).map(str),
                     st.text(max_size=40))


def _numbers():
    return st.one_of(st.sampled_from(NUMBERS), st.sampled_from(NUMBERS),
                     st.integers(min_value=-(2**70), max_value=2**70).map(str))


def test_no_form_route_answers_500_to_random_input(app):
    with app.app_context():
        world = build_world()
    shown = _forms_on_pages(app, world)
    values = _values(world)
    for url in _post_routes(app, world):
        forms = _forms_like(shown.get(urlsplit(url).path, {}), values)
        for role, examples in EXAMPLES.items():
            client = app.test_client()
            world.sign_in(client, role)
            _posts_survive(client, url, forms, examples)


def _forms_like(shown: dict[str, tuple[str, str]], values):
    """The form as shown (empty boxes filled in), with one to three fields or random keys
    changed; number boxes get numbers that do not fit."""
    base = {name: value for name, (value, _kind) in shown.items()}
    names = sorted(shown) + list(RAW_KEYS)

    def change(name):
        kind = shown.get(name, ("", "text"))[1]
        return st.tuples(st.just(name), _numbers() if kind == "number" else values)

    changed = st.lists(st.sampled_from(names).flatmap(change), min_size=1, max_size=3)
    return changed.map(lambda pairs: {**base, **dict(pairs)})


def _posts_survive(client, url: str, forms, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=forms)
    def post_random_form(data):
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, data)

    post_random_form()
