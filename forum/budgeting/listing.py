"""What one ballot page lists: a long ballot is shown a page of items at a time, with every item
the voter chose (on any page) listed too, so the form always sends the whole ballot."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import url_for

from forum.budgeting import cycles, rules
from forum.core.rendering import fmt_money

PAGE_SIZE = 25  # items listed at once; a ballot with more is paged


@dataclass(frozen=True)
class Listing:
    items: list  # the items listed, by id: this page's and the chosen ones
    page: int
    pages: int
    costs: dict  # item id -> its cost as the reader's language writes it
    links: dict  # item id -> the address of its page


def limits_of(cycle, scope: int) -> rules.BallotRules:
    """The ballot's limits, with every item's cost (one light query)."""
    return rules.BallotRules.of(cycle, cycles.ballot_costs(cycle, scope),
                                cycles.budget_of(cycle, scope))


def listing(cycle, scope: int, limits: rules.BallotRules | None, chosen, wanted: int | None,
            language: str) -> tuple[rules.BallotRules, Listing]:
    """The ballot's limits (when not given) and page `wanted` of it (the first when None or
    out of range) with the chosen items; a ballot of one page is read in one query."""
    read = {}
    if limits is None:
        first = cycles.ballot_entries(cycle, scope, limit=PAGE_SIZE + 1)
        if len(first) <= PAGE_SIZE:
            costs = {item.id: item.official_cost for item in first}
            limits = rules.BallotRules.of(cycle, costs, cycles.budget_of(cycle, scope))
            return limits, _listed(cycle, first, 1, 1, language)
        read = {item.id: item for item in first}
        limits = limits_of(cycle, scope)
    ids = list(limits.costs)
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    page = min(max(wanted or 1, 1), pages)
    if pages == 1:
        items = cycles.ballot_entries(cycle, scope)
    else:
        shown = set(ids[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]) | (set(chosen) & set(ids))
        missing = shown - read.keys()
        items = [read[i] for i in shown - missing]
        items += cycles.ballot_entries(cycle, scope, missing) if missing else []
        items.sort(key=lambda item: item.id)
    return limits, _listed(cycle, items, page, pages, language)


def _listed(cycle, items, page: int, pages: int, language: str) -> Listing:
    costs = {item.id: cost_text(item.official_cost, cycle.currency, language) for item in items}
    return Listing(items, page, pages, costs, _links(cycle, items))


def _links(cycle, items) -> dict[int, str]:
    """Each item's address, the route built once: the id is its last part."""
    def link(item_id: int) -> str:
        return url_for("budgeting.item", slug=cycle.forum.slug, cycle_id=cycle.id,
                       item_id=item_id)

    stem = link(0)
    if not stem.endswith("/0"):
        return {item.id: link(item.id) for item in items}
    return {item.id: f"{stem[:-1]}{item.id}" for item in items}


def titled(cycle, scope: int, chosen) -> list:
    """The chosen items that are on the ballot, for naming them in a problem."""
    return cycles.ballot_entries(cycle, scope, set(chosen)) if chosen else []


@lru_cache(maxsize=4096)
def cost_text(amount: int, currency: str, language: str) -> str:
    """An amount as `language` (the request's) writes it: ballots repeat the same few costs."""
    return fmt_money(amount, currency)
