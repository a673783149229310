"""Stage 3: render pages (pages.py decides which exist) to bytes, one at a time.

Markdown bodies and figures are made once per build and kept in the build cache, so rendering a
thousand sheets does not convert an exercise a thousand times; each distinct exercise card is
rendered once.
"""
from __future__ import annotations

import base64
import copy
import dataclasses
import functools
import hashlib
import re
from pathlib import Path

import jinja2
import markupsafe

from ..content.model import Library
from ..errors import ContentError, ContentErrors
from ..figures.drawing import describe, draw, is_tall, prints_across, shows_far_side
from ..figures.motion import animate
from ..figures.picture import key_frames
from ..hashes import digest
from ..i18n import words
from ..i18n.catalogs import html_lang
from ..output.cache import NO_CACHE, BuildCache, code_digest
from ..output.record import is_page
from ..parallel import map_forked
from .environment import environment, fallback_lang
from .markdown_text import markdown_to_html, split_body
from .pages import Page, plan
from .walls import ThemeSandbox, check_theme_files, page_problem


def shown(library: Library) -> tuple[dict, dict]:
    """Every exercise and condition some page shows, in every language, by key ("single-leg-bridge",
    "single-leg-bridge.es")."""
    exercises = {e.key: e for e in library.exercises.values()}
    conditions = {c.key: c for c in library.conditions.values()}
    for programs in library.translated.values():
        for program in programs.values():
            if program.condition:
                conditions[program.condition.key] = program.condition
            exercises.update((rx.exercise.key, rx.exercise) for phase in program.phases for rx in phase.exercises)
    for translated in library.translated_exercises.values():
        exercises.update((e.key, e) for e in translated.values())
    for patient in library.patients.values():
        exercises.update((rx.exercise.key, rx.exercise) for rx in patient.exercises)
    return exercises, conditions


def _bodies(exercises: dict, conditions: dict, cache) -> dict[str, str]:
    """Every Markdown body as HTML, keyed 'exercise:<key>' / 'condition:<key>'. Each text is converted
    once, then kept in the build cache by its hash, so only edited texts are converted again; a
    first build converts them in the machine's forked workers (half a millisecond a text)."""
    texts = {f"exercise:{k}": e.body for k, e in exercises.items()}
    texts.update({f"condition:{k}": c.body for k, c in conditions.items()})
    hashes = {key: digest(text) for key, text in texts.items()}
    missing = {hashes[key]: text for key, text in texts.items() if cache.get("markdown", hashes[key]) is None}
    made = dict(zip(missing, map_forked(markdown_to_html, list(missing.values()), fork_from=MARKDOWN_FORK_FROM),
                    strict=True))
    for text_hash, html in made.items():
        cache.put("markdown", text_hash, html)
    return {key: made[h] if h in made else cache.get("markdown", h) for key, h in hashes.items()}


MARKDOWN_FORK_FROM = 200  # texts: below this, forking costs more than converting them here


def _figures(exercises: dict, cache, site_language: str) -> dict[str, dict]:
    """Every illustration drawn, still frames and moving, kept in the build cache by its poses
    and the words a screen reader says for the moving one (in the language of its captions).
    Those the cache does not hold are drawn in the machine's forked workers when there are many."""
    wanted = {}
    for exercise in exercises.values():
        if exercise.illustration is None:
            continue
        translated = exercise.lang and "illustration" not in exercise.fallback
        label = words.moving_label([describe(pose) for pose in exercise.illustration.frames],
                                   exercise.lang if translated else site_language)
        wanted[exercise.key] = (digest(repr(exercise.illustration), label), exercise.illustration, label)
    missing = {key: (illustration, label) for key, illustration, label in wanted.values()
               if cache.get("figures", key) is None}
    drawn = dict(zip(missing, map_forked(_drawn, list(missing.items())), strict=True))
    for key, figure in drawn.items():
        cache.put("figures", key, figure)
    return {exercise_key: drawn.get(key) or cache.get("figures", key) for exercise_key, (key, _, _) in wanted.items()}


def _drawn(job) -> dict:
    key, (illustration, label) = job
    return {"frames": [list(panel) for panel in draw(illustration, f"s{key[:8]}")],
            "moving": animate(illustration, f"m{key[:8]}", label), "tall": is_tall(illustration),
            "across": prints_across(illustration), "printed": key_frames(len(illustration.frames)),
            "far": shows_far_side(illustration)}


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@functools.lru_cache(maxsize=4096)
def _thumbnail(svg: str) -> str:
    """A figure's frame for the sheet's list: decorative there, the exercise's name is beside it."""
    svg = re.sub(r' role="img" aria-label="[^"]*"><title>.*?</title>', ' aria-hidden="true" focusable="false">', svg,
                 count=1, flags=re.S)
    return svg


def _thumbnails(figures: dict) -> dict[str, str]:
    return {key: _thumbnail(drawn["frames"][-1][0]) for key, drawn in figures.items()}


def card_renderer(env: jinja2.Environment, cards: dict, figures: dict):
    """card(...) for the templates: one exercise card, rendered once per distinct card in a build
    (a thousand sheets hold about as many cards, but only a few hundred different ones)."""
    rendered: dict[tuple, tuple[markupsafe.Markup, set]] = {}

    def card(exercise, dose=None, level=2, note="", number=0, anchor="", tools=False, often=False, doses=(),
             rule=None):
        key = (exercise.key, dose, level, note, number, anchor, tools, often, tuple(doses), rule and rule["stop"])
        page_reads = env.reads
        if key not in rendered:  # what the card reads is recorded with it, for every page that shows it
            env.reads = set()
            try:
                rendered[key] = (markupsafe.Markup(env.get_template("_exercise_card.html").render(
                    exercise=exercise, dose=dose, level=level, note=note, number=number, anchor=anchor, tools=tools,
                    often=often, doses=doses, rule=rule, cards=cards, figures=figures)), env.reads)
            finally:
                env.reads = page_reads
        markup, reads = rendered[key]
        if page_reads is not None:
            page_reads |= reads
        return markup
    return card


def folder_digest(folder: Path) -> str:
    """Every file of a templates or static folder, by name and bytes."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file())
    return digest(*(f"{p.relative_to(folder)}={digest(p.read_bytes())}" for p in files))


def sheet_script(static_dir: Path, static_text) -> str:
    """The sheet's one script: the vendored QR encoder (unchanged, hepkit's own), then sheet.js and
    handover.js (a theme may replace those two)."""
    encoder = (static_dir / "qrcode-generator" / "qrcode.js").read_text(encoding="utf-8")
    return "\n".join((encoder, static_text("sheet.js"), static_text("handover.js")))


class Renderer:
    """Renders the pages of one build, one at a time. Markdown and figures come from the build
    cache when their source is unchanged; each distinct exercise card is rendered once."""

    def __init__(self, library: Library, templates_dir: Path, static_dir: Path, cache: BuildCache,
                 auto_reload=False,
                 theme: Path | None = None):
        self.library, self.templates_dir = library, Path(templates_dir)
        self.static = [folder for folder in ((theme / "static") if theme else None, Path(static_dir))
                       if folder is not None and folder.is_dir()]
        self.theme, self.cache, self.auto_reload, self.envs = theme, cache, auto_reload, {}
        self.last_reads: set[str] = set()  # the content files the last page rendered read (reads.py)
        exercises, conditions = shown(library)
        bodies = _bodies(exercises, conditions, cache)
        self.cards = {key: split_body(bodies[f"exercise:{key}"]) for key in exercises}
        self.figures = _figures(exercises, cache, library.site.language)
        try:
            style, script = self.static_text("hepkit.css"), sheet_script(Path(static_dir), self.static_text)
            # Everything besides a page's own sources that its bytes depend on.
            theme_digest = folder_digest(theme) if theme and theme.is_dir() else ""
            self.settings = digest(code_digest(), folder_digest(self.templates_dir), folder_digest(static_dir),
                                   theme_digest, library.digests.get(library.site_path, ""), library.site.sheet_salt)
            self.env_for(library.site.language)  # a broken theme folder shows here, before any page
        except (OSError, UnicodeDecodeError) as e:
            raise ContentErrors([ContentError(str(templates_dir), 1, f"template error: {e}",
                                              "fix the template or restore it from git")]) from e
        self.shared = {
            "site": library.site, "library": library, "bodies": bodies, "figures": self.figures,
            "thumbnails": _thumbnails(self.figures),
            "style": style, "script": script,
            "csp": f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   f"script-src '{_csp_hash(script)}'; base-uri 'none'; form-action 'none'",
        }
        self.csp_attribute = str(markupsafe.escape(self.shared["csp"]))

    def with_exercise(self, exercise) -> Renderer:
        """A copy that renders `exercise` in place of the one with its id (its text and figure made
        as a build makes them): the dev server's first page after an exercise is saved."""
        other = copy.copy(self)
        other.library = dataclasses.replace(self.library, exercises={**self.library.exercises, exercise.id: exercise})
        body = _bodies({exercise.key: exercise}, {}, self.cache)
        other.cards = {**self.cards, exercise.key: split_body(body[f"exercise:{exercise.key}"])}
        figures = {key: value for key, value in self.figures.items() if key != exercise.key}
        other.figures = {**figures, **_figures({exercise.key: exercise}, self.cache, self.library.site.language)}
        other.shared = {**self.shared, "library": other.library, "bodies": {**self.shared["bodies"], **body},
                        "figures": other.figures,
                        "thumbnails": _thumbnails(other.figures)}
        other.envs = {}  # each environment gets a card() that knows the new text
        return other

    def env_for(self, language: str) -> jinja2.Environment:
        """The environment that writes in `language`, made once per build (a dev server keeps it
        across builds, so a template is compiled again only when it changes: auto_reload)."""
        if language not in self.envs:
            theme = self.theme
            make = functools.partial(environment, self.templates_dir, language, self.auto_reload, theme)
            themed = theme is not None and (theme / "templates").is_dir()  # a theme folder made while serving
            env = self.cache.memo(("environment", str(self.templates_dir), str(theme), themed, language), make)
            env.globals.update(inline=self.inline, lang_attr=fallback_lang(self.library.site.language),
                               card=card_renderer(env, self.cards, self.figures))
            self.envs[language] = env
        return self.envs[language]

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
            env = self.env_for(page.language)
            if isinstance(env, ThemeSandbox):
                env.new_page()
            template = env.get_template(page.template)
            env.reads = self.last_reads = set()
            try:
                html = template.render(**self.shared, **context, page_path=page.path, address=page.address,
                                       page_lang=html_lang(page.language))
            finally:
                env.reads = None
        except jinja2.TemplateSyntaxError as e:
            raise ContentErrors([ContentError(e.filename or str(self.templates_dir / (e.name or "?")), e.lineno or 1,
                                              f"template error: {e.message}", "fix the template syntax")]) from e
        except RecursionError as e:
            path, line = _template_line(e, self.templates_dir, self.theme)
            raise ContentErrors([ContentError(path, line, "template error: templates call each other without end",
                                              "a template that extends or includes itself, or a macro that calls "
                                              "itself, never stops: break the loop")]) from e
        except Exception as e:  # a theme is code: whatever it raises is a message, never a traceback
            path, line = _template_line(e, self.templates_dir, self.theme)
            reason = str(e) or type(e).__name__
            raise ContentErrors([ContentError(path, line, f"template error: {reason}", self._hint(path))]) from e
        data = html.encode("utf-8")
        problem = (page_problem(data, self.csp_attribute)
                   if isinstance(env, ThemeSandbox) and is_page(page.path) else "")
        if problem:
            raise ContentErrors([ContentError(self._template_of(template), 1, f"{problem}, which the sheets' promise "
                                              "of no network and no outside script forbids",
                                              "keep {% block meta %} and the <head> of hepkit/base.html, and put "
                                              "pictures and styles in theme/static/ with inline()")])
        return data

    def _hint(self, path: str) -> str:
        if self.theme is not None and Path(path).is_relative_to(self.theme):
            return "fix this theme template (or remove it to use hepkit's own)"
        return "fix the template or restore it from git"

    def _template_of(self, template: jinja2.Template) -> str:
        """The theme's template that shapes a page: the page's own if the theme replaces it, else the
        theme's base.html, else hepkit's."""
        base = self.theme / "templates" / "base.html" if self.theme else None
        if self.theme is not None and Path(template.filename).is_relative_to(self.theme):
            return template.filename
        return str(base) if base is not None and base.is_file() else template.filename

    def render_all(self, pages=None):
        """(path, bytes) for each page, made one at a time so that memory stays flat."""
        for page in plan(self.library) if pages is None else pages:
            yield page.path, self.render(page)


def render(library: Library, templates_dir: Path, static_dir: Path) -> dict[str, bytes]:
    """Every page of the site as {relative path: bytes} (for tests and tools; builds stream)."""
    return dict(Renderer(library, templates_dir, static_dir, NO_CACHE).render_all())


def check_theme(theme: Path, content: Path, static: Path) -> list[ContentError]:
    """A clinic's templates are checked like content: each syntax error as path:line, what
    walls.py forbids, and each static file they inline that neither the theme nor `static` has."""
    return check_theme_files(theme, content, static)


def _template_line(error: BaseException, templates_dir: Path, theme: Path | None = None) -> tuple[str, int]:
    """The template and line a rendering error happened at (Jinja keeps them in the traceback): the
    deepest theme template if one took part (a theme's loop runs through hepkit's templates too)."""
    where, in_theme = (str(templates_dir), 1), None
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            where = (filename, tb.tb_lineno)
            if theme is not None and Path(filename).is_relative_to(theme):
                in_theme = where
        tb = tb.tb_next
    return in_theme or where
