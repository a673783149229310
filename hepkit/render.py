"""Stage 3: decide which pages exist, then render each one to bytes in memory.

Markdown bodies are converted once per build (and cached by text across `serve` rebuilds), so
rendering a thousand sheets does not convert an exercise a thousand times.
"""
from __future__ import annotations

import base64
import hashlib
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
from markdown.treeprocessors import Treeprocessor

from .errors import ContentError, ContentErrors
from .figure import draw
from .model import Dose, Library, Span

_markdown_cache: dict[str, str] = {}
_SAFE_HREF = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    """Links only to web pages, e-mail, phone or within the site (no `javascript:`); images only
    as `data:` URLs, since any other image would be fetched from the network. Others become text."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and not _SAFE_HREF.match(element.get("href", "").strip()):
                element.attrib.pop("href", None)
            elif element.tag == "img" and not element.get("src", "").startswith("data:"):
                alt = element.get("alt", "")
                element.tag, element.text = "span", f"[picture: {alt}]" if alt else ""
                element.attrib.clear()


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off: a `<script>` in a body shows as text."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "hepkit_safe_links", 1)  # after inline parsing
    return md.convert(text)


def _bodies(library: Library) -> dict[str, str]:
    """Every Markdown body as HTML, keyed 'exercise:<id>' / 'condition:<id>'. Converted once per
    build, reused across `serve` rebuilds while the text is unchanged; the cache keeps only what
    this build used, so a long session does not grow it."""
    texts = {f"exercise:{e.id}": e.body for e in library.exercises.values()}
    texts.update({f"condition:{c.id}": c.body for c in library.conditions.values()})
    used = {text: _markdown_cache[text] if text in _markdown_cache else markdown_to_html(text)
            for text in texts.values()}
    _markdown_cache.clear()
    _markdown_cache.update(used)
    return {key: used[text] for key, text in texts.items()}


# --- dose in words ----------------------------------------------------------------------------

def _span(span: Span) -> str:
    return str(span.low) if span.single else f"{span.low}–{span.high}"


def _counted(span: Span, one: str, many: str) -> str:
    return f"{_span(span)} {one if span.high == 1 else many}"


def duration_text(span: Span) -> str:
    if span.low % 60 == 0 and span.high % 60 == 0:
        return _counted(Span(span.low // 60, span.high // 60), "minute", "minutes")
    if span.single and span.low > 60:
        minutes, seconds = divmod(span.low, 60)
        return (f"{_counted(Span(minutes, minutes), 'minute', 'minutes')} "
                f"{_counted(Span(seconds, seconds), 'second', 'seconds')}")
    return _counted(span, "second", "seconds")


SIDES_TEXT = {"each": "each side", "both": "both sides together", "left": "left side only",
              "right": "right side only"}


def amount_text(dose: Dose) -> str:
    """How much, in words: '3 sets of 8 reps, hold 30 seconds, each side'. '' if nothing is set."""
    parts = []
    if dose.sets and dose.reps:
        parts.append(f"{_counted(dose.sets, 'set', 'sets')} of {_counted(dose.reps, 'rep', 'reps')}")
    elif dose.reps:
        parts.append(_counted(dose.reps, "rep", "reps"))
    elif dose.sets:
        parts.append(_counted(dose.sets, "set", "sets"))
    if dose.hold:
        parts.append(f"hold {duration_text(dose.hold)}")
    if dose.sides:
        parts.append(SIDES_TEXT[dose.sides])
    if dose.load:
        parts.append(f"with {dose.load}")
    if dose.rest:
        parts.append(f"rest {duration_text(dose.rest)}")
    return ", ".join(parts)


def often_text(dose: Dose) -> str:
    if dose.per_day:
        return "once a day" if dose.per_day.high == 1 else f"{_span(dose.per_day)} times a day"
    if dose.per_week:
        return _counted(dose.per_week, "day a week", "days a week")
    return ""


def dose_text(dose: Dose) -> str:
    """The one way a dose is said everywhere: '3–4 reps, hold 30 seconds, 2–3 times a day'."""
    amount = amount_text(dose)
    if not amount:
        amount = "Your physiotherapist will set this dose with you"
    return ", ".join(p for p in (amount, often_text(dose)) if p)


def progress_text(dose: Dose) -> str:
    return amount_text(dose.progress_to) if dose.progress_to else ""


# --- which pages exist -------------------------------------------------------------------------

@dataclass
class Page:
    path: str  # relative to output/
    template: str
    context: dict


def sheet_name(salt: str, patient_id: str) -> str:
    """A sheet's file name: a salted hash, so neither the name nor the file id can be read off it."""
    digest = hashlib.sha256(f"{salt}\0{patient_id}".encode()).hexdigest()[:20]
    return f"sheets/{digest}.html"


def plan(library: Library) -> list[Page]:
    """Every page the site has, each with what its template needs. Patients appear only on their sheet."""
    pages = [Page("index.html", "index.html", {"link_home": False})]
    for program in library.programs.values():
        references = list(program.condition.references) if program.condition else []
        if program.pain and program.pain.reference:
            references.append(program.pain.reference)
        pages.append(Page(f"handouts/{program.id}.html", "handout.html",
                          {"link_home": True, "program": program, "references": references}))
    for exercise in library.exercises.values():
        used_in = [(program, phase, rx) for program in library.programs.values() for phase in program.phases
                   for rx in phase.exercises if rx.exercise is exercise]
        pages.append(Page(f"exercises/{exercise.id}.html", "exercise.html",
                          {"link_home": True, "exercise": exercise, "used_in": used_in}))
    for patient in library.patients.values():
        name = sheet_name(library.site.sheet_salt, patient.id)
        per_day = [rx.dose.per_day.high for rx in patient.exercises if rx.dose.per_day]
        often = {often_text(rx.dose) for rx in patient.exercises}
        pages.append(Page(name, "sheet.html", {
            "link_home": False, "patient": patient,
            "sheet_id": name.removeprefix("sheets/").removesuffix(".html"),
            "sessions": max(per_day, default=1),
            "often": often.pop() if len(often) == 1 else "",
        }))
    return sorted(pages, key=lambda p: p.path)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def long_date(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- rendering ---------------------------------------------------------------------------------

def _demote(html: str, by: int) -> str:
    """Shift headings down so a body's `##` sits under the card's own heading."""
    return re.sub(r"<(/?)h([1-6])", lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}", html)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(dose_text=dose_text, amount_text=amount_text, often_text=often_text,
                       progress_text=progress_text, duration_text=duration_text,
                       url=lambda s: urllib.parse.quote(s), demote=_demote,
                       long_date=long_date)
    return env


def render(library: Library, templates_dir: Path, static_dir: Path) -> dict[str, bytes]:
    """Every page of the site as {relative path: bytes}. Raises ContentErrors on template errors."""
    try:
        env = environment(templates_dir)
        style = (static_dir / "hepkit.css").read_text(encoding="utf-8")
        script = (static_dir / "sheet.js").read_text(encoding="utf-8")
        bodies = _bodies(library)
        figures = {e.id: draw(e.illustration) for e in library.exercises.values() if e.illustration}
        shared = {
            "site": library.site, "library": library, "bodies": bodies, "figures": figures,
            "style": style, "script": script,
            "csp": f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   f"script-src '{_csp_hash(script)}'; base-uri 'none'; form-action 'none'",
        }
        templates = {}
        files = {}
        for page in plan(library):
            if page.template not in templates:
                templates[page.template] = env.get_template(page.template)
            html = templates[page.template].render(**shared, **page.context)
            files[page.path] = html.encode("utf-8")
        return files
    except jinja2.TemplateSyntaxError as e:
        raise ContentErrors([ContentError(str(Path(templates_dir) / (e.name or "?")), e.lineno or 1,
                                          f"template error: {e.message}", "fix the template syntax")]) from e
    except (jinja2.TemplateError, OSError) as e:
        raise ContentErrors([ContentError(str(templates_dir), 1, f"template error: {e}",
                                          "fix the template or restore it from git")]) from e
