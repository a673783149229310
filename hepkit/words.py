"""The words a patient reads that hepkit writes itself: doses, how often, the pain rule, dates,
and the sheet script's buttons. One place, so a dose or a pain rule reads the same everywhere.

Clinical words (what an exercise is, what to avoid) come from the physio's content, never from here.
"""
from __future__ import annotations

import datetime
import functools

from babel.dates import format_date

from .model import Dose, PainGuidance, Span

# --- numbers and times --------------------------------------------------------------------------

def span_text(span: Span) -> str:
    return str(span.low) if span.single else f"{span.low}–{span.high}"


def counted(span: Span, one: str, many: str) -> str:
    return f"{span_text(span)} {one if span.high == 1 else many}"


def duration_text(span: Span) -> str:
    """30 seconds, 2 minutes, 1 minute 30 seconds, 20–30 seconds."""
    if span.low % 60 == 0 and span.high % 60 == 0:
        return counted(Span(span.low // 60, span.high // 60), "minute", "minutes")
    if span.single and span.low > 60:
        minutes, seconds = divmod(span.low, 60)
        return f"{counted(Span(minutes, minutes), 'minute', 'minutes')} {counted(Span(seconds, seconds), 'second', 'seconds')}"
    return counted(span, "second", "seconds")


# --- doses --------------------------------------------------------------------------------------

LIMBS = {"leg": ("leg", "legs"), "arm": ("arm", "arms"), "side": ("side", "sides")}


def sides_text(sides: str, limb: str = "side") -> str:
    one, many = LIMBS[limb]
    return {"each": f"each {one}", "both": f"both {many} together", "left": f"left {one} only",
            "right": f"right {one} only"}[sides]


def amount_text(dose: Dose, limb: str = "side") -> str:
    """How much, in words: '3 sets of 8 reps, each leg' or '3–4 holds of 30 seconds'. '' if unsaid."""
    parts = []
    if dose.hold and dose.reps:
        holds = f"{counted(dose.reps, 'hold', 'holds')} of {duration_text(dose.hold)}"
        parts.append(f"{counted(dose.sets, 'set', 'sets')} of {holds}" if dose.sets else holds)
    elif dose.hold:
        parts.append(f"hold {duration_text(dose.hold)}")
        if dose.sets:
            parts.insert(0, counted(dose.sets, "set", "sets"))
    elif dose.sets and dose.reps:
        parts.append(f"{counted(dose.sets, 'set', 'sets')} of {counted(dose.reps, 'rep', 'reps')}")
    elif dose.reps:
        parts.append(counted(dose.reps, "rep", "reps"))
    elif dose.sets:
        parts.append(counted(dose.sets, "set", "sets"))
    if dose.sides:
        parts.append(sides_text(dose.sides, limb))
    if dose.load:
        parts.append(f"with {dose.load}")
    if dose.rest:
        parts.append(f"rest {duration_text(dose.rest)} between {'sets' if dose.sets else 'reps'}")
    return ", ".join(parts)


def days_text(days: tuple[int, ...], language: str = "en") -> str:
    names = [calendar_words(language)["weekdays"][d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def often_text(dose: Dose) -> str:
    """How often: 'once a day', '2–3 times a day', '3 days a week', 'every Mon, Wed and Fri'."""
    if dose.per_day:
        return "once a day" if dose.per_day.high == 1 else f"{span_text(dose.per_day)} times a day"
    if dose.days:
        return "every day" if len(dose.days) == 7 else f"every {days_text(dose.days)}"
    if dose.per_week:
        return counted(dose.per_week, "day a week", "days a week")
    return ""


NO_DOSE = "Your physiotherapist will set this dose with you"


def dose_text(dose: Dose, limb: str = "side") -> str:
    """The one way a whole dose is said: '3–4 holds of 30 seconds, 2–3 times a day'."""
    return ", ".join(p for p in (amount_text(dose, limb) or NO_DOSE, often_text(dose)) if p)


def progress_text(dose: Dose, limb: str = "side") -> str:
    return amount_text(dose.progress_to, limb) if dose.progress_to else ""


# --- dates --------------------------------------------------------------------------------------

def locale_of(language: str) -> str:
    """`en` is written British style (2 November 2026); any CLDR locale such as en_US works too."""
    return "en_GB" if language == "en" else language


@functools.lru_cache(maxsize=4096)  # Babel takes ~30 µs a date; a thousand sheets share a few dozen
def long_date(day: datetime.date, language: str = "en") -> str:
    return format_date(day, "d MMMM y", locale=locale_of(language))


SHORT_DATE = "EEE d MMM"


@functools.lru_cache(maxsize=4096)
def short_date(day: datetime.date, language: str = "en") -> str:
    """'Mon 2 Nov': a log row or a review date on a phone."""
    return format_date(day, SHORT_DATE, locale=locale_of(language))


@functools.lru_cache(maxsize=16)
def calendar_words(language: str = "en") -> dict:
    """Weekday (Monday first) and month names for the sheet's script, which names a day only it knows:
    the next day an exercise is due."""
    monday, locale = datetime.date(2024, 1, 1), locale_of(language)
    return {"weekdays": [format_date(monday + datetime.timedelta(days=n), "EEE", locale=locale) for n in range(7)],
            "months": [format_date(datetime.date(2024, m, 1), "MMM", locale=locale) for m in range(1, 13)]}


# --- the pain rule ------------------------------------------------------------------------------

def pain_rule(pain: PainGuidance) -> dict[str, str]:
    """Every sentence of the program's one pain rule (the pain-monitoring model), from its one limit.

    The pain box, each card's stop line, the call box and the sheet's pain answers all come from
    here, so they cannot disagree.
    """
    n = pain.acceptable_up_to
    return {
        "title": "Pain: what is OK",
        "during": f"During the exercises, pain up to {n} out of 10 is OK.",
        "after": "After exercising, the pain should be back to its usual level by the next morning.",
        "weeks": "From week to week, pain and stiffness should not build up.",
        "over": f"If the pain goes above {n} out of 10, stop that exercise for today. "
                "Next time do less: fewer reps or shorter holds.",
        "stop": f"Stop for today if the pain goes above {n} out of 10.",
        "call": "your pain has not settled by the next morning, even after you did less, "
                "or your pain or stiffness keeps building up from week to week",
        "model": "This way of checking pain comes from research on Achilles tendon pain. "
                 "Physiotherapists use it for other tendons too.",
        "scale": "0 means no pain. 10 means the worst pain you can imagine.",
        # The sheet's 0-10 buttons answer with these ({n} is the score the patient tapped).
        "ask_during": "How much pain did you have during today's exercises?",
        "ok_during": f"{{n}} out of 10 is OK: up to {n} is fine. See how it feels tomorrow morning.",
        "high_during": f"{{n}} out of 10 is more than {n}. Stop for today. Next time do less: fewer reps or "
                       "shorter holds. If it has not settled by tomorrow morning, call the clinic.",
        "ask_morning": "How is your pain this morning?",
        "ok_morning": "{n} out of 10: your pain has settled. Carry on as planned.",
        "worse_morning": "{n} out of 10 is more than yesterday morning ({before}). It has not settled: do less "
                         "today. If it is still up tomorrow morning, call the clinic.",
        "high_morning": f"{{n}} out of 10 is more than {n}. It has not settled: do less today, and call the "
                        "clinic if it is not better tomorrow morning.",
    }


# --- the sheet script's words -------------------------------------------------------------------

SCRIPT = {
    "start_hold": "Start hold", "pause": "Pause", "carry_on": "Carry on", "stop_hold": "Stop this hold",
    "get_ready": "Get ready", "add_rep": "+1 rep", "add_extra": "+1 extra rep", "undo": "Undo",
    "next_set": "Next set", "next_side": "Next: {side}", "again": "Start this exercise again",
    "set_of": "Set {set} of {sets}", "rep_of": "{done} of {target}", "hold_of": "Hold {done} of {target}",
    "extra": "you may do {more} more", "done": "Done ✓",
    "next_session": "Start session {n}", "left": "left {limb}", "right": "right {limb}",
    "time_left": "Hold time left", "session": "Session {n}", "session_extra": "Session {n} (if you can)",
    "sessions_status": "{done} of {target} done today", "sessions_done": "All of today's sessions done ✓",
    "week_status": "{done} of {target} days this week", "not_today": "Not due today. Next: {day}",
    "tick": "Done today", "tick_lead": "Tick each session when you have done these exercises:",
    "cleared": "Some saved progress on this phone could not be read, so it was cleared.",
    "no_storage": "This browser cannot save your progress, so it goes when you close the page.",
    "timer_of": "Hold timer for {title}", "date": "{weekday} {day} {month}",
}
