"""Stage 3: render pages (pages.py decides which exist) to bytes, one at a time.

Markdown bodies and figures are made once per build and kept in the build cache, so rendering a
thousand sheets does not convert an exercise a thousand times; each distinct exercise card is
rendered once.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import posixpath
import re
import urllib.parse
from pathlib import Path

import jinja2
import jinja2.ext
import markupsafe
from jinja2.lexer import Token

from .bodies import markdown_to_html, split_body
from .cache import CODE, digest
from .catalogs import html_lang, own_name, translations
from .errors import ContentError, ContentErrors
from .figure import describe, draw
from .model import Library
from .motion import animate
from .pages import FIGURES, INDEX, Page, exercise_path, handout_path, plan
from . import words


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
    for patient in library.patients.values():
        exercises.update((rx.exercise.key, rx.exercise) for rx in patient.exercises)
    return exercises, conditions


def _bodies(exercises: dict, conditions: dict, cache) -> dict[str, str]:
    """Every Markdown body as HTML, keyed 'exercise:<key>' / 'condition:<key>'. Each text is converted
    once, then kept in the build cache by its hash, so only edited texts are converted again."""
    texts = {f"exercise:{k}": e.body for k, e in exercises.items()}
    texts.update({f"condition:{k}": c.body for k, c in conditions.items()})
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


def _figures(exercises: dict, cache, site_language: str) -> dict[str, list]:
    """Every illustration drawn, still frames and moving, kept in the build cache by its poses
    and the words a screen reader says for the moving one (in the language of its captions)."""
    figures = {}
    for exercise in exercises.values():
        if exercise.illustration is None:
            continue
        translated = exercise.lang and "illustration" not in exercise.fallback
        label = words.moving_label([describe(pose) for pose in exercise.illustration.frames],
                                   exercise.lang if translated else site_language)
        key = digest(repr(exercise.illustration), label)
        drawn = cache.get("figures", key) if cache else None
        if drawn is None:
            drawn = {"frames": [list(panel) for panel in draw(exercise.illustration)],
                     "moving": animate(exercise.illustration, f"m{key[:8]}", label)}
            if cache:
                cache.put("figures", key, drawn)
        figures[exercise.key] = drawn
    return figures


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
        key = (exercise.key, dose, level, note, number, anchor, tools, often, tuple(doses), rule and rule["stop"])
        if key not in rendered:
            rendered[key] = markupsafe.Markup(env.get_template("_exercise_card.html").render(
                exercise=exercise, dose=dose, level=level, note=note, number=number, anchor=anchor, tools=tools,
                often=often, doses=doses, rule=rule, cards=cards, figures=figures))
        return rendered[key]
    return card


def environment(templates_dir: Path, language: str = "en", auto_reload: bool = False,
                theme: Path | None = None) -> jinja2.Environment:
    """Autoescaped, strict about undefined names, with the language's catalog for `_()` and
    `ngettext()`. auto_reload is for serve only: a one-shot build would otherwise stat every
    template on every page.

    A clinic's theme (content/theme/templates/) comes first: a file there replaces the built-in
    one of the same name, and can extend it as "hepkit/NAME" to change one block only."""
    builtin = jinja2.FileSystemLoader(str(templates_dir))
    loaders = [jinja2.PrefixLoader({"hepkit": builtin})]
    if theme is not None and (theme / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme / "templates")))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, builtin]), auto_reload=auto_reload,
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n", ConstantWords],
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # for {% trans %} in themes
    env.globals.update(zip(("_", "gettext", "ngettext"), interface_words(language)))
    said = functools.partial
    env.filters.update(
        dose_text=lambda dose, limb="side": words.dose_text(dose, limb, language),
        amount_text=lambda dose, limb="side": words.amount_text(dose, limb, language),
        progress_text=lambda dose, limb="side": words.progress_text(dose, limb, language),
        often_text=said(words.often_text, language=language), duration_text=said(words.duration_text, language=language),
        long_date=said(words.long_date, language=language), short_date=said(words.short_date, language=language),
        kind_text=said(words.kind_text, language=language), url=_url, demote=_demote, css_string=css_string, css_counters=css_counters)
    env.globals.update(html_lang=html_lang, language=language, language_name=own_name, index_path=INDEX,
                       figures_path=FIGURES, handout_path=handout_path, exercise_path=exercise_path)
    return env


def interface_words(language: str):
    """_() and ngettext() for templates, as Jinja's newstyle gettext does them (the words are
    safe, the values escaped, %(name)s filled in) but without its per-call context lookups: a
    thousand sheets make tens of thousands of calls. Templates are always autoescaped."""
    catalog = translations(language)
    said = functools.lru_cache(maxsize=None)(lambda text: markupsafe.Markup(catalog.gettext(text)))
    alone = functools.lru_cache(maxsize=None)(lambda text: said(text) % {})  # most calls have no values

    def gettext(text: str, **values) -> markupsafe.Markup:
        return said(text) % values if values else alone(text)

    def ngettext(singular: str, plural: str, num: int, **values) -> markupsafe.Markup:
        return markupsafe.Markup(catalog.ngettext(singular, plural, num)) % {"num": num, **values}
    return gettext, ngettext


class ConstantWords(jinja2.ext.Extension):
    """`_("words")` with no values reads the same on every page of a language, so it is translated
    once, when the template is compiled (each language has its own environment), instead of on
    every call: it becomes `("palabras"|safe)`, exactly what _() would return."""

    def filter_stream(self, stream):
        tokens, out = list(stream), []
        gettext = self.environment.globals["_"]
        index = 0
        while index < len(tokens):
            token = tokens[index]
            call = [t.type for t in tokens[index + 1:index + 4]] == ["lparen", "string", "rparen"]
            if token.type == "name" and token.value == "_" and call and not (out and out[-1].type == "dot"):
                words = str(gettext(tokens[index + 2].value))
                out += [Token(token.lineno, kind, value) for kind, value in
                        (("lparen", "("), ("string", words), ("pipe", "|"), ("name", "safe"), ("rparen", ")"))]
                index += 4
                continue
            out.append(token)
            index += 1
        return out


@jinja2.pass_context
def _url(context, target: str) -> str:
    """A link to `target` (a path from the top of the output folder, as pages.py names pages) that
    works from the page being rendered, wherever it sits: "handouts/x.html" from
    "exercises/y.html" is "../handouts/x.html"."""
    path, hash_mark, anchor = str(target).partition("#")
    return _relative(path, posixpath.dirname(context["page_path"])) + hash_mark + anchor


@functools.lru_cache(maxsize=65536)
def _relative(path: str, here: str) -> str:
    return urllib.parse.quote(posixpath.relpath(path, here)) if path else ""


def css_counters(text: str) -> markupsafe.Markup:
    """'Page {page} of {pages}' as CSS content: quoted words around the page counters."""
    parts = re.split(r"(\{pages?\})", str(text))
    return markupsafe.Markup(" ".join(f"counter({p[1:-1]})" if p in ("{page}", "{pages}") else css_string(p)
                                      for p in parts if p))


def fallback_lang(default: str):
    """lang_attr(thing, "body"): ` lang="en"` when that part of a translated thing is shown in the
    default language (its translation lacks it), else nothing."""
    marked, unmarked = markupsafe.Markup(' lang="%s"') % html_lang(default), markupsafe.Markup("")

    def lang_attr(thing, part: str) -> markupsafe.Markup:
        return marked if part in getattr(thing, "fallback", ()) else unmarked
    return lang_attr


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
        self.theme, self.cache, self.auto_reload, self.envs = theme, cache, auto_reload, {}
        exercises, conditions = shown(library)
        bodies = _bodies(exercises, conditions, cache)
        self.cards = {key: split_body(bodies[f"exercise:{key}"]) for key in exercises}
        self.figures = _figures(exercises, cache, library.site.language)
        try:
            style, script = self.static_text("hepkit.css"), self.static_text("sheet.js")
            # Everything besides a page's own sources that its bytes depend on.
            theme_digest = folder_digest(theme) if theme and theme.is_dir() else ""
            self.settings = digest(CODE, folder_digest(self.templates_dir), folder_digest(static_dir), theme_digest,
                                   library.digests.get(library.site_path, ""), library.site.sheet_salt)
            self.env_for(library.site.language)  # a broken theme folder shows here, before any page
        except (OSError, UnicodeDecodeError) as e:
            raise ContentErrors([ContentError(str(templates_dir), 1, f"template error: {e}",
                                              "fix the template or restore it from git")]) from e
        self.shared = {
            "site": library.site, "library": library, "bodies": bodies, "figures": self.figures,
            "thumbnails": {k: _thumbnail(drawn["frames"][-1][0]) for k, drawn in self.figures.items()},
            "style": style, "script": script,
            "csp": f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   f"script-src '{_csp_hash(script)}'; base-uri 'none'; form-action 'none'",
        }
        self.pages = plan(library)
        for page in self.pages:
            page.key = digest(self.settings, page.key)

    def env_for(self, language: str) -> jinja2.Environment:
        """The environment that writes in `language`, made once per build (a dev server keeps it
        across builds, so a template is compiled again only when it changes: auto_reload)."""
        if language not in self.envs:
            theme = self.theme
            make = functools.partial(environment, self.templates_dir, language, self.auto_reload, theme)
            themed = theme is not None and (theme / "templates").is_dir()  # a theme folder made while serving
            env = self.cache.made(("environment", str(self.templates_dir), str(theme), themed, language),
                                  make) if self.cache else make()
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
            return env.get_template(page.template).render(**self.shared, **context, page_path=page.path,
                                                          page_lang=html_lang(page.language)).encode("utf-8")
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
            jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(path.read_text(encoding="utf-8"), path.name, str(path))
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
