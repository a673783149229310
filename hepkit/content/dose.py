"""The dose grammar: sets, reps (3-4), holds (30s, 1 min, 1:30), sides, how often, and their limits."""
from __future__ import annotations

import re

from ..errors import ContentError, did_you_mean, one_of
from ..i18n.words import duration_text
from .fields import Fields, kind_of
from .model import Dose, Span, keys_of
from .yaml_lines import LineDict

SIDES = {"each", "both", "left", "right"}
ORDERS = {"one side then the other", "alternate"}  # how `sides: each` is worked through the sets
# What a dose may say, and the largest sensible value of each count.
COUNT_LIMITS = {"sets": 20, "reps": 100, "per_day": 12, "per_week": 7}
LONGEST = {"hold": 600, "rest": 600}  # seconds: 10 minutes
DOSE_KEYS = keys_of(Dose)  # every count above is one of them (tests/test_dose.py)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Digits are ASCII only: "²" or "①" is not a count. Six digits are far above any limit.
_NUMBER = r"[0-9]{1,6}"
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})\s*$")
_DURATION = re.compile(
    rf"^\s*({_NUMBER}(?:\.[0-9]{{1,3}})?)(?:\s*(?:-|–|—|to)\s*({_NUMBER}(?:\.[0-9]{{1,3}})?))?\s*"
    r"(s|sec|secs|second|seconds|m|min|mins|minute|minutes)?\s*$")
_MINUTES_SECONDS = re.compile(r"^\s*([0-9]{1,3}):([0-5][0-9])\s*$")  # 1:30 is a minute and a half


def parse_dose(data, path: str, line: int, errors: list[ContentError], nested: bool = False) -> Dose:
    """Read a dose block such as {reps: 3-4, hold: 30s, per_day: 2-3} into a Dose."""
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"a dose should be a block of fields, not {kind_of(data)}",
                                   "write it like `dose: {reps: 3-4, hold: 30s}`"))
        return Dose()
    allowed = [k for k in DOSE_KEYS if not (nested and k == "progress_to")]
    f = Fields(data, path, errors, allowed, "the progression target" if nested else "the dose")
    values = {}
    for key, limit in COUNT_LIMITS.items():
        if key in data:
            values[key] = _count(f, key, limit)
    for key, limit in LONGEST.items():
        if key in data:
            values[key] = _duration(f, key, limit)
    if "sides" in data:
        sides = f.text("sides")
        if sides and sides not in SIDES:
            f.error("sides", f'sides "{sides}" is not known{did_you_mean(sides, SIDES)}',
                    f"use one of {one_of(SIDES)}")
        values["sides"] = sides if sides in SIDES else None
    if "order" in data:
        order = f.text("order")
        if order and order not in ORDERS:
            f.error("order", f'order "{order}" is not known{did_you_mean(order, ORDERS)}',
                    f"use one of {one_of(ORDERS)}")
        elif order and values.get("sides") not in (None, "each"):
            f.error("order", f"order says how both sides take turns, but this dose is for sides: {values['sides']}",
                    "remove `order`, or write `sides: each`")
        else:
            values["order"] = order or None
    if "load" in data:
        values["load"] = f.text("load") or None
    if "days" in data:
        values["days"] = _days(f)
    if values.get("per_day") and (values.get("per_week") or values.get("days")):
        key = "per_week" if values.get("per_week") else "days"
        f.error(key, f"a dose can say per_day or {key}, not both", "keep the one you mean and delete the other")
    if values.get("days") and values.get("per_week") and values["per_week"] != Span(*[len(values["days"])] * 2):
        f.error("per_week", f"per_week says {_span_words(values['per_week'])} but days names {len(values['days'])}",
                "leave out per_week: the days say how many")
    if not nested and "progress_to" in data:
        values["progress_to"] = parse_dose(data["progress_to"], path, f.line("progress_to"), errors, True)
    if not values and not nested:
        return Dose()
    return Dose(**values)


def _days(f: Fields) -> tuple[int, ...] | None:
    """`days: [mon, wed, fri]` as weekday numbers (Monday 0), in week order."""
    names = f.texts("days")
    days = set()
    for name in names:
        day = name.lower()[:3]
        if day not in WEEKDAYS or not _WEEKDAY_NAMES[WEEKDAYS.index(day)].startswith(name.lower()):
            f.error("days", f'"{name}" is not a day of the week{did_you_mean(name.lower(), WEEKDAYS)}',
                    f"use {', '.join(WEEKDAYS)}")
            return None
        days.add(WEEKDAYS.index(day))
    if not days:
        f.error("days", "days names no day", "write the days like `days: [mon, wed, fri]`")
        return None
    return tuple(sorted(days))


def _span_words(span: Span) -> str:
    return str(span.low) if span.single else f"{span.low}-{span.high}"


def _count(f: Fields, key: str, limit: int) -> Span | None:
    value = f.data[key]
    span = None
    if isinstance(value, int) and not isinstance(value, bool):
        span = Span(value, value)
    elif isinstance(value, str) and re.fullmatch(rf"\s*{_NUMBER}\s*", value):  # "010" is 10
        span = Span(int(value), int(value))
    elif isinstance(value, str) and _RANGE.match(value):
        low, high = _RANGE.match(value).groups()
        span = Span(int(low), int(high))
    if span is None:
        times = re.fullmatch(r"\s*(\d+)\s*(?:x|×|X|\*|sets? of)\s*(\d+(?:\s*-\s*\d+)?)\s*(?:reps?)?\s*", str(value))
        if times and key in ("reps", "sets"):  # "3x10": sets and reps in one field, as written on paper
            f.error(key, f'{key} "{value}" holds both sets and reps',
                    f"write them apart: `sets: {times[1]}, reps: {times[2].replace(' ', '')}`")
            return None
        f.error(key, f'{key} "{value}" is not a whole number or a range',
                f"write a number like `{key}: 3` or a range like `{key}: 3-4`")
        return None
    return _check_span(f, key, span, limit, lambda n: str(n))


def _duration(f: Fields, key: str, limit: int) -> Span | None:
    value = f.data[key]
    span = None
    if isinstance(value, int) and not isinstance(value, bool):
        span = Span(value, value)
    elif isinstance(value, str) and _MINUTES_SECONDS.match(value):
        minutes, seconds = _MINUTES_SECONDS.match(value).groups()
        span = Span(int(minutes) * 60 + int(seconds), int(minutes) * 60 + int(seconds))
    elif isinstance(value, str) and _DURATION.match(value):
        low, high, unit = _DURATION.match(value).groups()
        scale = 60 if unit and unit.startswith("m") else 1
        seconds = [float(n) * scale for n in (low, high or low)]
        if all(s == int(s) for s in seconds):
            span = Span(int(seconds[0]), int(seconds[1]))
    if span is None:
        f.error(key, f'{key} "{value}" is not a time', f"write it like `{key}: 30s`, `{key}: 1 min` or `{key}: 1:30`")
        return None
    return _check_span(f, key, span, limit, lambda n: duration_text(Span(n, n)))


def _check_span(f: Fields, key: str, span: Span, limit: int, unit) -> Span | None:
    if span.low < 1:
        f.error(key, f"{key} must be at least 1, not {span.low}", f"give a number of 1 or more for {key}")
        return None
    if span.low > span.high:
        f.error(key, f"the range {span.low}-{span.high} for {key} runs backwards",
                f"write the smaller number first: {span.high}-{span.low}")
        return None
    if span.high > limit:
        shown = unit(span.high) if span.high < 10 ** 6 else "a very large number"
        f.error(key, f"{key} of {shown} is more than the most allowed, {unit(limit)}",
                f"check the number{' and its unit (s or min)' if key in LONGEST else ''}")
        return None
    return span
