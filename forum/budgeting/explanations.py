"""Each item's result in plain words, from the tally engine's reason code and numbers."""

from __future__ import annotations

from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import ngettext

from forum.core.rendering import fmt_money


def _money(value: str | None, currency: str) -> str:
    """An exact amount in minor units (possibly a fraction) as the reader's money, rounded."""
    if value is None:
        return ""
    return fmt_money(round(Fraction(value)), currency)


def explain(row, currency: str) -> str:
    d = row.details or {}
    match row.reason:
        case "funded_by_votes":
            return ngettext("Funded: %(num)d vote put it in place %(place)d of the count.",
                            "Funded: %(num)d votes put it in place %(place)d of the count.",
                            row.score, place=row.position or 0)
        case "funded_equal_shares":
            return ngettext(
                "Funded by Equal Shares: its %(num)d supporter paid for it from their share, "
                "at most %(payment)s each.",
                "Funded by Equal Shares: its %(num)d supporters paid for it from their shares, "
                "at most %(payment)s each.",
                row.supporters, payment=_money(d.get("max_payment_per_voter"), currency))
        case "funded_completion":
            return _("Funded in the last step, when the money left over was shared out again.")
        case "did_not_fit":
            return _("Not funded: when its turn came, %(left)s was left, less than its cost.",
                     left=_money(d.get("money_left"), currency))
        case "not_reached":
            return _("Not funded: the count stopped at an earlier item that did not fit.")
        case "below_threshold":
            return ngettext("Not funded: it needed at least %(num)d vote.",
                            "Not funded: it needed at least %(num)d votes.",
                            int(d.get("threshold", 0)))
        case "no_votes":
            return _("Not funded: nobody voted for it.")
        case "supporters_ran_out":
            return _("Not funded: its supporters had %(left)s left together, less than its "
                     "cost.", left=_money(d.get("supporters_money_left"), currency))
        case "zero_cost":
            return _("It costs nothing from this budget.")
    return row.reason


def rule_in_plain_words(rule: str) -> str:
    if rule.startswith("equalshares"):
        return _("Method of Equal Shares: the budget is split equally among all voters. Items "
                 "are funded one by one, each paid for by the voters who support it, choosing "
                 "each time the item whose supporters pay the least each. So a group with a "
                 "tenth of the voters decides about a tenth of the money, and minorities are "
                 "not outvoted on everything. Money left at the end is shared out again.")
    if rule == "greedy-no-skip":
        return _("Most votes first: items are funded in order of their votes until one does "
                 "not fit into the money left; counting stops there.")
    if rule == "greedy-threshold":
        return _("Most votes first, among the items that reached the required number of votes; "
                 "an item that no longer fits is skipped.")
    return _("Most votes first: items are funded in order of their votes; an item that no "
             "longer fits into the money left is skipped and the next one is tried.")
