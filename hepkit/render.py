"""Stage 3: decide which pages exist, then render each one to bytes in memory.

Markdown bodies are converted once per build (and cached by text across `serve` rebuilds), so
rendering a thousand sheets does not convert an exercise a thousand times.
"""
from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import html
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2
import markupsafe
import markdown
from markdown.treeprocessors import Treeprocessor

from .cache import CODE, digest
from .errors import ContentError, ContentErrors
from .figure import animate, draw
from .poses import JOINT_LIMITS
from .model import Library, Patient, Prescription, Span
from .words import (SCRIPT, amount_text, calendar_words, dose_text, duration_text, long_date, often_text, pain_rule, progress_text,
                    short_date)

_SAFE_HREF = re.compile(r"^(https?:|mailto:|tel:|#|[^:]*$)", re.IGNORECASE)


def safe_href(href: str) -> bool:
    """Only http(s), mailto, tel and links within the site. Checked as the browser will read it:
    entities decoded (`javascript&#58;` is `javascript:`) and tabs, newlines and controls dropped."""
    seen = None
    while seen != href:  # &amp;#58; decodes twice
        seen, href = href, html.unescape(href)
    plain = re.sub(r"[\x00-\x20\x7f]", "", href)
    return bool(_SAFE_HREF.match(plain))


class _SafeLinks(Treeprocessor):
    """Links only to web pages, e-mail, phone or within the site (no `javascript:`); images only
    as `data:` URLs, since any other image would be fetched from the network. Others become text."""

    def run(self, root):
        for element in root.iter():
            if element.tag == "a" and not safe_href(element.get("href", "")):
                element.attrib.pop("href", None)
            elif element.tag == "img" and not element.get("src", "").startswith("data:"):
                alt = element.get("alt", "")
                element.tag, element.text = "span", f"[picture: {alt}]" if alt else ""
                element.attrib.clear()


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "hepkit_safe_links", 1)  # after inline parsing
    return md


_md = _converter()  # one converter, reset before each text: building one costs more than a short body


def markdown_to_html(text: str) -> str:
    """Markdown to HTML with raw HTML switched off: a `<script>` in a body shows as text."""
    return _md.reset().convert(text)


@dataclass(frozen=True)
class Body:
    """An exercise's Markdown as the card shows it: the steps open, every other section folded."""

    intro: str
    steps_title: str
    steps: str
    more: tuple[tuple[str, str], ...]  # (section title, html)


STEP_TITLES = {"steps", "how to do it", "movement", "what to do"}
_H2 = re.compile(r"<h2>(.*?)</h2>\n?", re.S)


@functools.lru_cache(maxsize=4096)
def split_body(html: str) -> Body:
    """Cut at each `##` heading. The section called Steps (or Movement, or the first with a numbered
    list) is the card's open part; the rest goes under "More about this exercise"."""
    parts = _H2.split(html)
    intro, sections = parts[0].strip(), [(re.sub(r"<[^>]+>", "", parts[i]).strip(), parts[i + 1].strip())
                                         for i in range(1, len(parts), 2)]
    chosen = next((s for s in sections if s[0].lower() in STEP_TITLES), None)
    chosen = chosen or next((s for s in sections if "<ol" in s[1]), None)
    if chosen is None:
        return Body(intro, "", "", tuple(sections))
    return Body(intro, chosen[0], chosen[1], tuple(s for s in sections if s is not chosen))


def _bodies(library: Library, cache) -> dict[str, str]:
    """Every Markdown body as HTML, keyed 'exercise:<id>' / 'condition:<id>'. Each text is converted
    once, then kept in the build cache by its hash, so only edited texts are converted again."""
    texts = {f"exercise:{e.id}": e.body for e in library.exercises.values()}
    texts.update({f"condition:{c.id}": c.body for c in library.conditions.values()})
    bodies = {}
    for key, text in texts.items():
        text_key = digest(text)
        html = cache.get("markdown", text_key) if cache else None
        if html is None:
            html = markdown_to_html(text)
            if cache:
                cache.put("markdown", text_key, html)
        bodies[key] = html
    return bodies


def _figures(library: Library, cache) -> dict[str, list]:
    """Every illustration drawn, still frames and moving, kept in the build cache by its poses."""
    figures = {}
    for exercise in library.exercises.values():
        if exercise.illustration is None:
            continue
        key = digest(repr(exercise.illustration))
        drawn = cache.get("figures", key) if cache else None
        if drawn is None:
            drawn = {"frames": [list(panel) for panel in draw(exercise.illustration)],
                     "moving": animate(exercise.illustration, f"m{key[:8]}")}
            if cache:
                cache.put("figures", key, drawn)
        figures[exercise.id] = drawn
    return figures


# --- which pages exist -------------------------------------------------------------------------

@dataclass
class Page:
    path: str  # relative to output/
    template: str
    context: dict | Callable[[], dict]  # a function when it is costly: made only if the page is rendered
    sources: tuple[str, ...] = ()  # the content files it is made from (besides site.yaml and templates)
    key: str = ""  # a hash of all of them: the page is rendered again only when it changes


def _slug(text: str, longest: int = 24) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > longest:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "clinic"


def sheet_name(site, patient_id: str) -> str:
    return _sheet_name(site.clinic, site.sheet_salt, patient_id)


@functools.lru_cache(maxsize=65536)
def _sheet_name(clinic: str, salt: str, patient_id: str) -> str:
    """A sheet's file name: the clinic, then a salted hash, so that the name says what the file is
    ("riverbend-physio-exercises-…") but neither the patient's name nor their file id can be read off it."""
    code = hashlib.sha256(f"{salt}\0{patient_id}".encode()).hexdigest()[:16]
    return f"sheets/{_slug(clinic)}-exercises-{code}.html"


@dataclass
class Group:
    """Exercises of a sheet done equally often, e.g. all those done 2–3 times a day."""

    often: str
    label: str  # "Exercise 1" or "Exercises 2–4": how the log's columns name the group
    sessions: Span  # sessions on a day it is due
    days: tuple[int, ...] | None
    per_week: Span | None
    items: list[tuple[int, Prescription]]  # (card number, prescription)

    def due(self, day: datetime.date) -> bool:
        return self.days is None or day.weekday() in self.days


def schedule(patient: Patient) -> list[Group]:
    """The sheet's exercises grouped by how often, groups in order of first appearance; the card
    numbers follow that order, so "do these 2–3 times a day" is said once for the whole group."""
    groups: dict[tuple, Group] = {}
    for rx in patient.exercises:
        d = rx.dose
        key = (d.per_day, d.per_week, d.days)
        if key not in groups:
            groups[key] = Group(often_text(d), "", d.sessions or Span(1, 1), d.days, d.per_week, [])
        groups[key].items.append(rx)
    number = 0
    for group in groups.values():
        numbered = []
        for rx in group.items:
            number += 1
            numbered.append((number, rx))
        group.items = numbered
        first, last = numbered[0][0], numbered[-1][0]
        group.label = f"Exercise {first}" if first == last else f"Exercises {first}–{last}"
    return list(groups.values())


LOG_DAYS = 28  # four weeks fit one printed page; a longer plan gets a new sheet at review


def log_rows(patient: Patient, groups: list[Group]) -> list[tuple[datetime.date, list]]:
    """One row a day from the start to the day before the review (at most four weeks; two weeks when
    there is no review date): for each group, the number
    of boxes to tick that day and how many of them are optional, or None when it is not due."""
    last = patient.review - datetime.timedelta(days=1) if patient.review else patient.start + datetime.timedelta(days=13)
    days = max(1, min((last - patient.start).days + 1, LOG_DAYS))
    rows = []
    for offset in range(days):
        day = patient.start + datetime.timedelta(days=offset)
        rows.append((day, [(g.sessions.high, g.sessions.high - g.sessions.low) if g.due(day) else None
                           for g in groups]))
    return rows


def sheet_data(sheet_id: str, patient: Patient, groups: list[Group], rule: dict | None, language: str) -> dict:
    """What the sheet's script needs, as JSON in the page: the dose of each card and all its words."""
    def pair(span):
        return [span.low, span.high] if span else None
    return {
        "sheet": sheet_id, "words": SCRIPT, "calendar": calendar_words(language), "pain": rule and {**rule, "limit": patient.program.pain.acceptable_up_to},
        "start": patient.start.isoformat(),
        "groups": [{"sessions": pair(g.sessions), "days": list(g.days) if g.days else None,
                    "perWeek": pair(g.per_week), "label": g.often,
                    "cards": [f"ex-{n}" for n, _ in g.items]} for g in groups],
        "cards": {f"ex-{n}": {"id": rx.exercise.id, "title": rx.exercise.title, "sets": pair(rx.dose.sets),
                              "reps": pair(rx.dose.reps), "hold": rx.dose.hold.low if rx.dose.hold else 0,
                              "sides": rx.dose.sides, "limb": rx.exercise.limb}
                  for g in groups for n, rx in g.items},
    }


def sheet_context(patient: Patient, name: str, language: str) -> dict:
    groups = schedule(patient)
    rule = patient.program.pain and pain_rule(patient.program.pain)
    return {
        "link_home": False, "patient": patient, "groups": groups, "rule": rule,
        "log": log_rows(patient, groups),
        "log_cut": bool(patient.review and (patient.review - patient.start).days > LOG_DAYS),
        "data": sheet_data(name.rsplit("-", 1)[-1].removesuffix(".html"), patient, groups, rule, language),
    }


def plan(library: Library) -> list[Page]:
    """Every page the site has, each with what its template needs. Patients appear only on their sheet."""
    every_program = tuple(p.where.path for p in library.programs.values())
    pages = [Page("index.html", "index.html", {"link_home": False},
                  every_program + tuple(e.where.path for e in library.exercises.values()))]
    used_in: dict[str, list] = {e: [] for e in library.exercises}
    for program in library.programs.values():
        references = list(program.condition.references) if program.condition else []
        if program.pain and program.pain.reference:
            references.append(program.pain.reference)
        first_card = {}  # exercise id -> the phase whose card shows it; later phases link to it
        for phase in program.phases:
            for rx in phase.exercises:
                first_card.setdefault(rx.exercise.id, phase.number)
                used_in[rx.exercise.id].append((program, phase, rx))
        sources = (program.where.path, *([program.condition.where.path] if program.condition else []),
                   *(library.exercises[e].where.path for e in first_card))
        pages.append(Page(f"handouts/{program.id}.html", "handout.html",
                          {"link_home": True, "program": program, "references": references,
                           "first_card": first_card, "rule": program.pain and pain_rule(program.pain)}, sources))
    pages.append(Page("figures.html", "figures.html", {"link_home": False, "angle_rows": list(JOINT_LIMITS)},
                      tuple(e.where.path for e in library.exercises.values())))
    for exercise in library.exercises.values():
        pages.append(Page(f"exercises/{exercise.id}.html", "exercise.html",
                          {"link_home": True, "exercise": exercise, "used_in": used_in[exercise.id],
                           "doses": [(f"{program.title}, phase {phase.number}", rx.dose)
                                     for program, phase, rx in used_in[exercise.id]]},
                          (exercise.where.path, *dict.fromkeys(p.where.path for p, _, _ in used_in[exercise.id]))))
    for patient in library.patients.values():
        name = sheet_name(library.site, patient.id)
        pages.append(Page(name, "sheet.html", functools.partial(sheet_context, patient, name, library.site.language),
                          (patient.where.path, patient.program.where.path,
                           *(rx.exercise.where.path for rx in patient.exercises))))
    for page in pages:
        page.key = digest(page.template, *sorted(f"{path}={library.digests.get(path, '')}" for path in page.sources))
    return sorted(pages, key=lambda p: p.path)


# --- rendering ---------------------------------------------------------------------------------

def _demote(html: str, by: int) -> str:
    """Shift headings down so a body's `##` sits under the card's own heading."""
    return re.sub(r"<(/?)h([1-6])", lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}", html)


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def css_string(text: str) -> str:
    """A quoted CSS string that no text can break out of (for `@page` boxes with the patient's name):
    anything but letters, digits and a few plain marks becomes a CSS hex escape, so neither a quote
    nor `</style>` can end it."""
    plain = "".join(c if c.isalnum() or c in " .,()'-" else f"\\{ord(c):x} " for c in str(text))
    return markupsafe.Markup(f'"{plain}"')


@functools.lru_cache(maxsize=4096)
def _thumbnail(svg: str) -> str:
    """A figure's frame for the sheet's list: decorative there, the exercise's name is beside it."""
    svg = re.sub(r' role="img" aria-label="[^"]*"><title>.*?</title>', ' aria-hidden="true" focusable="false">', svg,
                 count=1, flags=re.S)
    return svg


def card_renderer(env: jinja2.Environment, cards: dict, figures: dict):
    """card(...) for the templates: one exercise card, rendered once per distinct card in a build
    (a thousand sheets hold about as many cards, but only a few hundred different ones)."""
    rendered: dict[tuple, markupsafe.Markup] = {}

    def card(exercise, dose=None, level=2, note="", number=0, anchor="", tools=False, often=False, doses=(),
             rule=None):
        key = (exercise.id, dose, level, note, number, anchor, tools, often, tuple(doses), rule and rule["stop"])
        if key not in rendered:
            rendered[key] = markupsafe.Markup(env.get_template("_exercise_card.html").render(
                exercise=exercise, dose=dose, level=level, note=note, number=number, anchor=anchor, tools=tools,
                often=often, doses=doses, rule=rule, cards=cards, figures=figures))
        return rendered[key]
    return card


def environment(templates_dir: Path, language: str = "en", auto_reload: bool = False,
                theme: Path | None = None) -> jinja2.Environment:
    """Autoescaped, strict about undefined names. auto_reload is for serve only: a one-shot build
    would otherwise stat every template on every page.

    A clinic's theme (content/theme/templates/) comes first: a file there replaces the built-in
    one of the same name, and can extend it as "hepkit/NAME" to change one block only."""
    builtin = jinja2.FileSystemLoader(str(templates_dir))
    loaders = [jinja2.PrefixLoader({"hepkit": builtin})]
    if theme is not None and (theme / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme / "templates")))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, builtin]), auto_reload=auto_reload,
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(dose_text=dose_text, amount_text=amount_text, often_text=often_text,
                       progress_text=progress_text, duration_text=duration_text,
                       url=lambda s: urllib.parse.quote(s), demote=_demote, css_string=css_string,
                       long_date=lambda d: long_date(d, language), short_date=lambda d: short_date(d, language))
    return env


def folder_digest(folder: Path) -> str:
    """Every file of a templates or static folder, by name and bytes."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return digest(*(f"{p.relative_to(folder)}={digest(p.read_bytes())}" for p in files))


class Renderer:
    """Renders the pages of one build, one at a time. Markdown and figures come from the build
    cache when their source is unchanged; each distinct exercise card is rendered once."""

    def __init__(self, library: Library, templates_dir: Path, static_dir: Path, cache=None, auto_reload=False,
                 theme: Path | None = None):
        self.library, self.templates_dir = library, Path(templates_dir)
        self.static = [folder for folder in ((theme / "static") if theme else None, Path(static_dir))
                       if folder is not None and folder.is_dir()]
        try:
            # One environment per templates folder and language for a dev server's cache, so that a
            # template is compiled again only when it changes (auto_reload); one per build otherwise.
            make = functools.partial(environment, self.templates_dir, library.site.language, auto_reload, theme)
            themed = theme is not None and (theme / "templates").is_dir()  # a theme folder made while serving
            self.env = cache.made(("environment", str(self.templates_dir), str(theme), themed, library.site.language),
                                  make) if cache else make()
            self.env.globals["inline"] = self.inline
            style, script = self.static_text("hepkit.css"), self.static_text("sheet.js")
            # Everything besides a page's own sources that its bytes depend on.
            theme_digest = folder_digest(theme) if theme and theme.is_dir() else ""
            self.settings = digest(CODE, folder_digest(self.templates_dir), folder_digest(static_dir), theme_digest,
                                   library.digests.get(library.site_path, ""), library.site.sheet_salt)
        except (OSError, UnicodeDecodeError) as e:
            raise ContentErrors([ContentError(str(templates_dir), 1, f"template error: {e}",
                                              "fix the template or restore it from git")]) from e
        bodies = _bodies(library, cache)
        cards = {e.id: split_body(bodies[f"exercise:{e.id}"]) for e in library.exercises.values()}
        figures = _figures(library, cache)
        self.env.globals["card"] = card_renderer(self.env, cards, figures)
        self.shared = {
            "site": library.site, "library": library, "bodies": bodies, "figures": figures,
            "thumbnails": {k: _thumbnail(drawn["frames"][-1][0]) for k, drawn in figures.items()},
            "style": style, "script": script,
            "csp": f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   f"script-src '{_csp_hash(script)}'; base-uri 'none'; form-action 'none'",
        }
        self.pages = plan(library)
        for page in self.pages:
            page.key = digest(self.settings, page.key)

    def static_file(self, name: str) -> Path:
        """A static file: the theme's (content/theme/static/NAME) if it has one, else the built-in."""
        for folder in self.static:
            if (folder / name).is_file() and (folder / name).resolve().parent == folder.resolve():
                return folder / name
        raise FileNotFoundError(f"there is no static file {name!r}")

    def static_text(self, name: str) -> str:
        return self.static_file(name).read_text(encoding="utf-8")

    def inline(self, name: str) -> markupsafe.Markup:
        """A theme's file inside the page, so the page still needs nothing from outside: an SVG or
        CSS as it is, a picture as a data: URL (for <img src>)."""
        path = self.static_file(name)
        if path.suffix in (".svg", ".css"):
            return markupsafe.Markup(path.read_text(encoding="utf-8"))
        kind = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}.get(
            path.suffix.lower(), "application/octet-stream")
        return markupsafe.Markup(f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}")

    def render(self, page: Page) -> bytes:
        try:
            context = page.context() if callable(page.context) else page.context
            return self.env.get_template(page.template).render(**self.shared, **context).encode("utf-8")
        except jinja2.TemplateSyntaxError as e:
            raise ContentErrors([ContentError(e.filename or str(self.templates_dir / (e.name or "?")), e.lineno or 1,
                                              f"template error: {e.message}", "fix the template syntax")]) from e
        except (jinja2.TemplateError, OSError, TypeError, ValueError, AttributeError) as e:
            path, line = _template_line(e, self.templates_dir)
            raise ContentErrors([ContentError(path, line, f"template error: {e}",
                                              "fix the template or restore it from git")]) from e

    def render_all(self, pages=None):
        """(path, bytes) for each page, made one at a time so that memory stays flat."""
        for page in self.pages if pages is None else pages:
            yield page.path, self.render(page)


def render(library: Library, templates_dir: Path, static_dir: Path) -> dict[str, bytes]:
    """Every page of the site as {relative path: bytes} (for tests and tools; builds stream)."""
    return dict(Renderer(library, templates_dir, static_dir).render_all())


def check_theme(theme: Path) -> list[ContentError]:
    """A clinic's templates are checked like content: each syntax error as path:line."""
    errors = []
    folder = theme / "templates"
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
        try:
            jinja2.Environment(extensions=[]).parse(path.read_text(encoding="utf-8"), path.name, str(path))
        except jinja2.TemplateSyntaxError as e:
            errors.append(ContentError(str(path), e.lineno or 1, f"template error: {e.message}",
                                       "fix the template syntax"))
        except (OSError, UnicodeDecodeError) as e:
            errors.append(ContentError(str(path), 1, f"this template cannot be read: {e}", "save it again as UTF-8"))
    return errors


def _template_line(error: BaseException, templates_dir: Path) -> tuple[str, int]:
    """The template and line a rendering error happened at (Jinja keeps them in the traceback)."""
    where = (str(templates_dir), 1)
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where
