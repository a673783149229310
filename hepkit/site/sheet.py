"""A patient's sheet as its template sees it: the exercises grouped by how often, the dated log,
and the data the sheet's script runs on (the dose of each card and all its words)."""
from __future__ import annotations

import base64
import dataclasses
import datetime

import markupsafe

from ..content.model import Dose, Patient, Span
from ..content.summary import exercise_tag
from ..i18n.sheet_words import handover_words, pain_rule, script_words
from ..i18n.words import amount_text, calendar_words, dose_text, duration_text, gettext_for, side_names
from .progress import pain_svg, progress, weeks_svg
from .reminders import calendar
from .schedule import LOG_DAYS, Group, last_day, schedule


def log_rows(patient: Patient, groups: list[Group]) -> list[tuple[datetime.date, list]]:
    """One row a day from the start to the day before the review (at most four weeks; two weeks when
    there is no review date): for each group, the number
    of boxes to tick that day and how many of them are optional, or None when it is not due."""
    days = max(1, min((last_day(patient) - patient.start).days + 1, LOG_DAYS))
    rows = []
    for offset in range(days):
        day = patient.start + datetime.timedelta(days=offset)
        rows.append((day, [(g.sessions.high, g.sessions.high - g.sessions.low) if g.due(day) else None
                           for g in groups]))
    return rows


def less_text(dose: Dose, limb: str, language: str) -> str:
    """What "do less" means for this dose, for the pain answer, in the physio's own numbers only
    (hepkit never invents a dose): the lower end of a range the physio wrote ("3 holds of 30
    seconds" for 3–4), else "holds shorter than 45 seconds" or "fewer than 8 reps"."""
    _, ngettext = gettext_for(language)
    if dose.reps and not dose.reps.single:
        return amount_text(dataclasses.replace(dose, reps=Span(dose.reps.low, dose.reps.low)), limb, language)
    if dose.hold and not dose.hold.single:
        return amount_text(dataclasses.replace(dose, hold=Span(dose.hold.low, dose.hold.low)), limb, language)
    if dose.hold:
        return _("holds shorter than %(time)s") % {"time": duration_text(dose.hold, language)}
    if dose.reps and dose.reps.low > 1:
        return ngettext("fewer than %(n)s rep", "fewer than %(n)s reps", dose.reps.low) % {"n": dose.reps.low}
    return ""


def sheet_data(sheet_id: str, patient: Patient, groups: list[Group], rule: dict | None, language: str,
               clinic: str = "") -> dict:
    """What the sheet's script needs, as JSON in the page: the dose of each card and all its words,
    and for the summary it hands to the physio, each exercise's tag (handover/summary.py)."""
    def pair(span):
        return [span.low, span.high] if span else None
    logged = sorted(patient.log.days) if patient.log else []
    return {
        "sheet": sheet_id, "words": script_words(language), "calendar": calendar_words(language),
        "handover": handover_words(language), "clinic": clinic,
        "handedUntil": logged[-1].isoformat() if logged else None,
        "pain": rule and {**rule, "limit": patient.program.pain.acceptable_up_to},
        "start": patient.start.isoformat(), "review": patient.review.isoformat() if patient.review else None,
        "groups": [{"sessions": pair(g.sessions), "days": list(g.days) if g.days else None,
                    "perWeek": pair(g.per_week), "label": g.often, "name": g.label,
                    "due": [g.due_on(weekday) for weekday in range(7)],
                    "cards": [f"ex-{n}" for n, _ in g.items]} for g in groups],
        "cards": {f"ex-{n}": {"id": rx.exercise.id, "title": rx.exercise.title, "sets": pair(rx.dose.sets),
                              "reps": pair(rx.dose.reps), "hold": rx.dose.hold.low if rx.dose.hold else 0,
                              "rest": rx.dose.rest.low if rx.dose.rest else 0,
                              "sides": rx.dose.sides, "sideNames": side_names(rx.exercise.limb, language),
                              "order": rx.dose.order or "one side then the other",
                              "tag": exercise_tag(rx.exercise.id),
                              "dose": dose_text(rx.dose, rx.exercise.limb, language),
                              "less": less_text(rx.dose, rx.exercise.limb, language)}
                  for g in groups for n, rx in g.items},
    }


def sheet_context(patient: Patient, code: str, language: str, clinic: str = "") -> dict:
    groups = schedule(patient, language)
    rule = patient.program.pain and pain_rule(patient.program.pain, language)
    done = progress(patient)
    return {
        "link_home": False, "patient": patient, "groups": groups, "rule": rule,
        "log": log_rows(patient, groups),
        "log_cut": bool(patient.review and (patient.review - patient.start).days > LOG_DAYS),
        "data": sheet_data(code, patient, groups, rule, language, clinic),
        "progress": done, "progress_pictures": done and pictures(done, language),
        "reminders": base64.b64encode(calendar(patient, groups, code, clinic, language)).decode("ascii"),
    }


def pictures(done, language: str) -> tuple:
    """The log's two pictures, named in the sheet's language (for screen readers)."""
    _, ngettext = gettext_for(language)
    return weeks_svg(done, _("Sessions each week"), _("Week")), pain_svg(done, _("Pain day by day"))


def reminders_context(patient: Patient, code: str, language: str, clinic: str) -> dict:
    """The reminders file written beside the sheet, for a physio who sends files."""
    text = calendar(patient, schedule(patient, language), code, clinic, language).decode("utf-8")
    return {"ics": markupsafe.Markup(text)}
