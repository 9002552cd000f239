"""The words for each ballot problem and each result reason, in the reader's language."""

from __future__ import annotations

from forum.core.rendering import fmt_money
from forum.i18n.sentences import gettext as _
from forum.i18n.sentences import ngettext


def describe(code: str, params: dict, currency: str, titles: dict[int, str]) -> str:
    """One ballot problem in plain words."""
    item = titles.get(params.get("item"), str(params.get("item", "")))
    match code:
        case "unknown_item":
            return _("Item %(item)s is not on this ballot.", item=item)
        case "duplicate_item":
            return _("“%(item)s” is chosen more than once.", item=item)
        case "choose_one":
            return _("Choose exactly one item.")
        case "too_few":
            return ngettext("Choose at least %(num)d item.", "Choose at least %(num)d items.",
                            params["min"])
        case "too_many":
            return ngettext("Choose at most %(num)d item.", "Choose at most %(num)d items.",
                            params["max"])
        case "rank_gap":
            return _("Fill in the places in order, starting with the first, without gaps.")
        case "points_positive":
            return _("Give “%(item)s” at least 1 point, or leave it empty.", item=item)
        case "item_points":
            return ngettext("“%(item)s” can get at most %(num)d point.",
                            "“%(item)s” can get at most %(num)d points.",
                            params["max"], item=item)
        case "total_points":
            return ngettext("You can give %(num)d point in all; you gave %(total)d.",
                            "You can give %(num)d points in all; you gave %(total)d.",
                            params["max"], total=params["total"])
        case "over_budget":
            return _("Your choices cost %(total)s, more than the budget of %(budget)s.",
                     total=fmt_money(params["total"], currency),
                     budget=fmt_money(params["budget"], currency))
        case "unreadable":
            return _("“%(text)s” is not an item number.", text=params.get("text", ""))
        case "number_taken":
            return _("A ballot with this number is already entered.")
        case "no_number":
            return _("The ballot has no number.")
    return code
