"""How the meetings pages show a session's moments: date and time without seconds, in the
forum's zone and the reader's language."""

from __future__ import annotations

from datetime import datetime

from forum.core.rendering import fmt_date, fmt_time


def meeting_moment(moment: datetime | None, zone_name: str) -> str:
    """"Thursday, 3 December 2026, 17:00" in the forum's zone."""
    if moment is None:
        return ""
    return f"{fmt_date(moment, zone_name, 'full')}, {fmt_time(moment, zone_name)}"


def meeting_when(meeting) -> str:
    """"Thursday, 3 December 2026, 17:00–19:00" in the forum's zone and the reader's language."""
    tz = meeting.forum.timezone
    start_day, end_day = fmt_date(meeting.starts_at, tz, "full"), fmt_date(meeting.ends_at, tz,
                                                                          "full")
    if start_day == end_day:
        return f"{start_day}, {fmt_time(meeting.starts_at, tz)}–{fmt_time(meeting.ends_at, tz)}"
    return f"{meeting_moment(meeting.starts_at, tz)} – {meeting_moment(meeting.ends_at, tz)}"

