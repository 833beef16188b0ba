"""Reminders as one iCalendar file (RFC 5545), for a calendar app to import or subscribe to.

Times are *floating* local times (no ``TZID``, no ``VTIMEZONE``): "20:00" rings at 20:00
wherever the calendar app is, which is what a daily habit means, and the file does not
name the person's time zone. The machine's zone has no reliable IANA name to write (only an
abbreviation such as "CET"), and a wrong ``VTIMEZONE`` would be worse than none. ``DTSTAMP``
is in UTC, as the standard requires.

Events have no description; the title is plain ("Trustbridge ritual") unless the person chose
fuller titles. Each has a display alarm at its start and is marked free and private.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm, Calendar, Event, vDuration, vRecur

from trustbridge.domain import reminders as r
from trustbridge.services.reminders import Plan

PRODID = "-//Trustbridge//Reminders//EN"
CALENDAR_NAME = "Trustbridge"
LENGTH = dt.timedelta(minutes=15)
#: how often a subscribed calendar app is asked to look again
REFRESH = dt.timedelta(hours=6)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def calendar_bytes(plan: Plan, now: dt.datetime) -> bytes:
    """The whole calendar for ``plan``, stamped with ``now``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    stamp = now.astimezone(dt.UTC)
    for reminder in plan.reminders:
        calendar.add_component(_event(reminder, plan, stamp))
    return bytes(calendar.to_ical())


def _event(reminder: r.Reminder, plan: Plan, stamp: dt.datetime) -> Event:
    title = reminder.full_title if plan.full_titles else reminder.plain_title
    event = Event()
    event.add("uid", r.reminder_uid(plan.salt, reminder.kind, reminder.record_id))
    event.add("dtstamp", stamp)
    # floating: a naive local time on purpose (see the module doc)
    event.add("dtstart", dt.datetime.combine(reminder.first_day, plan.time))
    event.add("duration", LENGTH)
    event.add("summary", title)
    event.add("class", "PRIVATE")
    event.add("transp", "TRANSPARENT")
    if reminder.recurrence is not None:
        event.add("rrule", vRecur(reminder.recurrence.rrule()))
    event.add_component(_alarm(title))
    return event


def _alarm(title: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", dt.timedelta(0))
    # a display alarm must carry a description: the title again, nothing more
    alarm.add("description", title)
    return alarm
