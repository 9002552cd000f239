"""The participatory-budgeting tally engine: exact, fast, checked against real elections.

Rules, the papers and the real-world conventions they follow:

- `equalshares`: the Method of Equal Shares of Peters, Pierczyński & Skowron, "Proportional
  Participatory Budgeting with Additive Utilities" (NeurIPS 2021), with cost utilities (a
  supporter's utility is the project's cost), as equalshares.net and pabutools compute it
  (`method_of_equal_shares` with `Cost_Sat`): the project funded next is the one whose supporters
  pay the least per unit of cost; projects costing nothing give no utility and are left out.
- `/add1` and `/add1-exhaustive`: equalshares.net's Add1 completion. The first run uses the exact
  share budget / voters, the next ones whole currency amounts (floor(share) + 1, + 2, ...): this
  gives Wieliczka 2023's official share of 315 zł. `/add1` keeps raising until the next run would
  be over budget (Wieliczka 2023 "Green Million", Assen 2024 "Top Idee"); `/add1-exhaustive` also
  stops at the first run no further project fits into (equalshares.net's reference code,
  pabutools' `voter_budget_increment`, which adds units to the exact share: `add1_start="exact"`).
- `/greedy`: a top-up by votes after Equal Shares; `-comparison`: Wieliczka's comparison step,
  switching to the greedy outcome if more voters fund more of their projects under it.
- `greedy`, `greedy-no-skip`, `greedy-threshold`: the rules of most Polish cities as pabulib names
  them (Gdynia and Wrocław stop at the first project that does not fit; Warsaw and Łódź set
  a vote threshold). Scores are votes, points for cumulative ballots, and positional points for
  ordinal ballots (Kraków: 3 / 2 / 1). A project nobody voted for is never funded.
- Ties: a published order (`ties.py`), by default lower cost, then more votes, then the project
  id (as a number when all ids are numbers), as equalshares.net recommends.

Money is exact: integer minor units (`model.py`); Equal Shares runs in floats with every close
decision retaken in exact rationals (`equal_shares.py`, `exact.py`). Add1's hundreds of runs are
screened by a float kernel in C (`screen.py`, `screen.c`) that takes a decision only where its
error bounds make it certain and hands any other run, and the kept one, to the exact engine.
Files are pabulib `.pb` files (pabulib.org/format), their votes counted in C too (`votes.c`);
the C library is compiled by `make setup` or on first use (`native.py`), and without a
compiler everything still counts, slower. The web layer calls `tally()` on an `Election` built
from its rows.
"""

from .engine import DEFAULT_RULE, Outcome, tally
from .explain import REASONS, Explanation
from .model import Ballot, Election, Limits, Project, format_amount
from .pabulib import PabulibError, read_pb, write_pb
from .rules import RULE_NAMES, RuleError
from .ties import DEFAULT_TIE_BREAK, TieBreakError, parse_tie_break
from .validate import Problem, validate

__all__ = [
    "DEFAULT_RULE", "DEFAULT_TIE_BREAK", "REASONS", "RULE_NAMES", "Ballot", "Election",
    "Explanation", "Limits", "Outcome", "PabulibError", "Problem", "Project", "RuleError",
    "TieBreakError", "format_amount", "parse_tie_break", "read_pb", "tally", "validate", "write_pb",
]
