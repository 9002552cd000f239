"""Who may use each plans route (see tests/access.py). An institution's report link works for
anyone holding it, for that institution's measures only."""

import tests.fixtures.plans  # noqa: F401 - puts plans into the world
from tests.access import RouteCase, everyone, forum, staff

STAFF_OR_404 = {"anonymous": 404, "resident": 404, "member": 404, "secretariat": 200,
                "other_secretariat": 404, "admin": 200}


def plan(world) -> dict:
    return {**forum(world), "plan_id": world.ids["plan"]}


def draft(world) -> dict:
    return {**forum(world), "plan_id": world.ids["draft_plan"]}


def goal(world) -> dict:
    return {**plan(world), "goal_id": world.ids["goal"]}


def measure(world) -> dict:
    return {**plan(world), "measure_id": world.ids["measure"]}


def funding(world) -> dict:
    return {**plan(world), "funding_id": world.ids["funding"]}


def indicator(world) -> dict:
    return {**plan(world), "indicator_id": world.ids["indicator"]}


def origin(world) -> dict:
    return {**measure(world), "origin_id": 999}


def report(world) -> dict:
    return {**plan(world), "year": 2026}


def token(world) -> dict:
    return {**plan(world), "token": world.values["plan_token"]}


def own_measure(world) -> dict:
    return {**token(world), "measure_id": world.ids["measure"]}


def others_measure(world) -> dict:
    return {**token(world), "measure_id": world.ids["other_measure"]}


ROUTES = [
    RouteCase("plans.index", "GET", everyone(200), args=forum, page_as="anonymous"),
    RouteCase("plans.show", "GET", everyone(200), args=plan, page_as="anonymous"),
    RouteCase("plans.show", "GET", STAFF_OR_404, args=draft, page_as="secretariat"),
    RouteCase("plans.measure", "GET", everyone(200), args=measure, page_as="anonymous"),
    RouteCase("plans.measure", "GET", everyone(200), args=measure, page_as="secretariat"),
    RouteCase("plans.measures_csv", "GET", everyone(200), args=plan),
    RouteCase("plans.values_csv", "GET", everyone(200), args=plan),
    RouteCase("plans.data_json", "GET", everyone(200), args=plan),
    RouteCase("plans.data_json", "GET", STAFF_OR_404, args=draft),
    RouteCase("plans.new", "GET", staff(200), args=forum, page_as="secretariat"),
    RouteCase("plans.new", "POST", staff(400), args=forum),
    RouteCase("plans.edit", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.edit", "POST", staff(400), args=plan),
    RouteCase("plans.status", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.status", "POST", staff(400), args=plan),
    RouteCase("plans.goal_new", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.goal_new", "POST", staff(400), args=plan),
    RouteCase("plans.goal_edit", "GET", staff(200), args=goal, page_as="secretariat"),
    RouteCase("plans.goal_edit", "POST", staff(400), args=goal),
    RouteCase("plans.measure_new", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.measure_new", "POST", staff(400), args=plan),
    RouteCase("plans.measure_edit", "GET", staff(200), args=measure, page_as="secretariat"),
    RouteCase("plans.measure_edit", "POST", staff(400), args=measure),
    RouteCase("plans.update_new", "GET", staff(200), args=measure, page_as="secretariat"),
    RouteCase("plans.update_new", "POST", staff(400), args=measure),
    RouteCase("plans.funding_new", "GET", staff(200), args=measure, page_as="secretariat"),
    RouteCase("plans.funding_new", "POST", staff(400), args=measure),
    RouteCase("plans.funding_move", "GET", staff(200), args=funding, page_as="secretariat"),
    RouteCase("plans.funding_move", "POST", staff(400), args=funding),
    RouteCase("plans.indicator_new", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.indicator_new", "POST", staff(400), args=plan),
    RouteCase("plans.indicator_edit", "GET", staff(200), args=indicator, page_as="secretariat"),
    RouteCase("plans.indicator_edit", "POST", staff(400), args=indicator),
    RouteCase("plans.value_new", "GET", staff(200), args=indicator, page_as="secretariat"),
    RouteCase("plans.value_new", "POST", staff(400), args=indicator),
    RouteCase("plans.origin_new", "GET", staff(200), args=measure, page_as="secretariat"),
    RouteCase("plans.origin_new", "POST", staff(400), args=measure),
    RouteCase("plans.origin_remove", "POST", staff(302), args=origin),
    RouteCase("plans.report_assemble", "POST", staff(400), args=plan),
    RouteCase("plans.report", "GET", everyone(200), args=report, page_as="anonymous"),
    RouteCase("plans.report", "POST", staff(400), args=report),  # published: no change
    RouteCase("plans.report", "GET", everyone(404),
              args=lambda w: {**plan(w), "year": 2027}),
    RouteCase("plans.report_pdf", "GET", everyone(200), args=report),
    RouteCase("plans.report_json", "GET", everyone(200), args=report),
    RouteCase("plans.translations", "GET", staff(200), page_as="secretariat",
              args=lambda w: {**plan(w), "what": "measure", "obj_id": w.ids["measure"]}),
    RouteCase("plans.translations", "POST", staff(400),
              args=lambda w: {**plan(w), "what": "plan", "obj_id": w.ids["plan"]}),
    RouteCase("plans.translations", "GET", staff(404),
              args=lambda w: {**plan(w), "what": "goal", "obj_id": 99999}),
    RouteCase("plans.requests", "GET", staff(200), args=plan, page_as="secretariat"),
    RouteCase("plans.requests", "POST", staff(400), args=plan),
    # The institution reporter: the link opens its own measures, for whoever holds it …
    RouteCase("plans.report_home", "GET", everyone(200), args=token, page_as="anonymous"),
    RouteCase("plans.report_measure", "GET", everyone(200), args=own_measure,
              page_as="anonymous"),
    RouteCase("plans.report_measure", "POST", everyone(400), args=own_measure),
    # … and never another institution's measure, nor anything with a wrong token.
    RouteCase("plans.report_measure", "GET", everyone(403), args=others_measure),
    RouteCase("plans.report_measure", "POST", everyone(403), args=others_measure),
    RouteCase("plans.report_home", "GET", everyone(404),
              args=lambda w: {**plan(w), "token": "not-a-token"}),
]
