"""The summary a patient's phone hands over (docs/patient-log.md): its text form, one line per
QR code, read back into days with the checksum and the grammar checked. The sheet's script writes
the same format (static/sheet.js, `summaryParts`); the two are tested against each other.

    HEP1:<sheet code>:<part>/<parts>:<first day YYYYMMDD>:<groups>:<days>:<CRC-32>

Only QR alphanumeric characters (0-9 A-Z space $%*+-./:), so one code holds four weeks of a
program of six exercises at a size a phone's camera reads from a screen or a photo."""
from __future__ import annotations

import datetime
import re
import zlib
from dataclasses import dataclass

VERSION = "HEP1"
PAIN = "0123456789A"  # a rating 0 to 10; "-" is a day without one
LINE = re.compile(r"HEP\d+:[0-9A-Z$%*+\-./: ]+")


def crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08X}"


def exercise_tag(exercise_id: str) -> str:
    """Four hex digits naming an exercise in a summary, so a summary stays short and still says
    which exercise a group held, even after the prescription changed."""
    return crc(exercise_id)[:4]


@dataclass(frozen=True)
class Group:
    tags: tuple[str, ...]  # exercise_tag of each exercise in the group, in the sheet's order
    per_week: int = 0  # a group done N times a week on no set days: its target, else 0


@dataclass(frozen=True)
class Day:
    done: tuple[int, ...]  # sessions ticked, one number per group
    due: tuple[int, ...]  # sessions due that day, one number per group (0 for a weekly group)
    during: int | None  # pain during the exercises, 0-10
    morning: int | None  # pain when the patient woke that day, 0-10


@dataclass(frozen=True)
class Part:
    code: str  # the sheet's code, lower case as in the sheet's file name
    number: int
    parts: int
    groups: tuple[Group, ...]
    days: dict[datetime.date, Day]


class SummaryError(ValueError):
    """A line that is not a whole, unchanged summary: the words say what is wrong with it."""


def _pain(char: str) -> int | None:
    return None if char == "-" else PAIN.index(char)


def parse_line(line: str) -> Part:
    """One summary line back as a Part, or SummaryError saying why it cannot be trusted."""
    line = line.strip()
    if not line.startswith("HEP"):
        raise SummaryError("this is not a hepkit summary (it should start with HEP1:)")
    if not line.startswith(VERSION + ":"):
        raise SummaryError(f"this summary is in a newer format ({line.split(':')[0]}) than this hepkit reads: "
                           "update hepkit")
    body, colon, check = line.rpartition(":")
    if not colon or not re.fullmatch(r"[0-9A-F]{8}", check):
        raise SummaryError("the end of this summary is missing (it was cut short)")
    if crc(body) != check:
        raise SummaryError("this summary's checksum does not match: it was cut short or changed on the way")
    fields = body.split(":")
    if len(fields) != 6:
        raise SummaryError("this summary has the wrong number of parts")
    _, code, numbered, first, groups_text, days_text = fields
    found = re.fullmatch(r"(\d+)/(\d+)", numbered)
    if not re.fullmatch(r"[0-9A-F]{16}", code) or not found or not re.fullmatch(r"\d{8}", first):
        raise SummaryError("this summary's sheet code, part number or first day is not readable")
    number, parts = int(found[1]), int(found[2])
    try:
        start = datetime.date(int(first[:4]), int(first[4:6]), int(first[6:]))
    except ValueError as e:
        raise SummaryError(f"this summary's first day {first} is not a date") from e
    groups = []
    for text in groups_text.split("+"):
        found = re.fullmatch(r"([0-9A-F]{4}(?:\.[0-9A-F]{4})*)(?:W([1-9]))?", text)
        if not found:
            raise SummaryError(f"this summary's group {text!r} is not readable")
        groups.append(Group(tuple(found[1].split(".")), int(found[2] or 0)))
    width = 2 * len(groups) + 2
    if not 1 <= number <= parts or not days_text or len(days_text) % width:
        raise SummaryError("this summary's days do not add up: it was cut short")
    days = {}
    for index in range(len(days_text) // width):
        cells = days_text[index * width:(index + 1) * width]
        counts, pain = cells[:-2], cells[-2:]
        if not counts.isdigit() or any(c not in PAIN + "-" for c in pain):
            raise SummaryError("this summary's days are not readable")
        days[start + datetime.timedelta(days=index)] = Day(
            tuple(int(c) for c in counts[0::2]), tuple(int(c) for c in counts[1::2]), _pain(pain[0]), _pain(pain[1]))
    return Part(code.lower(), number, parts, tuple(groups), days)


def find_lines(text: str) -> list[str]:
    """The summary lines in what a patient sent: a pasted message, an e-mail, a decoded QR code."""
    return [m[0].strip() for m in LINE.finditer(text.upper())]


def write_line(code: str, number: int, parts: int, groups: tuple[Group, ...], days: list[Day],
               first: datetime.date) -> str:
    """The line for a run of days starting at `first` (for tests and tools; the sheet writes its own)."""
    def pain(value):
        return "-" if value is None else PAIN[value]
    group_text = "+".join(".".join(g.tags) + (f"W{g.per_week}" if g.per_week else "") for g in groups)
    day_text = "".join("".join(f"{min(d, 9)}{min(u, 9)}" for d, u in zip(day.done, day.due, strict=True))
                       + pain(day.during) + pain(day.morning) for day in days)
    body = f"{VERSION}:{code.upper()}:{number}/{parts}:{first:%Y%m%d}:{group_text}:{day_text}"
    return f"{body}:{crc(body)}"
