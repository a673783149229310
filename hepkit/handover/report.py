"""`hepkit report`: one private page per patient with a log (adherence, pain against the program's
rule, the move-on criteria of their phase against the log) and one overview of every patient,
those who need a call first. Written to reports/ (0700, git-ignored), never inside output/ and
never linked from it; file names are sheet codes, so a name shows only inside the pages."""
from __future__ import annotations

import datetime
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, ContentErrors
from ..files import create_file
from ..i18n.words import short_date
from ..pipeline import Builtins, check
from ..salt import with_salt
from ..site.environment import environment
from ..site.paths import sheet_code
from ..site.progress import Progress, pain_svg, progress, weeks_svg

RECENT = 14  # days: "lately", for the flags and the move-on criteria unless a criterion says more
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@dataclass
class Criterion:
    text: str
    met: bool | None  # None: the log cannot say (the physio asks)
    why: str


@dataclass
class Row:
    patient: object
    code: str
    progress: Progress | None
    flags: list[str] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    pictures: tuple = ()

    @property
    def urgency(self) -> tuple:
        return (-len(self.flags), self.progress is None, self.patient.name.lower())


def _recent(dates: list[datetime.date], last: datetime.date, days: int = RECENT) -> list[datetime.date]:
    return [d for d in dates if (last - d).days < days]


def flags_of(p: Progress, today: datetime.date, language: str = "en") -> list[str]:
    """What asks for a call, most pressing first (each a plain sentence for the overview)."""
    def day(date):
        return short_date(date, language)
    flags = []
    over = _recent(p.over, p.last)
    if over:
        flags.append(f"pain during the exercises above {p.limit} on {len(over)} day{'s' * (len(over) > 1)} "
                     f"in the last {RECENT} days (last on {day(over[-1])})")
    unsettled = _recent(p.unsettled, p.last)
    if len(unsettled) >= 2:
        flags.append(f"morning pain not settled on {len(unsettled)} days in the last {RECENT} days")
    if _recent(p.building, p.last, 7):
        flags.append("morning pain going up day after day")
    if p.adherence is not None and p.adherence < 50:
        flags.append(f"did {p.adherence} % of the sessions due")
    if (today - p.last).days > 7:
        flags.append(f"nothing handed over since {day(p.last)} ({(today - p.last).days} days)")
    return flags


PAIN_AT_MOST = re.compile(r"(?:pain[^,;.]*?)(?:at most|up to|no more than|≤|<=)\s*(\d+)|(\d+)(?: out of 10)? or less",
                          re.IGNORECASE)
WEEKS = re.compile(r"for (\d+|one|two|three|four) weeks?", re.IGNORECASE)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}


def criterion(text: str, p: Progress) -> Criterion:
    """A move-on line checked against the log where it has a number in it (or says "the pain
    rules", whose numbers the program gives); otherwise the log cannot say."""
    weeks = WEEKS.search(text)
    window = 7 * (int(weeks[1]) if weeks[1].isdigit() else NUMBER_WORDS[weeks[1].lower()]) if weeks else RECENT
    rated = [d for d in p.days if p.days[d].during is not None and (p.last - d).days < window]
    covered = (p.last - p.first).days + 1 >= window
    found = PAIN_AT_MOST.search(text)
    if found:
        most = int(found[1] or found[2])
        high = [d for d in rated if p.days[d].during > most]
        return _judged(text, covered, window, not high and bool(rated),
                       f"pain during the exercises above {most} on {len(high)} of {len(rated)} days rated"
                       if high else f"pain during the exercises at most {most} on all {len(rated)} days rated")
    if re.search(r"pain rules|pain stays within", text, re.IGNORECASE) and p.limit is not None:
        high = [d for d in rated if p.days[d].during > p.limit]
        unsettled = [d for d in p.unsettled if (p.last - d).days < window]
        return _judged(text, covered, window, not high and not unsettled and bool(rated),
                       f"pain above {p.limit} on {len(high)} days, mornings not settled on {len(unsettled)}, "
                       f"of {len(rated)} days rated")
    return Criterion(text, None, "the log cannot show this: ask at the visit")


def _judged(text: str, covered: bool, window: int, met: bool, why: str) -> Criterion:
    if not covered:
        return Criterion(text, None, f"{why}; the log covers less than the {window // 7} weeks this asks for")
    return Criterion(text, met, why)


def _reports_folder(content: str, output: str, chosen: str | None) -> Path:
    """reports/ beside the output folder, or the one chosen: never inside output/ (which is sent and
    published), nor inside the content but as a clinic folder's own reports/ (load skips that one)."""
    folder = Path(chosen) if chosen else Path(os.path.relpath(Path(output).resolve().parent / "reports"))
    where, out, inside = folder.resolve(), Path(output).resolve(), Path(content).resolve()
    if where == out or where.is_relative_to(out):
        raise ContentErrors([ContentError(str(folder), 1, "reports may not go inside the output folder, which is "
                                          "sent and published", "choose a folder outside it with --reports DIR")])
    if where.is_relative_to(inside) and not (where.parent == inside and where.name == "reports"):
        raise ContentErrors([ContentError(str(folder), 1, "reports may not go inside the content folder",
                                          "choose a folder beside it with --reports DIR")])
    return folder


def write_reports(content: str, output: str, chosen: str | None, today: datetime.date | None = None) -> int:
    library = with_salt(check(content), content)
    today = today or datetime.date.today()
    folder = _reports_folder(content, output, chosen)
    rows = []
    for patient in library.patients.values():
        p = progress(patient)
        row = Row(patient, sheet_code(library.site.sheet_salt, patient.id), p)
        if p is not None:
            row.flags = flags_of(p, today, library.site.language)
            row.criteria = [criterion(text, p) for text in patient.phase.move_on_when]
            row.pictures = (weeks_svg(p, "Sessions each week", "Week"), pain_svg(p, "Pain day by day"))
        rows.append(row)
    rows.sort(key=lambda r: r.urgency)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    builtins = Builtins()
    env = environment(builtins.templates, library.site.language)
    shared = {"site": library.site, "csp": CSP, "style": (builtins.static / "hepkit.css").read_text(encoding="utf-8"),
              "page_lang": library.site.language, "address": "", "link_home": False, "today": today}
    written = 0
    for row in rows:
        if row.progress is None:
            continue
        html = env.get_template("report.html").render(**shared, row=row)
        _private_write(folder / f"{row.code}.html", html)
        written += 1
    _private_write(folder / "index.html", env.get_template("reports_index.html").render(**shared, rows=rows))
    waiting = sum(1 for r in rows if r.flags)
    print(f"Wrote {written} report{'s' * (written != 1)} and an overview: open {folder / 'index.html'} "
          f"({waiting} patient{'s' * (waiting != 1)} flagged for a call). The folder is private: do not send it.")
    if not written:
        print("No patient has a log yet: add one with `log add PATIENT_FILE`.", file=sys.stderr)
    return 0


def _private_write(path: Path, text: str) -> None:
    """A report, owner-only, never written through a link planted in the folder."""
    create_file(path, text.encode("utf-8"), mode=0o600)
