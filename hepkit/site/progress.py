"""What a patient's log says, in numbers and in two small static pictures: sessions week by week
and pain day by day against the program's limit. The next sheet shows them to the patient (no
script needed); `hepkit report` shows them to the physio with the flags that ask for a call.

"Settled" follows the sheet's pain answers: a morning is not settled when its rating is above the
program's limit, or above the patient's usual morning level (the middle of the week's earlier
mornings)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import markupsafe

from ..content.model import LoggedDay, Patient

DAY = datetime.timedelta(days=1)


@dataclass
class Week:
    monday: datetime.date
    done: int = 0
    due: int = 0


@dataclass
class Progress:
    first: datetime.date
    last: datetime.date
    weeks: list[Week] = field(default_factory=list)
    done: int = 0
    due: int = 0
    over: list[datetime.date] = field(default_factory=list)  # pain during above the limit
    unsettled: list[datetime.date] = field(default_factory=list)  # mornings that had not settled
    building: list[datetime.date] = field(default_factory=list)  # a third morning in a row higher than the last
    rated: int = 0
    limit: int | None = None
    days: dict[datetime.date, LoggedDay] = field(default_factory=dict)

    @property
    def adherence(self) -> int | None:
        """Sessions done of sessions due, in per cent (a session beyond the due ones does not count)."""
        return round(100 * self.done / self.due) if self.due else None


def _median_before(days: dict, day: datetime.date) -> int | None:
    seen = sorted(days[d].morning for d in (day - n * DAY for n in range(1, 8)) if d in days and
                  days[d].morning is not None)
    return seen[(len(seen) - 1) // 2] if seen else None


def progress(patient: Patient) -> Progress | None:
    """The numbers of a patient's log, from the start to the last day logged; None without a log."""
    log = patient.log
    if not log or not log.days:
        return None
    limit = patient.program.pain.acceptable_up_to if patient.program.pain else None
    days = log.days
    first, last = min(min(days), patient.start), max(days)
    result = Progress(first, last, limit=limit, days=days)
    monday = first - first.weekday() * DAY
    while monday <= last:
        week = Week(monday)
        weekly: dict[str, tuple[int, int]] = {}  # exercise done N times a week: (days done, N)
        for offset in range(7):
            day = days.get(monday + offset * DAY)
            if day is None:
                continue
            for exercise, (done, due, per_week) in day.sessions.items():
                if per_week:
                    seen = weekly.get(exercise, (0, per_week))
                    weekly[exercise] = (seen[0] + (done > 0), per_week)
                else:
                    week.done += min(done, due)
                    week.due += due
        covered = sum(first <= monday + offset * DAY <= last for offset in range(7))
        for done, per_week in weekly.values():  # a week the log covers only in part asks that part
            due = round(per_week * covered / 7)
            week.done += min(done, due)
            week.due += due
        result.weeks.append(week)
        result.done += week.done
        result.due += week.due
        monday += 7 * DAY
    for date in sorted(days):
        day = days[date]
        if day.during is not None:
            result.rated += 1
            if limit is not None and day.during > limit:
                result.over.append(date)
        if day.morning is not None:
            usual = _median_before(days, date)
            if (limit is not None and day.morning > limit) or (usual is not None and day.morning > usual):
                result.unsettled.append(date)
            before = [days.get(date - n * DAY) for n in (1, 2)]
            if all(b is not None and b.morning is not None for b in before) and \
                    day.morning > before[0].morning > before[1].morning:
                result.building.append(date)
    return result


# --- the two pictures, as static SVG -------------------------------------------------------------

def weeks_svg(p: Progress, label: str, week_word: str) -> markupsafe.Markup:
    """One bar a week: sessions done of sessions due (the grey is what was due)."""
    width, height = 300, 90
    slot = min(42.0, (width - 10) / max(len(p.weeks), 1))  # every week fits, however long the log
    bar = slot * 0.7
    top = max([w.due for w in p.weeks] + [1])
    parts = [f'<svg class="progress-weeks" viewBox="0 0 {width} {height + 30}" role="img" '
             f'aria-label="{markupsafe.escape(label)}">']
    for i, week in enumerate(p.weeks):
        x = round(10 + i * slot, 1)
        due_h, done_h = height * week.due / top, height * week.done / top
        parts.append(f'<rect class="due" x="{x}" y="{height - due_h:.1f}" width="{bar:.1f}" height="{due_h:.1f}"/>')
        parts.append(f'<rect class="done" x="{x}" y="{height - done_h:.1f}" width="{bar:.1f}" height="{done_h:.1f}"/>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height + 12}" text-anchor="middle">'
                     f'{markupsafe.escape(week_word) + " " if slot >= 40 else ""}{i + 1}</text>')  # narrow: "9"
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height + 24}" text-anchor="middle">'
                     f'{week.done}/{week.due}</text>')
    parts.append("</svg>")
    return markupsafe.Markup("".join(parts))


def pain_svg(p: Progress, label: str) -> markupsafe.Markup:
    """Pain during (solid) and on waking (dotted) day by day, and the limit (dashed red)."""
    width, height, left = 300, 100, 22
    span = max((p.last - p.first).days, 1)

    def x(date):
        return left + (width - left - 6) * (date - p.first).days / span

    def y(value):
        return 6 + (10 - value) * (height - 12) / 10
    parts = [f'<svg class="progress-pain" viewBox="0 0 {width} {height + 8}" role="img" '
             f'aria-label="{markupsafe.escape(label)}">']
    for value in (0, 5, 10):
        parts.append(f'<text x="{left - 5}" y="{y(value) + 3:.1f}" text-anchor="end">{value}</text>'
                     f'<line class="axis" x1="{left}" x2="{width - 6}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
    if p.limit is not None:
        parts.append(f'<line class="limit" x1="{left}" x2="{width - 6}" y1="{y(p.limit):.1f}" '
                     f'y2="{y(p.limit):.1f}"/>')
    for kind in ("during", "morning"):
        points = [(x(d), y(getattr(p.days[d], kind)), getattr(p.days[d], kind)) for d in sorted(p.days)
                  if getattr(p.days[d], kind) is not None]
        if len(points) > 1:
            joined = " ".join(f"{a:.1f},{b:.1f}" for a, b, _ in points)
            parts.append(f'<polyline class="series {kind}" points="{joined}"/>')
        for a, b, value in points:
            over = kind == "during" and p.limit is not None and value > p.limit
            parts.append(f'<circle class="dot {kind}{" over" if over else ""}" cx="{a:.1f}" cy="{b:.1f}" '
                         f'r="{4 if over else 3}"/>')
    parts.append("</svg>")
    return markupsafe.Markup("".join(parts))
