"""Stage 2: turn loaded data into the content model, collecting every problem on the way.

Each check says where (path:line), what is wrong, and how to fix it. Nothing is raised until
the whole library has been read, so one run shows the physio every problem at once.
"""
from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata

from .errors import ContentError, ContentErrors, did_you_mean, one_of
from .load import LineDict, LineList, RawContent, Source
from .words import duration_text
from .model import (Condition, Dose, Exercise, Illustration, Library, PainGuidance, Patient, Phase, Pose,
                    Prescription, Program, Site, Span, Where)

EXERCISE_KINDS = {"isometric", "isotonic", "stretch", "mobility", "balance", "plyometric", "cardio"}
SIDES = {"each", "both", "left", "right"}
PAPER = {"A4", "Letter"}

# What a dose may say, and the largest sensible value of each count.
COUNT_LIMITS = {"sets": 20, "reps": 100, "per_day": 12, "per_week": 7}
LONGEST = {"hold": 600, "rest": 600}  # seconds: 10 minutes
DOSE_KEYS = [*COUNT_LIMITS, *LONGEST, "sides", "load", "days", "progress_to"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
LIMBS = {"leg", "arm", "side"}

# Digits are ASCII only: "²" or "①" is not a count. Six digits are far above any limit.
_NUMBER = r"[0-9]{1,6}"
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*(?:-|–|—|to)\s*({_NUMBER})\s*$")
_DURATION = re.compile(
    rf"^\s*({_NUMBER}(?:\.[0-9]{{1,3}})?)(?:\s*(?:-|–|—|to)\s*({_NUMBER}(?:\.[0-9]{{1,3}})?))?\s*"
    r"(s|sec|secs|second|seconds|m|min|mins|minute|minutes)?\s*$")
_MINUTES_SECONDS = re.compile(r"^\s*([0-9]{1,3}):([0-5][0-9])\s*$")  # 1:30 is a minute and a half
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]


class Fields:
    """Typed access to one YAML mapping; wrong or unknown keys become errors, never exceptions."""

    def __init__(self, data: LineDict, path: str, errors: list[ContentError], allowed, what: str):
        self.data, self.path, self.errors, self.what = data, path, errors, what
        self.misspelt = set()  # fields an unknown key probably meant: not reported missing as well
        for key in data:
            if key not in allowed:
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
            self.error(key, f'"{key}" should be text, not {_kind(value)}',
                       f'put the value in quotes: {key}: "{value}"' if _is_scalar(value)
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
            self.error(key, f'"{key}" should be a list of texts, not {_kind(value)}',
                       "write each item on its own line starting with `- `")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.errors.append(ContentError(self.path, value.line_of(index),
                                                f'each item of "{key}" should be text, not {_kind(item)}',
                                                "write the item as `- some words`"))
        return out

    def date(self, key, required: bool = False) -> datetime.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, f"add a line `{key}: 2026-01-31` (year-month-day)")
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day, problem, hint = _date(value) if isinstance(value, str) else (
            None, f'"{key}" should be a date, not {_kind(value)}', DATE_HINT)
        if problem:
            self.error(key, problem.replace("{key}", key), hint)
        return day

    def mapping(self, key) -> LineDict | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.error(key, f'"{key}" should be a block of `name: value` fields, not {_kind(value)}',
                       f"put each field on its own line, indented under `{key}:`")
            return None
        return value

    def items(self, key) -> LineList:
        value = self.data.get(key)
        if value is None:
            return LineList(self.line(key))
        if not isinstance(value, LineList):
            self.error(key, f'"{key}" should be a list, not {_kind(value)}',
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


def _is_scalar(value) -> bool:
    return isinstance(value, (int, float, bool, datetime.date))


def _kind(value) -> str:
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


# --- doses -------------------------------------------------------------------------------------

def parse_dose(data, path: str, line: int, errors: list[ContentError], nested: bool = False) -> Dose:
    """Read a dose block such as {reps: 3-4, hold: 30s, per_day: 2-3} into a Dose."""
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"a dose should be a block of fields, not {_kind(data)}",
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


# --- illustrations -----------------------------------------------------------------------------

# What a joint can do, in degrees (flexion positive; for the trunk, tilt away from the base).
JOINT_LIMITS = {"trunk": (-30, 90), "neck": (-30, 60), "hip": (-30, 140), "knee": (0, 160),
                "ankle": (-30, 90), "shoulder": (-60, 180), "elbow": (0, 150)}
# Each base position with the angles it starts from, so a simple pose needs only a few numbers.
POSE_DEFAULTS = {
    "supine": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "prone": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 85, "shoulder": 0, "elbow": 0},
    "side": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
    "plank": {"trunk": 12, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 80, "elbow": 90},
    "kneeling": {"trunk": 0, "neck": 0, "hip": 0, "knee": 90, "ankle": 80, "shoulder": 0, "elbow": 0},
    "sitting": {"trunk": 0, "neck": 0, "hip": 90, "knee": 90, "ankle": 0, "shoulder": 20, "elbow": 60},
    "standing": {"trunk": 0, "neck": 0, "hip": 0, "knee": 0, "ankle": 0, "shoulder": 0, "elbow": 0},
}
PROPS = {"mat", "ball", "bench", "step", "chair", "band"}


def parse_illustration(data, path: str, line: int, errors: list[ContentError]) -> Illustration | None:
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"an illustration should be a block of fields, not {_kind(data)}",
                                   "write `illustration:` with `frames:` under it (see docs/content.md)"))
        return None
    f = Fields(data, path, errors, ["props", "frames"], "the illustration")
    props = f.texts("props")
    for prop in props:
        if prop not in PROPS:
            f.error("props", f'prop "{prop}" is not known{did_you_mean(prop, PROPS)}', f"use any of {one_of(PROPS)}")
    frames = f.items("frames")
    if len(frames) < 2:
        f.error("frames" if "frames" in data else None, "an illustration needs at least two frames (start and end)",
                "add a `- base: ...` entry under `frames:` for each position")
    poses = [_pose(item, frames.line_of(i), path, errors) for i, item in enumerate(frames)]
    if len(frames) < 2 or None in poses:
        return None
    return Illustration(tuple(poses), tuple(p for p in props if p in PROPS))


def _pose(data, line: int, path: str, errors) -> Pose | None:
    if not isinstance(data, LineDict):
        errors.append(ContentError(path, line, f"a frame should be a block of fields, not {_kind(data)}",
                                   "start each frame with `- base: lying-position`"))
        return None
    f = Fields(data, path, errors, ["base", "caption", "describe", *JOINT_LIMITS], "this frame")
    base = f.text("base", True, f"add `base:` with one of {one_of(POSE_DEFAULTS)}")
    if base and base not in POSE_DEFAULTS:
        f.error("base", f'base "{base}" is not known{did_you_mean(base, POSE_DEFAULTS)}',
                f"use one of {one_of(POSE_DEFAULTS)}")
        return None
    if not base:
        return None
    angles, ok = {}, True
    for joint, (low, high) in JOINT_LIMITS.items():
        default = POSE_DEFAULTS[base][joint]
        value = data.get(joint, default)
        sides = (value, value)
        if isinstance(value, LineDict):
            Fields(value, path, errors, ["left", "right"], f"the {joint} angles")
            sides = (value.get("left", default), value.get("right", default))
        for side in dict.fromkeys(sides):  # one message when both sides are the same
            if not isinstance(side, (int, float)) or isinstance(side, bool) or not math.isfinite(side):
                f.error(joint, f'the {joint} angle should be a number of degrees, not {_kind(side)}',
                        f"write `{joint}: 45`, or `{joint}: {{left: 45, right: 0}}`")
                ok = False
            elif not low <= side <= high:
                f.error(joint, f"a {joint} angle of {side:g}° is more than a {joint} can do",
                        f"use {low}° to {high}°")
                ok = False
        angles[joint] = tuple(float(v) if isinstance(v, (int, float)) else 0.0 for v in sides)
    caption = f.text("caption")
    describe = f.text("describe")
    return Pose(base, caption, describe, tuple(sorted(angles.items()))) if ok else None


# --- files -------------------------------------------------------------------------------------

def _site(source: Source, errors) -> Site:
    f = Fields(source.data, source.path, errors,
               ["clinic", "phone", "email", "address", "website", "clinician", "paper",
                "language", "base_url", "sheet_salt"], "site.yaml")
    paper = f.text("paper") or "A4"
    if paper not in PAPER:
        f.error("paper", f'paper size "{paper}" is not known{did_you_mean(paper, PAPER)}',
                f"use one of {one_of(PAPER)}")
    base_url = f.text("base_url")
    if base_url and not re.match(r"^https?://", base_url):
        f.error("base_url", f'base_url "{base_url}" is not a web address',
                "start it with https:// or leave it out")
        base_url = ""
    return Site(
        clinic=f.text("clinic", True, "add the clinic's name: `clinic: Example Physio`"),
        phone=f.text("phone"), email=f.text("email"), address=f.text("address"),
        website=f.text("website"), clinician=f.text("clinician"), paper=paper,
        language=f.text("language") or "en", base_url=base_url,
        sheet_salt=f.text("sheet_salt"),
    )


LONGEST_LINE, MOST_BRACKETS, DEEPEST = 2000, 300, 10
_SUSPECT = re.compile(rf"^.{{{LONGEST_LINE + 1}}}|^[ \t>]{{{4 * DEEPEST}}}|^(?:[ \t]*(?:[-*+>]|[0-9]+[.)])[ \t]*){{{DEEPEST}}}",
                      re.MULTILINE)
_NESTING = re.compile(r"^((?:[ \t]*(?:[-*+]|[0-9]+[.)])(?=[ \t]))+|[ \t]+)")


def _check_body(source: Source, errors) -> bool:
    """Bound the work Markdown does: it is quadratic in `[` and recursive in nesting, so a pasted blob
    could freeze a build (8,000 `[` take 11 s). Real handouts are far inside these limits."""
    if not _SUSPECT.search(source.body) and source.body.count("[") <= MOST_BRACKETS:
        return True  # the common case, found in one pass; the line by line look is for the rest
    ok = True
    for number, line in enumerate(source.body.split("\n"), start=source.body_line):
        if len(line) > LONGEST_LINE:
            errors.append(ContentError(source.path, number, f"this line is {len(line):,} characters long, more than "
                                       f"the {LONGEST_LINE:,} a line of text may be",
                                       "break it into shorter paragraphs with blank lines between them"))
            return False
        lead = _NESTING.match(line)
        depth = 0 if lead is None else (lead[0].expandtabs(4).count("    ") +
                                        len(re.findall(r"(?:[-*+]|[0-9]+[.)])(?=[ \t])", line[:lead.end() + 1])))
        depth += re.match(r"[ \t>]*", line)[0].count(">")  # >>> quotes nest without spaces too
        if depth > DEEPEST:
            errors.append(ContentError(source.path, number, f"this list or quote is nested {depth} levels deep, more "
                                       f"than the {DEEPEST} a text may use", "use fewer levels of indentation"))
            ok = False
            break
    if source.body.count("[") > MOST_BRACKETS:
        errors.append(ContentError(source.path, source.body_line, f"this text has {source.body.count('['):,} "
                                   f"[ characters, more than the {MOST_BRACKETS} it may have",
                                   "check that nothing was pasted into it by mistake"))
        ok = False
    return ok


EXAMPLE_SALT = "riverbend-example-salt-4e1c"  # the shipped example's, public on purpose
SHORTEST_SALT = 16
SALT_HELP = "delete the line: hepkit then keeps a random private salt in content/.sheet-salt (see docs/content.md)"


def _salt(site: Site, raw: RawContent, warnings: list[ContentError]) -> None:
    """Choose the sheet salt (HEPKIT_SHEET_SALT or content/.sheet-salt win over site.yaml) and warn
    when it does not keep sheet names private: public, short, or in a file usually shared."""
    line = raw.site.data.line_of("sheet_salt") if raw.site else 1
    path = raw.site.path if raw.site else "site.yaml"
    if site.sheet_salt and raw.salt:
        warnings.append(ContentError(path, line, "warning: sheet_salt here is not used, since a private salt is set",
                                     "delete the line, so that nobody takes it for the real one"))
    site.sheet_salt = raw.salt or site.sheet_salt
    if raw.salt or not site.sheet_salt:
        return
    if site.sheet_salt == EXAMPLE_SALT:
        message = "sheet_salt is the example's, which is public: anyone can work out whose sheet a file is"
    elif len(site.sheet_salt) < SHORTEST_SALT:
        message = (f"sheet_salt is {len(site.sheet_salt)} characters, short enough to guess: "
                   "anyone who does can work out whose sheet a file is")
    else:
        message = "sheet_salt is in site.yaml, a file usually shared or kept in git: anyone who reads it can " \
                  "work out whose sheet a file is"
    warnings.append(ContentError(path, line, f"warning: {message}", SALT_HELP))


def _condition(source: Source, errors) -> Condition:
    f = Fields(source.data, source.path, errors, ["title", "summary", "references"],
               "this condition's front matter")
    body = source.body if _check_body(source, errors) else ""
    return Condition(source.id, f.where(), f.text("title", True), f.text("summary"), f.texts("references"), body)


def _exercise(source: Source, errors) -> Exercise:
    f = Fields(source.data, source.path, errors,
               ["title", "kind", "position", "equipment", "targets", "dose", "cues", "cautions", "illustration",
                "limb"], "this exercise's front matter")
    kind = f.text("kind", True, f"add `kind:` with one of {one_of(EXERCISE_KINDS)}")
    if kind and kind not in EXERCISE_KINDS:
        f.error("kind", f'kind "{kind}" is not known{did_you_mean(kind, EXERCISE_KINDS)}',
                f"use one of {one_of(EXERCISE_KINDS)}")
    dose = Dose()
    if "dose" in source.data:
        dose = parse_dose(source.data["dose"], source.path, f.line("dose"), errors)
    illustration = None
    if "illustration" in source.data:
        illustration = parse_illustration(source.data["illustration"], source.path, f.line("illustration"), errors)
    limb = f.text("limb") or "side"
    if limb not in LIMBS:
        f.error("limb", f'limb "{limb}" is not known{did_you_mean(limb, LIMBS)}',
                f"use one of {one_of(LIMBS)}: it makes `sides: each` read \"each leg\" or \"each arm\"")
        limb = "side"
    body = source.body if _check_body(source, errors) else ""
    return Exercise(source.id, f.where(), f.text("title", True), kind, f.text("position"),
                    f.texts("equipment"), f.texts("targets"), dose, f.texts("cues"),
                    f.texts("cautions"), body, illustration, limb)


def _lookup(table: dict, key, path: str, line: int, what: str, errors) -> object | None:
    """table[key], or None after reporting an unknown id. None in the table marks an unreadable file."""
    if key in table:
        return table[key]
    folder = {"exercise": "exercises", "program": "programs", "condition": "conditions"}[what]
    errors.append(ContentError(path, line, f'there is no {what} "{key}"{did_you_mean(key, table)}',
                               f"use the name of a file in content/{folder}/ without its ending"))
    return None


def _prescription(item, index: int, items: LineList, path: str, exercises: dict, base: Dose,
                  errors, allowed=("exercise", "dose", "note")) -> Prescription | None:
    """One entry of an exercise list: `- exercise-id` or `- {exercise: id, dose: {...}, note: ...}`."""
    line = items.line_of(index)
    if isinstance(item, str):
        item = LineDict(line)
        item["exercise"] = items[index]
        item.lines["exercise"] = line
    if not isinstance(item, LineDict):
        errors.append(ContentError(path, line, f"an exercise entry should be a name or a block, not {_kind(item)}",
                                   "write `- exercise: exercise-name` and its `dose:` under it"))
        return None
    f = Fields(item, path, errors, list(allowed), "this exercise entry")
    name = f.text("exercise", True, "add `exercise: name-of-the-exercise-file`")
    exercise = _lookup(exercises, name, path, f.line("exercise"), "exercise", errors) if name else None
    dose = parse_dose(item["dose"], path, f.line("dose"), errors) if "dose" in item else Dose()
    if exercise is None:
        return None
    return Prescription(exercise, dose.over(base.over(exercise.dose)), f.where("exercise"), f.text("note"))


def _program(source: Source, exercises: dict, conditions: dict, errors) -> Program:
    path = source.path
    f = Fields(source.data, path, errors,
               ["title", "condition", "summary", "general", "call_if", "pain", "phases"], "this program")
    condition = None
    if "condition" in source.data:
        name = f.text("condition")
        condition = _lookup(conditions, name, path, f.line("condition"), "condition", errors)
    pain = None
    pain_data = f.mapping("pain")
    if pain_data is not None:
        p = Fields(pain_data, path, errors, ["acceptable_up_to", "points", "reference"], "the pain guidance")
        limit = pain_data.get("acceptable_up_to")
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= 10:
            p.error("acceptable_up_to" if "acceptable_up_to" in pain_data else None,
                    "acceptable_up_to should be a whole number from 0 to 10",
                    "write the highest acceptable pain during exercise, e.g. `acceptable_up_to: 5`")
            limit = 0
        pain = PainGuidance(limit, p.texts("points"), p.text("reference"))
        for key, texts in (("points", pain_data), ("call_if", source.data), ("general", source.data)):
            _check_pain_numbers(texts, key, limit, path, errors)
    phases = []
    items = f.items("phases")
    if "phases" not in source.data or not items:
        f.error("phases" if "phases" in source.data else None, "this program has no phases",
                "add `phases:` with at least one `- name: ...` and its exercises")
    seen_ids: dict[str, int] = {}
    for index, data in enumerate(items):
        line = items.line_of(index)
        if not isinstance(data, LineDict):
            errors.append(ContentError(path, line, f"a phase should be a block of fields, not {_kind(data)}",
                                       "start the phase with `- name: ...`"))
            continue
        phases.append(_phase(data, len(phases) + 1, path, exercises, seen_ids, errors))
    for phase, data in zip(phases, [d for d in items if isinstance(d, LineDict)]):
        if "keep_avoiding" in data:
            phase.keep_avoiding = _earlier_phase(data, phase, phases, path, errors)
    return Program(source.id, f.where(), f.text("title", True), condition, f.text("summary"),
                   phases, pain, f.texts("general"), f.texts("call_if"))


_PAIN_NUMBER = re.compile(r"\b(\d+)\s*(?:out of|/)\s*10\b")


def _check_pain_numbers(data: LineDict, key: str, limit: int, path: str, errors) -> None:
    """Pain limits said in words must agree with `acceptable_up_to`, the one pain rule of the program."""
    texts = data.get(key)
    texts = [texts] if isinstance(texts, str) else texts if isinstance(texts, list) else []
    for index, text in enumerate(texts):
        for number in _PAIN_NUMBER.findall(text) if isinstance(text, str) else []:
            if int(number) not in (0, 10, limit):
                line = texts.line_of(index) if isinstance(texts, LineList) else data.line_of(key)
                errors.append(ContentError(
                    path, line, f'this says {number} out of 10, but the pain rule (acceptable_up_to) is {limit}',
                    "leave the number out here: every sheet and handout states the pain rule from `pain:`"))


def _earlier_phase(data: LineDict, phase: Phase, phases: list[Phase], path: str, errors) -> Phase | None:
    """`keep_avoiding: settle` (or 1): an earlier phase whose avoid list still holds in this one."""
    value = data["keep_avoiding"]
    earlier = phases[: phase.number - 1]
    for other in earlier:
        if (value == other.number and not isinstance(value, bool)) or value == other.id:
            return other
    choices = [p.id for p in earlier]
    errors.append(ContentError(path, data.line_of("keep_avoiding"),
                               f'phase {phase.number} cannot keep avoiding "{value}": it is not an earlier phase'
                               f"{did_you_mean(value, choices)}",
                               f"use one of {one_of(choices)}" if choices else "remove `keep_avoiding` from the first phase"))
    return None


def _phase(data: LineDict, number: int, path: str, exercises: dict, seen_ids: dict, errors) -> Phase:
    f = Fields(data, path, errors, ["id", "name", "goal", "dose", "dose_note", "exercises",
                                    "move_on_when", "avoid", "keep_avoiding"], f"phase {number}")
    phase_id = f.text("id") or f"phase-{number}"
    if phase_id in seen_ids:
        f.error("id", f'two phases have the id "{phase_id}" (the other is on line {seen_ids[phase_id]})',
                "give each phase its own id")
    seen_ids[phase_id] = f.line("id")
    base = parse_dose(data["dose"], path, f.line("dose"), errors) if "dose" in data else Dose()
    items = f.items("exercises")
    prescriptions, listed = [], set()
    for index, item in enumerate(items):
        p = _prescription(item, index, items, path, exercises, base, errors)
        if p is None:
            continue
        if p.exercise.id in listed:
            errors.append(ContentError(path, p.where.line, f'"{p.exercise.id}" is listed twice in phase {number}',
                                       "list each exercise once per phase"))
            continue
        listed.add(p.exercise.id)
        prescriptions.append(p)
    return Phase(number, phase_id, f.text("name", True), f.where(), f.text("goal"), f.text("dose_note"),
                 prescriptions, f.texts("move_on_when"), f.texts("avoid"))


def _patient(source: Source, site: Site | None, programs: dict, exercises: dict, errors) -> Patient | None:
    path = source.path
    f = Fields(source.data, path, errors,
               ["name", "program", "phase", "start", "review", "clinician", "doses", "add",
                "leave_out", "notes"], "this patient file")
    name = f.text("name", True, 'add the patient\'s name: `name: "Jane Example"`')
    program_id = f.text("program", True, "add `program:` with the name of a file in content/programs/")
    start = f.date("start", True)
    review = f.date("review")
    if start and review and review < start:
        f.error("review", f"the review date {review} is before the start date {start}",
                "check both dates; the review comes after the start")
    clinician = f.text("clinician") or (site.clinician if site else "")
    notes = f.text("notes")
    program = _lookup(programs, program_id, path, f.line("program"), "program", errors) if program_id else None
    if program is None or not program.phases:
        return None
    phase = _pick_phase(f, program, errors)
    if phase is None:
        return None
    chosen = {p.exercise.id: p for p in phase.exercises}
    leave_out = f.items("leave_out")
    for index, exercise_id in enumerate(leave_out):
        if not isinstance(exercise_id, str):
            errors.append(ContentError(path, leave_out.line_of(index), "each item of \"leave_out\" should be "
                                       f"an exercise name, not {_kind(exercise_id)}", "write `- exercise-name`"))
        elif exercise_id not in chosen:
            errors.append(ContentError(path, leave_out.line_of(index),
                                       f'"{exercise_id}" is not in phase {phase.number} of {program.id}, '
                                       f"so it cannot be left out{did_you_mean(exercise_id, chosen)}",
                                       f"use one of {one_of(chosen)}"))
        else:
            del chosen[exercise_id]
    added = f.items("add")
    places = []
    for index, item in enumerate(added):
        p = _prescription(item, index, added, path, exercises, Dose(), errors, ("exercise", "dose", "note", "place"))
        if p is None:
            continue
        if p.exercise.id in chosen:
            errors.append(ContentError(path, p.where.line, f'"{p.exercise.id}" is already in phase {phase.number}',
                                       "change its dose under `doses:` instead of adding it again"))
            continue
        chosen[p.exercise.id] = p
        if isinstance(item, LineDict) and "place" in item:
            places.append((p.exercise.id, item["place"], item.line_of("place")))
    for exercise_id, place, line in places:
        _place(chosen, exercise_id, place, path, line, errors)
    doses = f.mapping("doses") or LineDict()
    for exercise_id, dose_data in doses.items():
        line = doses.line_of(exercise_id)
        if exercise_id in exercises and exercises[exercise_id] is None:
            continue  # its file could not be read, which is reported already
        if exercise_id not in chosen:
            errors.append(ContentError(path, line, f'"{exercise_id}" is not on this sheet, so its dose cannot be '
                                       f"changed{did_you_mean(exercise_id, chosen)}",
                                       f"use one of {one_of(chosen)}"))
            continue
        override = parse_dose(dose_data, path, line, errors)
        base = chosen[exercise_id]
        chosen[exercise_id] = Prescription(base.exercise, override.over(base.dose), Where(path, line), base.note)
    if not chosen:
        f.error("leave_out" if "leave_out" in source.data else None, "this sheet has no exercises left on it",
                "leave fewer exercises out, or add some under `add:`")
    return Patient(source.id, f.where(), name, program, phase, start, review, clinician,
                   list(chosen.values()), notes)


def _place(chosen: dict, exercise_id: str, place, path: str, line: int, errors) -> None:
    """Move an added exercise: `place: first`, `last`, `before <id>` or `after <id>`."""
    words = str(place).split() if isinstance(place, str) else []
    others = [k for k in chosen if k != exercise_id]
    hint = 'write `place: first`, `place: last`, `place: before exercise-name` or `place: after exercise-name`'
    if words in (["first"], ["last"]):
        anchor, index = None, 0 if words == ["first"] else len(others)
    elif len(words) == 2 and words[0] in ("before", "after"):
        anchor = words[1]
        if anchor not in others:
            errors.append(ContentError(path, line, f'"{anchor}" is not on this sheet, so nothing can go {words[0]} '
                                       f"it{did_you_mean(anchor, others)}", f"use one of {one_of(others)}"))
            return
        index = others.index(anchor) + (words[0] == "after")
    else:
        errors.append(ContentError(path, line, f'place "{place}" is not understood', hint))
        return
    order = others[:index] + [exercise_id] + others[index:]
    moved = {k: chosen[k] for k in order}
    chosen.clear()
    chosen.update(moved)


def _pick_phase(f: Fields, program: Program, errors) -> Phase | None:
    value = f.data.get("phase", 1)
    for phase in program.phases:
        if (value == phase.number and not isinstance(value, bool)) or value == phase.id:
            return phase
    choices = [p.id for p in program.phases]
    f.error("phase" if "phase" in f.data else None,
            f'program "{program.id}" has no phase "{value}"{did_you_mean(value, choices)}',
            f"use a number from 1 to {len(program.phases)}, or one of {one_of(choices)}")
    return None


def _unique(sources: list[Source], what: str, errors, table: dict) -> list[Source]:
    """One file per id. Ids that differ only by case or by how an accent is stored are one file on
    macOS and Windows, so they are refused too. A refused id maps to None in `table`, so that
    references to it are not reported a second time."""
    seen: dict[str, Source] = {}
    for source in sources:
        key = unicodedata.normalize("NFC", source.id).casefold()
        if key in seen:
            other = seen[key]
            same = "called" if other.id == source.id else "whose names differ only in capitals or accents:"
            errors.append(ContentError(source.path, 1, f'there are two {what} {same} "{source.id}" '
                                       f"(the other is {other.path})",
                                       "rename one of the files: the file name is the id"))
            table.setdefault(source.id, None)
            continue
        seen[key] = source
    return list(seen.values())


def _once(cache, key: tuple, make, errors: list):
    """make(errors), or the object made before from the same file bytes (a dev server's cache). An
    object whose file had problems is made again each time, so its problems are always reported."""
    if cache is None or not cache.in_memory:
        return make(errors)
    if key in cache.objects:
        return cache.made(key, lambda: None)
    found: list[ContentError] = []
    value = make(found)
    errors.extend(found)
    return cache.made(key, lambda: value) if not found else value


def validate(raw: RawContent, cache=None) -> Library:
    """Build the Library from loaded content, or raise ContentErrors listing every problem."""
    errors = list(raw.errors)
    warnings: list[ContentError] = []
    site = _site(raw.site, errors) if raw.site else None
    if site:
        _salt(site, raw, warnings)
    # A file that could not be read is already reported; its id maps to None so that references
    # to it are not reported a second time.
    conditions = dict.fromkeys(raw.unreadable["conditions"])
    conditions.update({s.id: _once(cache, ("condition", s.path, s.digest), lambda e, s=s: _condition(s, e), errors)
                       for s in _unique(raw.files["conditions"], "conditions", errors, conditions)})
    exercises = dict.fromkeys(raw.unreadable["exercises"])
    exercises.update({s.id: _once(cache, ("exercise", s.path, s.digest), lambda e, s=s: _exercise(s, e), errors)
                      for s in _unique(raw.files["exercises"], "exercises", errors, exercises)})
    programs = dict.fromkeys(raw.unreadable["programs"])
    programs.update({s.id: _program(s, exercises, conditions, errors)
                     for s in _unique(raw.files["programs"], "programs", errors, programs)})
    patients = {}
    for source in _unique(raw.files["patients"], "patients", errors, {}):
        patient = _patient(source, site, programs, exercises, errors)
        if patient is not None:
            patients[source.id] = patient
    if errors:
        raise ContentErrors(errors)
    digests = {source.path: source.digest for kind in raw.files.values() for source in kind}
    if raw.site:
        digests[raw.site.path] = raw.site.digest
    return Library(site, conditions, exercises, programs, patients,  # no None left: errors were raised
                   warnings=sorted(warnings), ignored=raw.ignored, digests=digests,
                   site_path=raw.site.path if raw.site else "site.yaml")
