"""The budgeting tables: cycles and areas, items and their follow-up, the resident register,
and the ballots — see `forum.budgeting.voting` for how ballots are kept secret."""

from forum.budgeting.models.ballots import (
    Ballot,
    Participation,
    Receipt,
    RejectedBallot,
    ResultRow,
)
from forum.budgeting.models.cycles import Area, Cycle
from forum.budgeting.models.items import Item, ItemFollow, ItemUpdate
from forum.budgeting.models.residents import ResidentRecord

__all__ = ["Area", "Ballot", "Cycle", "Item", "ItemFollow", "ItemUpdate", "Participation",
           "Receipt", "RejectedBallot", "ResidentRecord", "ResultRow"]
