"""Rule names as pabulib's META `rule` writes them, parsed into what the engine must run.

Grammar: `greedy`, `greedy-no-skip`, `greedy-threshold`, or
`equalshares[/add1|/add1-exhaustive][/greedy][-comparison]`, where `/add1` raises the shares until
the next run would be over budget (Wieliczka 2023, Assen 2024), `/add1-exhaustive` also stops at the
first exhaustive run (equalshares.net's reference code, pabutools), `/greedy` tops the result up
by votes, and `-comparison` switches to the greedy outcome if more voters prefer it.
"""

from __future__ import annotations

from dataclasses import dataclass

UNTIL_OVER_BUDGET = "until_over_budget"
EXHAUSTIVE = "exhaustive"
GREEDY_RULES = {"greedy": True, "greedy-no-skip": False, "greedy-threshold": True}
COMPLETIONS = {"add1": UNTIL_OVER_BUDGET, "add1-exhaustive": EXHAUSTIVE}
RULE_NAMES = (
    "greedy", "greedy-no-skip", "greedy-threshold", "equalshares", "equalshares/add1",
    "equalshares/add1-exhaustive", "equalshares/add1/greedy", "equalshares/add1-comparison",
    "equalshares-comparison", "equalshares/greedy",
)


class RuleError(ValueError):
    """The rule name is not one the engine knows."""


@dataclass(frozen=True)
class RuleSpec:
    """A parsed rule name."""

    name: str
    greedy: bool = False
    skip: bool = True
    threshold: bool = False
    completion: str | None = None
    top_up: bool = False
    comparison: bool = False


def parse_rule(name: str) -> RuleSpec:
    """Parse a rule name; unknown names raise `RuleError` listing the known ones."""
    text = name.strip().lower()
    if text in GREEDY_RULES:
        return RuleSpec(text, greedy=True, skip=GREEDY_RULES[text],
                        threshold=text == "greedy-threshold")
    comparison = text.endswith("-comparison")
    parts = text.removesuffix("-comparison").split("/")
    if parts[0] != "equalshares":
        raise RuleError(f"unknown rule {name!r} (known: {', '.join(RULE_NAMES)}, ...)")
    completion, top_up = None, False
    for part in parts[1:]:
        if part in COMPLETIONS and completion is None and not top_up:
            completion = COMPLETIONS[part]
        elif part == "greedy" and not top_up:
            top_up = True
        else:
            raise RuleError(f"unknown part {part!r} in rule {name!r}")
    return RuleSpec(text, completion=completion, top_up=top_up, comparison=comparison)
