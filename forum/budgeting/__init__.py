"""Participatory budgeting: cycles, items, ballots, results."""
