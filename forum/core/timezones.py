"""Local times people type, in a forum's time zone, turned into UTC and back — DST included.

A wall-clock time that does not exist (the hour the clocks skip in spring) is refused; one that
happens twice (the hour repeated in autumn) means its first occurrence, summer time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class NonexistentLocalTime(ValueError):
    """The clocks skip this local time on that day."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def to_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC moment of a local wall-clock time in the zone."""
    tz = zone(zone_name)
    local = datetime.combine(day, at).replace(tzinfo=tz, fold=0)
    moment = local.astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(f"{day} {at} does not exist in {zone_name}")
    return moment


def to_local(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(zone(zone_name))


def local_now(zone_name: str) -> datetime:
    return datetime.now(UTC).astimezone(zone(zone_name))


def local_day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """The UTC start and end of a local calendar day (23 or 25 hours long on DST days)."""
    tz = zone(zone_name)
    start = datetime.combine(day, time()).replace(tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time()).replace(tzinfo=tz).astimezone(UTC)
    return start, end
