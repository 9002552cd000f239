"""iCalendar (RFC 5545) files of sessions, written with the `icalendar` library.

Each session keeps one UID for life; SEQUENCE grows with every change of time, place, status or
agenda, so calendar apps replace the old entry; a cancelled session stays in the feed with
STATUS:CANCELLED. Times carry the forum's zone with its VTIMEZONE, and each event has an alarm.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import gettext as _

from forum.core.rendering import fmt_time
from forum.core.timezones import to_local
from forum.meetings.agenda import timetable
from forum.meetings.models import KIND_LABELS, Meeting, Status

if TYPE_CHECKING:
    from icalendar import Event

PRODUCT_ID = "-//forum//Forums for Social Dialogue//EN"
ALARM_BEFORE = timedelta(hours=2)


def calendar_of(meetings: list[Meeting], name: str) -> bytes:
    from icalendar import Calendar  # loaded by the requests that write a calendar, not at start

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(event_of(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_of(meeting: Meeting) -> Event:
    from icalendar import Alarm, Event, vText

    zone = meeting.forum.timezone
    event = Event()
    event.add("uid", f"{meeting.uid}@forum")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at)
    event.add("dtstart", to_local(meeting.starts_at, zone))
    event.add("dtend", to_local(meeting.ends_at, zone))
    event.add("summary", meeting.localized("title").text)
    event.add("status", "CANCELLED" if meeting.status == Status.CANCELLED else "CONFIRMED")
    event.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    event.add("url", url_for("meetings.show", slug=meeting.forum.slug, meeting_id=meeting.id,
                             _external=True))
    location = ", ".join(part for part in (meeting.place_name, meeting.address) if part)
    if location:
        event.add("location", vText(location))
    event.add("description", description_of(meeting))
    if meeting.is_open:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meeting.localized("title").text)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event


def description_of(meeting: Meeting) -> str:
    lines = [str(KIND_LABELS.get(meeting.kind, meeting.kind))]
    if meeting.status == Status.CANCELLED:
        lines.insert(0, _("Cancelled: %(reason)s", reason=meeting.localized("cancel_reason").text))
    if meeting.online_url:
        lines.append(meeting.online_url)
    slots, _overrun = timetable(meeting)
    if slots:
        lines += ["", _("Agenda") + ":"]
        zone = meeting.forum.timezone
        for number, slot in enumerate(slots, start=1):
            presenter = f" — {slot.item.presenter_name}" if slot.item.presenter_name else ""
            lines.append(f"{number}. {fmt_time(slot.starts_at, zone)} "
                         f"{slot.item.localized('title').text}{presenter}")
    return "\n".join(lines)
