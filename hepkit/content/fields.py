"""Typed access to one YAML block: each field read as the type it should be, and every wrong,
missing or unknown field turned into a `path:line: what is wrong — how to fix it`, never an exception."""
from __future__ import annotations

import datetime
import functools
import re

from ..errors import ContentError, did_you_mean, one_of
from .model import Where
from .yaml_lines import LineDict, LineList

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]



# A field given a new name: old name → (new name, the hepkit version that renamed it). An old
# file then gets a message that says what to write instead (docs/content.md, "Upgrading").
RENAMED: dict[str, tuple[str, str]] = {}


class Fields:
    """Typed access to one YAML mapping; wrong or unknown keys become errors, never exceptions."""

    def __init__(self, data: LineDict, path: str, errors: list[ContentError], allowed, what: str):
        self.data, self.path, self.errors, self.what = data, path, errors, what
        self.misspelt = set()  # fields an unknown key probably meant: not reported missing as well
        for key in data:
            if key in RENAMED and RENAMED[key][0] in allowed:
                new, version = RENAMED[key]
                self.error(key, f'"{key}" is called "{new}" since hepkit {version}', f"rename it to `{new}:`")
                self.misspelt.add(new)
            elif key not in allowed:
                self.error(key, f'unknown field "{key}" in {what}{did_you_mean(key, allowed)}',
                           f"use one of {one_of(allowed)}")
                self.misspelt.update(re.findall(r'did you mean "([^"]+)"', did_you_mean(key, allowed)))

    def line(self, key) -> int:
        return self.data.line_of(key)

    def where(self, key=None) -> Where:
        return Where(self.path, self.data.line if key is None else self.line(key))

    def error(self, key, message: str, hint: str) -> None:
        line = self.data.line if key is None else self.line(key)
        self.errors.append(ContentError(self.path, line, message, hint))

    def missing(self, key, hint: str) -> None:
        if key in self.misspelt:
            return
        self.error(None, f'{self.what} has no "{key}"', hint)

    def text(self, key, required: bool = False, hint: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, hint or f"add a line `{key}: ...`")
            return ""
        if not isinstance(value, str):
            self.error(key, f'"{key}" should be text, not {kind_of(value)}',
                       f'put the value in quotes: {key}: "{value}"' if is_scalar(value)
                       else f"write it on one line as `{key}: some words`")
            return ""
        if required and not value.strip():
            self.error(key, f'"{key}" is empty', hint or f"write something after `{key}:`")
        return value.strip()

    def texts(self, key) -> list[str]:
        """A list of short texts; a single text is taken as a list of one."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()]
        if not isinstance(value, list):
            self.error(key, f'"{key}" should be a list of texts, not {kind_of(value)}',
                       "write each item on its own line starting with `- `")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.errors.append(ContentError(self.path, value.line_of(index),
                                                f'each item of "{key}" should be text, not {kind_of(item)}',
                                                "write the item as `- some words`"))
        return out

    def date(self, key, required: bool = False) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, f"add a line `{key}: 2026-01-31` (year-month-day)")
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            day, problem, hint = value, "", ""
        else:
            day, problem, hint = _date(value) if isinstance(value, str) else (
                None, f'"{key}" should be a date, not {kind_of(value)}', DATE_HINT)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            day, problem, hint = None, f'"{{key}}" is in the year {day.year}, outside the years a program can be ' \
                f"planned in ({FIRST_YEAR} to {LAST_YEAR})", "check the year: write the date as year-month-day, " \
                "for example 2026-01-31"
        if problem:
            self.error(key, problem.replace("{key}", key), hint)
        return day

    def mapping(self, key) -> LineDict | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.error(key, f'"{key}" should be a block of `name: value` fields, not {kind_of(value)}',
                       f"put each field on its own line, indented under `{key}:`")
            return None
        return value

    def items(self, key) -> LineList:
        value = self.data.get(key)
        if value is None:
            return LineList(self.line(key))
        if not isinstance(value, LineList):
            self.error(key, f'"{key}" should be a list, not {kind_of(value)}',
                       "write each item on its own line starting with `- `")
            return LineList(self.line(key))
        return value


@functools.lru_cache(maxsize=4096)  # a thousand patients share a few dozen dates
def _date(text: str) -> tuple[datetime.date | None, str, str]:
    """'2026-01-31' as a date, or the words for what is wrong with it: (date, problem, hint)."""
    parts = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*", text)
    if not parts:
        return None, f'"{{key}}" should be a date, not "{text}"', DATE_HINT
    year, month, day = (int(n) for n in parts.groups())
    if not 1 <= month <= 12:
        return None, f'"{{key}}" has the month {month}, but there are only 12', DATE_HINT
    try:
        return datetime.date(year, month, day), "", ""
    except ValueError:
        return None, f"there is no {day} {MONTH_NAMES[month - 1]} {year}", \
            "check the day: write the date as year-month-day, for example 2026-01-31"


DATE_HINT = "write it as year-month-day, for example 2026-01-31"
FIRST_YEAR, LAST_YEAR = 1900, 2200  # far from date's own ends (1 and 9999), which a sheet's log runs past


def is_scalar(value) -> bool:
    return isinstance(value, (int, float, bool, datetime.date))


def kind_of(value) -> str:
    """A value as the physio would call it: 'the number 5', 'a list', '"words"'."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of fields"
    if value is None:
        return "nothing"
    return f'"{value}"'
