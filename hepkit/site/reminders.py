"""A sheet's reminders as an iCalendar file (RFC 5545, made with the icalendar library): one repeating
event for each time of day and what is due then, from the start to the day before the review, and
the review itself.
The words are neutral ("Exercises — Riverbend Physio"): no name, no diagnosis, nothing a phone's
lock screen should not show. Everything is derived from the prescription, so a build stays byte
for byte the same (DTSTAMP is the start date, the UIDs come from the sheet's code)."""
from __future__ import annotations

import datetime
import functools
from typing import NamedTuple

import icalendar

from ..content.model import Patient, Span
from ..i18n.words import gettext_for
from .schedule import Group, last_day

# When a group's sessions are due, as the clock times a reminder rings (the prescription says how
# many times a day, not when): spread over a waking day.
TIMES = {1: ("18:00",), 2: ("08:00", "18:00"), 3: ("08:00", "13:00", "18:00"), 4: ("08:00", "12:00", "16:00", "20:00")}
# The weekdays (0 = Monday) of a group done N times a week on no set days: spread over the week.
SPREAD = {1: (2,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4), 6: (0, 1, 2, 3, 4, 5)}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MINUTES = 15


def times_of(group: Due) -> tuple[str, ...]:
    count = max(1, group.sessions.low)
    if count in TIMES:
        return TIMES[count]
    step = 12 * 60 // (count - 1)  # 08:00 to 20:00
    return tuple(f"{(8 * 60 + i * step) // 60:02d}:{(8 * 60 + i * step) % 60:02d}" for i in range(count))


def weekdays_of(group: Due) -> tuple[int, ...] | None:
    """The days it rings, or None for every day."""
    if group.days:
        return group.days
    if group.per_week and group.per_week.low < 7:
        return SPREAD[max(1, group.per_week.low)]
    return None


def slots(groups: tuple[Due, ...]) -> dict[tuple[str, tuple[int, ...]], tuple[int, ...]]:
    """{(time, the groups due then): the weekdays}: one reminder for whatever is due at one time,
    so a day with two groups due at 18:00 rings once, and names both."""
    due: dict[tuple[int, str], list[int]] = {}
    for index, group in enumerate(groups):
        days = weekdays_of(group)
        for weekday in range(7) if days is None else days:
            for time in times_of(group):
                due.setdefault((weekday, time), []).append(index)
    found: dict[tuple[str, tuple[int, ...]], list[int]] = {}
    for (weekday, time), indices in sorted(due.items()):
        found.setdefault((time, tuple(indices)), []).append(weekday)
    return {key: tuple(days) for key, days in sorted(found.items())}


CODE = "@" * 16  # where the sheet's code goes: as long as a code, so lines fold as they will


class Due(NamedTuple):
    """What the calendar needs of a Group (hashable, so patients with one schedule share the work)."""

    label: str
    sessions: Span
    days: tuple[int, ...] | None
    per_week: Span | None


def calendar(patient: Patient, groups: list[Group], code: str, clinic: str, language: str) -> bytes:
    """The sheet's reminders. Made once for each schedule (icalendar takes most of a millisecond a
    file, and a clinic's patients share a few schedules), with this sheet's code put in its UIDs."""
    due = tuple(Due(g.label, g.sessions, g.days, g.per_week) for g in groups)
    return _calendar(due, patient.start, patient.review, last_day(patient), clinic, language).replace(
        CODE.encode(), code.encode())


@functools.lru_cache(maxsize=256)
def _calendar(groups: tuple[Due, ...], start: datetime.date, review: datetime.date | None, end: datetime.date,
              clinic: str, language: str) -> bytes:
    _, ngettext = gettext_for(language)
    code = CODE
    stamp = datetime.datetime.combine(start, datetime.time(), datetime.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//hepkit//exercise reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Exercises — %(clinic)s") % {"clinic": clinic})
    until = datetime.datetime.combine(end, datetime.time(23, 59, 59))
    for (time, indices), days in slots(groups).items():
        first = start
        while first.weekday() not in days:
            first += datetime.timedelta(days=1)
        if first > end:
            continue
        names = {"clinic": clinic, "exercises": " · ".join(groups[i].label for i in indices)}
        everything = len(indices) == len(groups)
        title = (_("Exercises — %(clinic)s") if everything else _("%(exercises)s — %(clinic)s")) % names
        hour, minute = map(int, time.split(":"))
        event = icalendar.Event()
        event.add("uid", f"{code}-{hour:02d}{minute:02d}-{''.join(WEEKDAYS[d] for d in days)}@hepkit")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(first, datetime.time(hour, minute)))
        event.add("duration", datetime.timedelta(minutes=MINUTES))
        event.add("rrule", {"freq": "daily", "until": until} if len(days) == 7 else
                  {"freq": "weekly", "until": until, "byday": [WEEKDAYS[d] for d in days]})
        event.add("summary", title)
        event.add("description", _("Time for your exercises: open your exercise sheet."))
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(title, datetime.timedelta(0)))
        cal.add_component(event)
    if review:
        event = icalendar.Event()
        event.add("uid", f"{code}-review@hepkit")
        event.add("dtstamp", stamp)
        event.add("dtstart", review)
        event.add("summary", _("Review — %(clinic)s") % {"clinic": clinic})
        event.add("description", _("Your review at the clinic. Bring your exercise sheet or its summary."))
        event.add("transp", "TRANSPARENT")
        event.add_component(_alarm(event["summary"], -datetime.timedelta(hours=15)))  # 09:00 the day before
        cal.add_component(event)
    return cal.to_ical()


def _alarm(text: str, before: datetime.timedelta) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", before)
    return alarm
