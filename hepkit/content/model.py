"""The content model: plain dataclasses, each remembering where it was written.

No rendering here: templates and the filters in render.py turn these into words.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields, replace

from markupsafe import escape

from ..i18n.catalogs import html_lang


class Fallback(str):
    """Words shown in the default language because their translation is missing. In a page they
    are wrapped in <span lang="...">, so a screen reader says them in the right voice."""

    lang: str

    def __new__(cls, text: str, lang: str):
        words = super().__new__(cls, text)
        words.lang = lang
        return words

    def __html__(self) -> str:
        return f'<span lang="{escape(html_lang(self.lang))}">{escape(str(self))}</span>'

    def __reduce__(self):  # a forked worker or the cache may copy it
        return Fallback, (str(self), self.lang)


@dataclass(frozen=True)
class Where:
    path: str
    line: int


@dataclass(frozen=True)
class Span:
    """A whole number or a range such as 3–4 (low == high for a single number)."""

    low: int
    high: int

    @property
    def single(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do. Every field is optional; None means "not said here"."""

    sets: Span | None = None
    reps: Span | None = None
    hold: Span | None = None  # seconds
    rest: Span | None = None  # seconds
    sides: str | None = None  # "each", "both", "left" or "right"
    order: str | None = None  # with sides: each, "one side then the other" (all sets) or "alternate" (each set)
    load: str | None = None  # free words, e.g. "a 2 kg weight"
    per_day: Span | None = None
    per_week: Span | None = None
    days: tuple[int, ...] | None = None  # named weekdays, 0 = Monday; implies per_week
    progress_to: Dose | None = None

    def over(self, base: Dose) -> Dose:
        """This dose laid over `base`: every field said here wins, the rest comes from base.

        How often (per_day, per_week, days) is one choice: saying any part of it replaces all of it.
        """
        said = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        if any(key in said for key in FREQUENCY):
            said = {**dict.fromkeys(FREQUENCY), **said}
        return replace(base, **said)

    @property
    def sessions(self) -> Span | None:
        """How many sessions on a day it is due: per_day, or 1 for a weekly dose, or None if unsaid."""
        if self.per_day:
            return self.per_day
        return Span(1, 1) if self.per_week or self.days else None

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


FREQUENCY = ("per_day", "per_week", "days")


def keys_of(record) -> list[str]:
    """The fields a content file may write for a record: its dataclass fields, in their order, so a
    field added to the model is a key the file may use (and one removed is refused)."""
    return [f.name for f in fields(record)]


@dataclass
class Site:
    clinic: str
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    clinician: str = ""
    paper: str = "A4"
    language: str = "en"
    base_url: str = ""
    sheet_salt: str = ""


@dataclass
class Condition:
    id: str
    where: Where
    title: str
    summary: str = ""
    references: list[str] = field(default_factory=list)
    body: str = ""
    lang: str = ""
    translation: str = ""
    fallback: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.id}.{self.lang}" if self.lang else self.id


@dataclass(frozen=True)
class Pose:
    """One keyframe of an illustration: a base position and joint angles in degrees.

    Each angle is a (left, right) pair; a joint the pose does not name is at 0.
    """

    base: str
    caption: str
    describe: str
    angles: tuple[tuple[str, tuple[float, float]], ...]  # sorted (joint, (left, right)) pairs
    contacts: tuple[tuple[str, str], ...] = ()  # (body part, surface): "hands", "floor"

    def angle(self, joint: str, side: int) -> float:
        for name, pair in self.angles:
            if name == joint:
                return pair[side]
        return 0.0


@dataclass(frozen=True)
class Illustration:
    frames: tuple[Pose, ...]
    props: tuple[str, ...] = ()
    view: str = ""  # side, front, back, top, three-quarter; "" for the base's usual view
    band: tuple[str, str] = ()  # where a band or strap runs: an anchor or body part at each end

    def turned(self) -> set[str]:
        """The joints some frame turns away from 0, on either side."""
        return {joint for pose in self.frames for joint, pair in pose.angles if any(pair)}

    def record(self) -> dict:
        """As plain JSON, for the build cache (its poses found once, not on every build)."""
        return {"frames": [[p.base, p.caption, p.describe, [[j, list(pair)] for j, pair in p.angles],
                            [list(c) for c in p.contacts]] for p in self.frames],
                "props": list(self.props), "view": self.view, "band": list(self.band)}

    @classmethod
    def from_record(cls, record: dict) -> Illustration:
        """The illustration a record() holds; ValueError, TypeError or KeyError for a damaged one."""
        frames = tuple(Pose(str(base), str(caption), str(describe),
                            tuple((str(j), (float(left), float(right))) for j, (left, right) in angles),
                            tuple((str(part), str(surface)) for part, surface in contacts))
                       for base, caption, describe, angles, contacts in record["frames"])
        return cls(frames, tuple(map(str, record["props"])), str(record["view"]), tuple(map(str, record["band"])))


@dataclass
class Exercise:
    id: str
    where: Where
    title: str
    kind: str
    position: str = ""
    equipment: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    dose: Dose = field(default_factory=Dose)
    cues: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    body: str = ""
    illustration: Illustration | None = None
    limb: str = "side"  # what one of "each side" is: "leg", "arm" or "side"
    lang: str = ""  # the language of a translation; "" for the file it is translated from
    translation: str = ""  # the translation file's path, if there is one
    fallback: frozenset[str] = frozenset()  # "body", "illustration": shown untranslated

    @property
    def key(self) -> str:
        """What its body, card and figure are kept under: one per exercise and language."""
        return f"{self.id}.{self.lang}" if self.lang else self.id


@dataclass
class Prescription:
    """One exercise as prescribed in a phase or on a sheet, with its dose fully resolved."""

    exercise: Exercise
    dose: Dose
    where: Where
    note: str = ""


@dataclass
class Phase:
    number: int
    id: str
    name: str
    where: Where
    goal: str = ""
    dose_note: str = ""
    exercises: list[Prescription] = field(default_factory=list)
    move_on_when: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    keep_avoiding: Phase | None = None  # an earlier phase whose `avoid` list still holds
    incomplete: bool = False  # an entry of its list was reported (an unknown id): patients say no more of it


@dataclass
class PainGuidance:
    acceptable_up_to: int
    points: list[str] = field(default_factory=list)
    reference: str = ""


@dataclass
class Program:
    id: str
    where: Where
    title: str
    condition: Condition | None
    summary: str = ""
    phases: list[Phase] = field(default_factory=list)
    pain: PainGuidance | None = None
    general: list[str] = field(default_factory=list)
    call_if: list[str] = field(default_factory=list)
    lang: str = ""
    translation: str = ""


@dataclass
class Patient:
    id: str
    where: Where
    name: str
    program: Program
    phase: Phase
    start: datetime.date
    review: datetime.date | None
    clinician: str
    exercises: list[Prescription] = field(default_factory=list)
    notes: str = ""
    language: str = "en"  # of the sheet: the patient's `language`, or the site's
    log: PatientLog | None = None  # what the patient's phone handed over (patients/<id>.log.yaml)


GROUPED = " + "  # in a log, "bridge + plank: 1 of 2" is one session of the two done together


@dataclass(frozen=True)
class LoggedDay:
    """One day of a patient's log: for each group of exercises done together (their ids joined by
    " + "), (sessions done, sessions due that day, and for a group done N times a week on no set
    days, N; else 0), and the two pain ratings."""

    sessions: dict[str, tuple[int, int, int]]
    during: int | None = None  # pain during the exercises, 0-10
    morning: int | None = None  # pain on waking that day, 0-10


@dataclass
class PatientLog:
    path: str
    sheet: str  # the code of the sheet it came from
    days: dict[datetime.date, LoggedDay] = field(default_factory=dict)
    lines: dict[datetime.date, int] = field(default_factory=dict)  # where each day is written


@dataclass
class Library:
    """Everything a build needs, valid and cross-linked."""

    site: Site
    conditions: dict[str, Condition]
    exercises: dict[str, Exercise]
    programs: dict[str, Program]
    patients: dict[str, Patient]
    warnings: list = field(default_factory=list)  # ContentErrors that do not stop the build
    ignored: list[str] = field(default_factory=list)  # editor and system files skipped by rule
    digests: dict[str, str] = field(default_factory=dict)  # each content file's path -> hash of its bytes
    site_path: str = "site.yaml"
    translated: dict[str, dict[str, Program]] = field(default_factory=dict)  # language -> programs with a
    # translation file, each linked to its exercises and condition in that language (for handouts)
    translated_exercises: dict[str, dict[str, Exercise]] = field(default_factory=dict)  # language ->
    # exercises with a translation file (for their own pages)
    coverage: dict = field(default_factory=dict)  # language -> kind -> (ids with a translation, ids with a
    # complete one, all ids): what `check --translations` reports
