"""Each item's result, the counting rule and the money left, in plain words with exact numbers.

The tally engine gives reason codes and exact amounts (fractions of minor units); here they are
rounded the way the currency is written, so that the sentence stays true: money someone had is
rounded but kept below the cost it fell short of, a payment "at most" is rounded up, and the
shortfall is what the rounded amounts leave ("419,999 denars, 1 denar short of 420,000").
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from forum.core.rendering import fmt_money, money_unit
from forum.i18n.sentences import gettext as _
from forum.i18n.sentences import ngettext


def _down(value, currency: str) -> int:
    unit = money_unit(currency)
    return floor(Fraction(value) / unit) * unit


def _up(value, currency: str) -> int:
    unit = money_unit(currency)
    return ceil(Fraction(value) / unit) * unit


def explain(row, currency: str) -> str:
    """One plain sentence (or two) saying why an item was or was not funded."""
    d = row.details or {}
    cost = row.item.official_cost if row.item is not None else None
    match row.reason:
        case "funded_by_votes":
            return ngettext("Funded: %(num)d vote put it in place %(place)d of the count.",
                            "Funded: %(num)d votes put it in place %(place)d of the count.",
                            row.score, place=row.position or 0)
        case "funded_equal_shares":
            payment = fmt_money(_up(d.get("max_payment_per_voter", 0), currency), currency)
            return ngettext(
                "Funded: its %(num)d supporter paid for it from their share, %(payment)s.",
                "Funded: its %(num)d supporters paid for it together from their shares, each "
                "at most %(payment)s.", row.supporters, payment=payment)
        case "funded_completion":
            return _("Funded at the end: money was still left, and this item fit into it.")
        case "did_not_fit":
            return _("Not funded: when its turn came, %(left)s was left, %(short)s short of its "
                     "cost.", **_short(d.get("money_left"), cost, currency))
        case "not_reached":
            return _("Not funded: the count stopped at an earlier item that did not fit.")
        case "below_threshold":
            return ngettext("Not funded: it needed at least %(num)d vote.",
                            "Not funded: it needed at least %(num)d votes.",
                            int(d.get("threshold", 0)))
        case "no_votes":
            return _("Not funded: nobody voted for it.")
        case "supporters_ran_out":
            spent = ngettext(
                "Not funded: its %(num)d supporter had already spent most of their share on "
                "other items they chose.",
                "Not funded: its %(num)d supporters had already spent most of their shares on "
                "other items they chose.", row.supporters)
            had = ngettext("They had %(left)s left, %(short)s short of its cost.",
                           "Together they had %(left)s left, %(short)s short of its cost.",
                           row.supporters, **_short(d.get("supporters_money_left"), cost,
                                                    currency))
            return spent + " " + had
        case "zero_cost":
            return _("It costs nothing from this budget.")
    return row.reason


def _short(left, cost: int | None, currency: str) -> dict:
    """What was left (rounded, but kept below the cost) and how much that is short of it."""
    unit = money_unit(currency)
    had = round(Fraction(left or 0) / unit) * unit
    if cost:
        had = min(had, _down(Fraction(cost - unit), currency))
    short = max((cost or 0) - had, unit)
    return {"left": fmt_money(had, currency), "short": fmt_money(short, currency)}


@dataclass(frozen=True)
class Spending:
    """What one area's budget became: spent on winners, and left, with why it is left."""

    budget: int
    spent: int
    count: int
    cheapest_left: int | None  # cost of the cheapest item not funded

    @property
    def left(self) -> int:
        return self.budget - self.spent


def spending(budget: int, rows: list) -> Spending:
    funded = [row.item.official_cost or 0 for row in rows if row.funded]
    others = [row.item.official_cost for row in rows
              if not row.funded and row.item.official_cost]
    return Spending(budget, sum(funded), len(funded), min(others) if others else None)


def money_left_in_words(money: Spending, rule: str, currency: str) -> str:
    """Why money is left over, or that none is."""
    if money.left <= 0:
        return _("All the money is given to the funded items.")
    left = fmt_money(money.left, currency)
    if money.cheapest_left is None:
        return _("%(left)s is not spent: every item is funded.", left=left)
    if money.cheapest_left > money.left:
        return _("%(left)s is not spent: every item that is not funded costs more than that.",
                 left=left)
    if rule.startswith("equalshares"):
        return _("%(left)s is not spent: it was enough for an item that is not funded, but that "
                 "item's supporters did not have enough left of their shares to pay for it.",
                 left=left)
    return _("%(left)s is not spent: the count stopped before the items that would fit.",
             left=left)


def rule_in_plain_words(rule: str) -> str:
    if rule.startswith("equalshares"):
        return _("Method of Equal Shares: the budget is split equally among all voters. An item "
                 "is funded when its supporters can pay for it together from their shares; each "
                 "time, the item whose supporters pay the least each goes first. So an item with "
                 "many votes can lose when its supporters already spent their shares on other "
                 "items they chose, and a group with a tenth of the voters decides about a tenth "
                 "of the money.")
    if rule == "greedy-no-skip":
        return _("Most votes first: items are funded in order of their votes until one does "
                 "not fit into the money left; counting stops there.")
    if rule == "greedy-threshold":
        return _("Most votes first, among the items that reached the required number of votes; "
                 "an item that no longer fits is skipped.")
    return _("Most votes first: items are funded in order of their votes; an item that no "
             "longer fits into the money left is skipped and the next one is tried.")


def shares_in_words(summary: dict | None, budget: int, voters: int, currency: str) -> str:
    """Equal Shares: what each voter's share was, and that it was raised when money was left."""
    if not voters or not summary or not summary.get("per_voter_share"):
        return ""
    equal = _down(Fraction(budget, voters), currency)
    share = _down(Fraction(summary["per_voter_share"]), currency)
    said = ngettext("%(budget)s shared by %(num)d voter is %(share)s.",
                    "%(budget)s shared by %(num)d voters is %(share)s each.", voters,
                    budget=fmt_money(budget, currency), share=fmt_money(equal, currency))
    if share <= equal:
        return said
    return said + " " + _("Money was left after that count, so everyone's share was raised step "
                          "by step, to %(share)s, and counted again, for as long as the winners "
                          "still fit into the real budget.", share=fmt_money(share, currency))
