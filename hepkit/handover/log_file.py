"""A patient's log file: summary parts turned into logged days, merged into what the log already
holds, and written back (patients/<id>.log.yaml, 0600, replaced in one step).

Merging never loses a logged day. A day the phone says more about (a session ticked or a rating
given after the last hand-over) is brought up to date; a day where the two disagree keeps the
log's values and is reported with both, for the physio to settle by editing the file."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.model import GROUPED, LoggedDay, Patient
from ..content.summary import Part, exercise_tag
from ..files import create_file

HEADER = """\
# The log of {who}: what the patient's phone handed over, merged by
# `hepkit log add` (docs/patient-log.md).
# Private, like the patient file: never commit it or send it on. One entry a day: the sessions
# done of those due (for the exercises done together, as the sheet groups them), pain during
# the exercises, and pain on waking that day.
# To settle a day the phone and this log disagree on, edit that day here.
"""


def exercise_names(patient: Patient, exercises: dict) -> dict[str, str]:
    """Tag → exercise id: the patient's own exercises first, then every exercise of the library, so
    a summary from before a change of prescription still names its exercises."""
    names: dict[str, str] = {}
    for exercise_id in [rx.exercise.id for rx in patient.exercises] + sorted(exercises):
        names.setdefault(exercise_tag(exercise_id), exercise_id)
    return names


def logged_days(part: Part, names: dict[str, str]) -> dict[datetime.date, LoggedDay]:
    days = {}
    for date, day in part.days.items():
        sessions = {}
        for group, done, due in zip(part.groups, day.done, day.due, strict=True):
            together = GROUPED.join(names.get(tag, f"exercise {tag}") for tag in group.tags)
            sessions[together] = (done, due, group.per_week)
        if any(done or due for done, due, _ in sessions.values()) or day.during is not None or day.morning is not None:
            days[date] = LoggedDay(sessions, day.during, day.morning)
    return days


@dataclass
class Merge:
    days: dict[datetime.date, LoggedDay]
    added: list[datetime.date] = field(default_factory=list)
    updated: list[datetime.date] = field(default_factory=list)
    conflicts: list[tuple[datetime.date, LoggedDay, LoggedDay]] = field(default_factory=list)  # (day, log, phone)


def _extends(old: LoggedDay, new: LoggedDay) -> bool:
    """`new` is `old` with more said: ratings given where there were none, more sessions ticked."""
    def rated(a, b):
        return a is None or a == b
    return (rated(old.during, new.during) and rated(old.morning, new.morning) and
            all(k in new.sessions and new.sessions[k][0] >= v[0] and new.sessions[k][1:] == v[1:]
                for k, v in old.sessions.items()))


def merge(logged: dict[datetime.date, LoggedDay], incoming: dict[datetime.date, LoggedDay]) -> Merge:
    result = Merge(dict(logged))
    for date in sorted(incoming):
        new, old = incoming[date], logged.get(date)
        if old is None:
            result.days[date] = new
            result.added.append(date)
        elif old == new:
            continue
        elif _extends(old, new):
            result.days[date] = new
            result.updated.append(date)
        else:
            result.conflicts.append((date, old, new))
    return result


def _count(done: int, due: int, per_week: int) -> str:
    return f"{done} ({per_week} a week)" if per_week else f"{done} of {due}"


def log_text(who: str, sheet: str, days: dict[datetime.date, LoggedDay]) -> str:
    table = {}
    for date in sorted(days):
        day = days[date]
        entry: dict = {"sessions": {k: _count(*v) for k, v in day.sessions.items()}}
        if day.during is not None:
            entry["pain_during"] = day.during
        if day.morning is not None:
            entry["pain_morning"] = day.morning
        table[date] = entry
    body = yaml.safe_dump({"sheet": sheet, "days": table}, sort_keys=False, allow_unicode=True, width=100)
    return HEADER.format(who=who) + body


def write_log(path: Path, text: str) -> None:
    """Replace the log in one step, owner-only, never through a link planted at its name."""
    create_file(path, text.encode("utf-8"), mode=0o600)
