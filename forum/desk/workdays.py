"""Working days (Monday to Friday) for due dates: holidays are not counted out."""

from __future__ import annotations

from datetime import date, timedelta


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` up to and including `end` (0 if end is not later)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count
