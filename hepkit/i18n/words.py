"""The words a patient reads that hepkit writes itself: doses, how often, sides and dates (the
pain rule and the sheet script's sentences are in sheet_words.py). One place, so a dose reads the
same everywhere.

Every sentence goes through the language's gettext catalog (catalogs.py): `_` for a sentence,
`ngettext` where the number decides the word. Clinical words (what an exercise is, what to avoid)
come from the physio's content, never from here.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
from typing import TYPE_CHECKING

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from .catalogs import known_locale, translations

if TYPE_CHECKING:  # the words know the content model's shapes, not its module: i18n sits below content
    from ..content.model import Dose, Span


def gettext_for(language: str):
    """(_, ngettext) of a language, as the functions below and the templates use them."""
    t = translations(language)
    return t.gettext, t.ngettext


# --- numbers and times --------------------------------------------------------------------------

@functools.lru_cache(maxsize=1024)
def number(value: int, language: str = "en") -> str:
    """A whole number as the language writes it (CLDR: its digits and grouping)."""
    return format_decimal(value, locale=locale_of(language))


def span_text(span: Span, language: str = "en") -> str:
    low = number(span.low, language)
    return low if span.single else f"{low}–{number(span.high, language)}"


def duration_text(span: Span, language: str = "en") -> str:
    """30 seconds, 2 minutes, 1 minute 30 seconds, 20–30 seconds."""
    _, ngettext = gettext_for(language)

    def minutes(s):
        return ngettext("%(n)s minute", "%(n)s minutes", s.high) % {"n": span_text(s, language)}

    def seconds(s):
        return ngettext("%(n)s second", "%(n)s seconds", s.high) % {"n": span_text(s, language)}

    if span.low % 60 == 0 and span.high % 60 == 0:
        return minutes(dataclasses.replace(span, low=span.low // 60, high=span.high // 60))
    if span.single and span.low > 60:
        whole, rest = divmod(span.low, 60)
        return _("%(minutes)s %(seconds)s") % {"minutes": minutes(dataclasses.replace(span, low=whole, high=whole)),
                                               "seconds": seconds(dataclasses.replace(span, low=rest, high=rest))}
    return seconds(span)


# --- doses --------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def side_words(language: str = "en") -> dict[tuple[str, str], str]:
    """Which side, for each limb: ("each", "leg") → "each leg". Whole phrases, since other languages
    agree the words with the limb ("pierna izquierda", "brazo izquierdo")."""
    _, ngettext = gettext_for(language)
    return {
        ("each", "leg"): _("each leg"), ("both", "leg"): _("both legs together"),
        ("left", "leg"): _("left leg only"), ("right", "leg"): _("right leg only"),
        ("each", "arm"): _("each arm"), ("both", "arm"): _("both arms together"),
        ("left", "arm"): _("left arm only"), ("right", "arm"): _("right arm only"),
        ("each", "side"): _("each side"), ("both", "side"): _("both sides together"),
        ("left", "side"): _("left side only"), ("right", "side"): _("right side only"),
    }


@functools.lru_cache(maxsize=64)
def side_names(limb: str, language: str = "en") -> dict[str, str]:
    """What the sheet's counter calls the side being worked: "left leg", "right leg"."""
    _, ngettext = gettext_for(language)
    names = {"leg": (_("left leg"), _("right leg")), "arm": (_("left arm"), _("right arm")),
             "side": (_("left side"), _("right side"))}[limb]
    return {"left": names[0], "right": names[1]}


def sides_text(sides: str, limb: str = "side", language: str = "en") -> str:
    return side_words(language)[sides, limb]


def amount_text(dose: Dose, limb: str = "side", language: str = "en") -> str:
    """How much, in words: '3 sets of 8 reps, each leg' or '3–4 holds of 30 seconds'. '' if unsaid.
    A range takes the plural of its larger number ("3–4 sets"), as a reader says it."""
    _, ngettext = gettext_for(language)
    sets = dose.sets and ngettext("%(n)s set", "%(n)s sets", dose.sets.high) % {"n": span_text(dose.sets, language)}
    reps = dose.reps and ngettext("%(n)s rep", "%(n)s reps", dose.reps.high) % {"n": span_text(dose.reps, language)}
    parts = []
    if dose.hold and dose.reps:
        holds = _("%(holds)s of %(time)s") % {
            "holds": ngettext("%(n)s hold", "%(n)s holds", dose.reps.high) % {"n": span_text(dose.reps, language)},
            "time": duration_text(dose.hold, language)}
        parts.append(_("%(sets)s of %(holds)s") % {"sets": sets, "holds": holds} if dose.sets else holds)
    elif dose.hold:
        parts.append(_("hold %(time)s") % {"time": duration_text(dose.hold, language)})
        if dose.sets:
            parts.insert(0, sets)
    elif dose.sets and dose.reps:
        parts.append(_("%(sets)s of %(reps)s") % {"sets": sets, "reps": reps})
    elif dose.reps or dose.sets:
        parts.append(reps or sets)
    if dose.sides:
        parts.append(sides_text(dose.sides, limb, language))
    if dose.load:
        parts.append(_("with %(load)s") % {"load": dose.load})
    if dose.rest:
        rest = {"time": duration_text(dose.rest, language)}
        parts.append(_("rest %(time)s between sets") % rest if dose.sets else
                     _("rest %(time)s between holds") % rest if dose.hold else _("rest %(time)s between reps") % rest)
    return ", ".join(parts)


def days_text(days: tuple[int, ...], language: str = "en") -> str:
    _, ngettext = gettext_for(language)
    names = [calendar_words(language)["weekdays"][d] for d in days]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def often_text(dose: Dose, language: str = "en") -> str:
    """How often: 'once a day', '2–3 times a day', '3 days a week', 'every Mon, Wed and Fri'."""
    _, ngettext = gettext_for(language)
    if dose.per_day:
        if dose.per_day.high == 1:
            return _("once a day")
        return _("%(n)s times a day") % {"n": span_text(dose.per_day, language)}
    if dose.days:
        return _("every day") if len(dose.days) == 7 else _("every %(days)s") % {"days": days_text(dose.days, language)}
    if dose.per_week:
        return ngettext("%(n)s day a week", "%(n)s days a week", dose.per_week.high) % {
            "n": span_text(dose.per_week, language)}
    return ""


def no_dose(language: str = "en") -> str:
    _, ngettext = gettext_for(language)
    return _("Your physiotherapist will set this dose with you")


def dose_text(dose: Dose, limb: str = "side", language: str = "en") -> str:
    """The one way a whole dose is said: '3–4 holds of 30 seconds, 2–3 times a day'."""
    _, ngettext = gettext_for(language)
    said = (amount_text(dose, limb, language) or no_dose(language), often_text(dose, language))
    return ", ".join(p for p in said if p)


def progress_text(dose: Dose, limb: str = "side", language: str = "en") -> str:
    return amount_text(dose.progress_to, limb, language) if dose.progress_to else ""


def kind_words(_=str) -> dict[str, str]:
    """The one table of exercise kinds, each with its words (`_` translates them): validate takes
    the kinds an exercise may have from it."""
    return {"isometric": _("isometric"), "isotonic": _("isotonic"), "stretch": _("stretch"),
            "mobility": _("mobility"), "balance": _("balance"), "plyometric": _("plyometric"),
            "cardio": _("cardio")}


def kind_text(kind: str, language: str = "en") -> str:
    """An exercise's kind as the library lists it."""
    _, ngettext = gettext_for(language)
    return kind_words(_).get(kind, kind)


def group_label(first: int, last: int, language: str = "en") -> str:
    """How the log's columns name a group of cards: "Exercise 1", "Exercises 2–4"."""
    _, ngettext = gettext_for(language)
    if first == last:
        return _("Exercise %(n)s") % {"n": number(first, language)}
    return _("Exercises %(first)s–%(last)s") % {"first": number(first, language), "last": number(last, language)}


def moving_label(frames: list[str], language: str = "en") -> str:
    """What a screen reader says for a moving figure: 'Moving picture: Start: … then Lift: …'."""
    _, ngettext = gettext_for(language)
    said = frames[0]
    for frame in frames[1:]:
        said = _("%(before)s then %(after)s") % {"before": said, "after": frame}
    return _("Moving picture: %(frames)s") % {"frames": said}


# --- dates --------------------------------------------------------------------------------------

def locale_of(language: str) -> str:
    """`en` is written British style (2 November 2026); any CLDR locale such as en_US works too."""
    return "en_GB" if language == "en" else str(known_locale(language) or language)


@functools.lru_cache(maxsize=4096)  # Babel takes ~30 µs a date; a thousand sheets share a few dozen
def long_date(day: datetime.date, language: str = "en") -> str:
    """'2 November 2026', '2 de noviembre de 2026': CLDR's long date of the language."""
    return format_date(day, "long", locale=locale_of(language))


def day_date(day: datetime.date, language: str = "en") -> str:
    """'Tuesday, 3 November', 'martes, 3 de noviembre': the weekday in full (CLDR's short Spanish
    "mar" also means "sea"), then the day and month in the language's order."""
    locale = locale_of(language)
    return f"{format_date(day, 'EEEE', locale=locale)}, {format_skeleton('MMMMd', day, locale=locale)}"


# Languages whose short weekday is another word ("mar", Tuesday in Spanish, is "sea"): their short
# dates name the weekday in full ("martes, 3 nov").
FULL_WEEKDAY = {"es"}


def _weekday_width(language: str) -> str:
    return "EEEE" if locale_of(language).split("_")[0] in FULL_WEEKDAY else "EEE"


@functools.lru_cache(maxsize=4096)
def short_date(day: datetime.date, language: str = "en") -> str:
    """'Mon 2 Nov' (en), 'Mon, Nov 2' (en_US), 'martes, 3 nov' (es): a log row or a review date on a
    phone, in the order and words CLDR gives the language."""
    locale = locale_of(language)
    if _weekday_width(language) == "EEEE":
        return format_skeleton("MMMEd", day, locale=locale).replace(format_date(day, "EEE", locale=locale),
                                                                      format_date(day, "EEEE", locale=locale), 1)
    return format_skeleton("MMMEd", day, locale=locale)


@functools.lru_cache(maxsize=16)
def calendar_words(language: str = "en") -> dict:
    """Weekday (Monday first) and month names for the sheet's script, which names a day only it knows:
    the next day an exercise is due; and the weekdays' initials, for the summary's week grid."""
    monday, locale = datetime.date(2024, 1, 1), locale_of(language)
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    return {"weekdays": [format_date(d, _weekday_width(language), locale=locale) for d in days],
            "initials": [format_date(d, "EEEEEE", locale=locale).capitalize() for d in days],
            "months": [format_date(datetime.date(2024, m, 1), "MMM", locale=locale) for m in range(1, 13)]}
