"""A patient's log file (patients/<id>.log.yaml, written by `hepkit log add`, docs/patient-log.md)
read into a PatientLog, each problem at its line. A physio may edit it by hand to settle a day the
phone and the log disagree on, so it is checked like any content file."""
from __future__ import annotations

import datetime
import re

from ..content.model import LoggedDay, PatientLog
from ..content.source import Source
from ..content.yaml_lines import LineDict
from ..errors import ContentError

SESSIONS = re.compile(r"(\d+) of (\d+)|(\d+) \((\d+) a week\)")
DAY_KEYS = ("sessions", "pain_during", "pain_morning")
FIX = "see docs/patient-log.md, or run `hepkit log add` again from the patient's summary"


def read_log(source: Source, errors: list[ContentError]) -> PatientLog | None:
    data, path = source.data, source.path
    found = len(errors)

    def error(line: int, message: str, hint: str = FIX) -> None:
        errors.append(ContentError(path, line, message, hint))

    if "sheet" not in data and ("program" in data or "name" in data):  # a patient file named like a log
        stem = path.rsplit("/", 1)[-1].removesuffix(".log.yaml")
        error(1, "this is a patient file, but a name ending in .log.yaml is a patient's log (hepkit log add)",
              f"rename it to {stem}.yaml, or to another name that does not end in .log.yaml")
        return None
    for key in data:
        if key not in ("sheet", "days"):
            error(data.line_of(key), f'a log file has no field "{key}"', "a log holds `sheet:` and `days:` only")
    sheet = data.get("sheet")
    if not isinstance(sheet, str) or not re.fullmatch(r"[0-9a-f]{16}", sheet):
        error(data.line_of("sheet"), "`sheet:` should be the 16-letter code of the patient's sheet")
    days = data.get("days") or LineDict()
    if not isinstance(days, LineDict):
        error(data.line_of("days"), "`days:` should list dates, each with its sessions and pain")
        return None
    log = PatientLog(path, sheet if isinstance(sheet, str) else "")
    for key, entry in days.items():
        line = days.line_of(key)
        day = _date(key)
        if day is None:
            error(line, f"{key!r} is not a date", "write each day as YYYY-MM-DD, such as 2026-11-02")
            continue
        if not isinstance(entry, LineDict):
            error(line, f"the day {day} should hold `sessions:`, `pain_during:` and `pain_morning:`")
            continue
        logged = _day(entry, error)
        if logged is not None:
            log.days[day], log.lines[day] = logged, line
    return log if len(errors) == found else None


def _date(key) -> datetime.date | None:
    if isinstance(key, datetime.date) and not isinstance(key, datetime.datetime):
        return key
    try:
        return datetime.date.fromisoformat(str(key)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(key)) else None
    except ValueError:
        return None


def _day(entry: LineDict, error) -> LoggedDay | None:
    ok = True
    for key in entry:
        if key not in DAY_KEYS:
            error(entry.line_of(key), f'a logged day has no field "{key}"', f"a day holds {', '.join(DAY_KEYS)}")
            ok = False
    sessions = {}
    table = entry.get("sessions") or LineDict()
    if not isinstance(table, LineDict):
        error(entry.line_of("sessions"),
              "`sessions:` should list the exercises done together as `bridge + plank: 2 of 3`")
        return None
    for exercise_id, text in table.items():
        found = SESSIONS.fullmatch(str(text).strip())
        if not isinstance(exercise_id, str) or not found:
            error(table.line_of(exercise_id), f"{text!r} is not a count of sessions",
                  'write "2 of 3" (2 done of 3 due that day) or "1 (3 a week)"')
            ok = False
            continue
        done, due, weekly_done, per_week = found.groups()
        sessions[exercise_id] = (int(done), int(due), 0) if done else (int(weekly_done), 0, int(per_week))
    pain = []
    for key in ("pain_during", "pain_morning"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10):
            error(entry.line_of(key), f"`{key}: {value}` is not a rating from 0 to 10",
                  "write a whole number from 0 to 10, or leave the line out")
            ok = False
            value = None
        pain.append(value)
    return LoggedDay(sessions, *pain) if ok else None
