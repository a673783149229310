"""The Jinja environment pages are rendered in, one per language: the clinic's theme before the
built-in templates, autoescaping, the language's catalog for `_()` and `ngettext()`, and the
filters that turn doses, dates and links into words and paths.
"""
from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
import urllib.parse
from pathlib import Path

import jinja2
import jinja2.ext
import markupsafe
from jinja2.lexer import Token

from ..i18n import words
from ..i18n.catalogs import html_lang, own_name, translations
from .paths import FIGURES, INDEX, exercise_path, handout_path
from .reads import RecordingReads
from .walls import ThemeSandbox


class RecordingEnvironment(RecordingReads, jinja2.Environment):
    """Jinja's environment, recording what each page reads (reads.py)."""


def _demote(html: str, by: int) -> str:
    """Shift headings down so a body's `##` sits under the card's own heading."""
    return re.sub(r"<(/?)h([1-6])", lambda m: f"<{m[1]}h{min(6, int(m[2]) + by)}", html)


def css_string(text: str) -> str:
    """A quoted CSS string that no text can break out of (for `@page` boxes with the patient's name):
    anything but letters, digits and a few plain marks becomes a CSS hex escape, so neither a quote
    nor `</style>` can end it. Direction marks and other invisible characters are left out."""
    plain = "".join(c if c.isalnum() or c in " .,()'-" else f"\\{ord(c):x} " for c in _visible(str(text)))
    return markupsafe.Markup(f'"{plain}"')


def _visible(text: str) -> str:
    """Text without control and format characters (a right-to-left override among them), for places
    that cannot isolate them: a page's <title>, a CSS string."""
    if text.isprintable():  # almost every text: no control or format character in it
        return text
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))


def one_line(markup) -> markupsafe.Markup:
    """A <title>: escaped text with no direction overrides or other invisible characters, so a name
    cannot turn the clinic's name after it backwards."""
    return markupsafe.Markup(_visible(str(markupsafe.escape(markup))))


def bdi(text) -> markupsafe.Markup:
    """A text someone typed (a name, a note) isolated from the words around it: a right-to-left
    override inside it cannot reverse them."""
    return markupsafe.Markup("<bdi>%s</bdi>") % text


_AMOUNT = re.compile(r"(\d+(?:–\d+)?) (\w+)")


def unbroken(text) -> markupsafe.Markup:
    """A dose with each amount kept on one line: "3–4 holds", "30 seconds", never "3–" at the end
    of a line and "4 holds" on the next (a narrow phone, large text, Spanish's longer words)."""
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(_AMOUNT.sub(r'<span class="nw">\1 \2</span>', escaped))


def environment(templates_dir: Path, language: str = "en", auto_reload: bool = False,
                theme: Path | None = None) -> jinja2.Environment:
    """Autoescaped, strict about undefined names, with the language's catalog for `_()` and
    `ngettext()`. auto_reload is for serve only: a one-shot build would otherwise stat every
    template on every page.

    A clinic's theme (content/theme/templates/) comes first: a file there replaces the built-in
    one of the same name, and can extend it as "hepkit/NAME" to change one block only. Then every
    template runs in the sandbox of walls.py."""
    builtin = jinja2.FileSystemLoader(str(templates_dir))
    loaders = [jinja2.PrefixLoader({"hepkit": builtin})]
    themed = theme is not None and (theme / "templates").is_dir()
    if themed:
        loaders.append(jinja2.FileSystemLoader(str(theme / "templates"), followlinks=False))
    kind = ThemeSandbox if themed else RecordingEnvironment  # a theme is code: it runs inside walls
    env = kind(
        loader=jinja2.ChoiceLoader([*loaders, builtin]), auto_reload=auto_reload,
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n", ConstantWords],
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.newstyle_gettext = True  # {% trans %} in a theme calls gettext() as _() does: it fills in the values
    gettext, ngettext = interface_words(language)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    said = functools.partial
    env.filters.update(
        dose_text=lambda dose, limb="side": words.dose_text(dose, limb, language),
        amount_text=lambda dose, limb="side": words.amount_text(dose, limb, language),
        progress_text=lambda dose, limb="side": words.progress_text(dose, limb, language),
        often_text=said(words.often_text, language=language),
        duration_text=said(words.duration_text, language=language),
        long_date=said(words.long_date, language=language), short_date=said(words.short_date, language=language),
        day_date=said(words.day_date, language=language),
        kind_text=said(words.kind_text, language=language), url=_url, demote=_demote, css_string=css_string,
        css_counters=css_counters, one_line=one_line, bdi=bdi, unbroken=unbroken)
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
