"""When a patient's exercises are due: grouped by how often (one group is said once, "do these
2–3 times a day"), and the days the printed log and the reminders cover. The sheet, its log and its
calendar file all read it, so they cannot disagree."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.model import Patient, Prescription, Span
from ..i18n.words import group_label, often_text


@dataclass
class Group:
    """Exercises of a sheet done equally often, e.g. all those done 2–3 times a day."""

    often: str
    label: str  # "Exercise 1" or "Exercises 2–4": how the log's columns name the group
    sessions: Span  # sessions on a day it is due
    days: tuple[int, ...] | None
    per_week: Span | None
    items: list[tuple[int, Prescription]]  # (card number, prescription)

    def due_on(self, weekday: int) -> bool:
        """Due on this weekday (0 = Monday). The one rule: the printed log, the reminders and the
        sheet's script (given the seven answers) all ask it."""
        return self.days is None or weekday in self.days

    def due(self, day: datetime.date) -> bool:
        return self.due_on(day.weekday())


def schedule(patient: Patient, language: str = "en") -> list[Group]:
    """The sheet's exercises grouped by how often, groups in order of first appearance; the card
    numbers follow that order, so "do these 2–3 times a day" is said once for the whole group."""
    groups: dict[tuple, Group] = {}
    for rx in patient.exercises:
        d = rx.dose
        key = (d.per_day, d.per_week, d.days)
        if key not in groups:
            groups[key] = Group(often_text(d, language), "", d.sessions or Span(1, 1), d.days, d.per_week, [])
        groups[key].items.append(rx)
    number = 0
    for group in groups.values():
        numbered = []
        for rx in group.items:
            number += 1
            numbered.append((number, rx))
        group.items = numbered
        first, last = numbered[0][0], numbered[-1][0]
        group.label = group_label(first, last, language)
    return list(groups.values())


LOG_DAYS = 28  # four weeks fit one printed page; a longer plan gets a new sheet at review


def last_day(patient: Patient) -> datetime.date:
    """The last day the log and the reminders cover: the day before the review, or two weeks from
    the start without one (a longer plan gets a new sheet at review)."""
    if patient.review:
        return patient.review - datetime.timedelta(days=1)
    return patient.start + datetime.timedelta(days=13)
