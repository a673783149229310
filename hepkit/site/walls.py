"""What a clinic's theme may not do. A theme is code that hepkit runs, so:
- its templates run in a Jinja sandbox with a budget: no attribute tricks, no loop or number that
  would hang the build (ThemeSandbox);
- it may not turn autoescaping off, and its files may not be links to outside content/
  (check_theme_files, before anything is built);
- every page it shapes keeps hepkit's Content-Security-Policy first in <head>, no other
  http-equiv, and loads nothing from the network (page_problem, after each page is rendered).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2
import jinja2.nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .reads import RecordingReads

WORK = 1_000_000  # loop turns (range items) and characters a page's templates may make by `*`
BIGGEST_POWER = 10_000


class ThemeSandbox(RecordingReads, SandboxedEnvironment):
    """The sandbox, with a budget per page on `range()` and on `*` and `**`, which are how a template
    makes more work than its content holds."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.work_left = WORK
        self.globals["range"] = self._range

    def new_page(self) -> None:
        self.work_left = WORK

    def _spend(self, amount: int) -> None:
        self.work_left -= max(0, amount)
        if self.work_left < 0:
            raise SecurityError(f"this page's templates loop or repeat more than {WORK:,} times")

    def _range(self, *args):
        turns = range(*args)
        self._spend(len(turns))
        return turns

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64 and abs(left) > 1:
            raise SecurityError(f"{left} ** {right} is too big a number for a page")
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int):
                    self._spend(len(text) * times)
            if all(isinstance(x, int) and not isinstance(x, bool) for x in (left, right)) \
                    and max(abs(left), abs(right)) > 10 ** 100:
                raise SecurityError("too big a number for a page")
        return super().call_binop(context, operator, left, right)


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))


def check_theme_files(theme: Path, content: Path, static: Path) -> list:
    """Each theme file is the clinic's own (not a link to outside content/), and each template
    parses, keeps autoescaping on and names only static files that exist (in the theme's static/
    or hepkit's own `static`), as a build would find them."""
    from ..errors import ContentError
    errors = []
    files = sorted({p.name for folder in (theme / "static", static) if folder.is_dir()
                    for p in folder.iterdir() if p.is_file()})
    for folder in (theme / "templates", theme / "static"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_symlink() and not _inside(path, content):
                errors.append(ContentError(str(path), 1, "this theme file is a link to a file outside the content "
                                           "folder", "copy the file into content/theme/ instead of linking to it"))
            elif folder.name == "templates" and path.suffix == ".html" and path.is_file():
                errors += _template_problems(path, files)
    return errors


def _template_problems(path: Path, files: list[str]) -> list:
    from ..errors import ContentError, did_you_mean
    try:
        tree = jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(path.read_text(encoding="utf-8"), path.name,
                                                                        str(path))
    except jinja2.TemplateSyntaxError as e:
        return [ContentError(str(path), e.lineno or 1, f"template error: {e.message}", "fix the template syntax")]
    except (OSError, UnicodeDecodeError) as e:
        return [ContentError(str(path), 1, f"this template cannot be read: {e}", "save it again as UTF-8")]
    problems = []
    for node in tree.find_all((jinja2.nodes.ScopedEvalContextModifier, jinja2.nodes.EvalContextModifier)):
        for option in node.options:
            if option.key == "autoescape" and not (isinstance(option.value, jinja2.nodes.Const) and option.value.value):
                problems.append(ContentError(str(path), node.lineno, "a theme may not turn autoescaping off: patient "
                                             "names and notes would be read as HTML",
                                             "remove the {% autoescape %} block; mark only your own fixed words |safe"))
    for call in tree.find_all(jinja2.nodes.Call):
        named = call.args[0] if call.args else None
        if (isinstance(call.node, jinja2.nodes.Name) and call.node.name in ("inline", "static_text")
                and isinstance(named, jinja2.nodes.Const) and isinstance(named.value, str)
                and named.value not in files):
            problems.append(ContentError(str(path), call.lineno, f'{call.node.name}("{named.value}") names a file '
                                         f"that is not in content/theme/static/{did_you_mean(named.value, files)}",
                                         "put the file in content/theme/static/, or correct its name"))
    return problems


_CSP = '<meta http-equiv="Content-Security-Policy" content="{}">'
_BEFORE_CSP = re.compile(rb'\s+|<!doctype html>|<html\b[^<>]*>|<head>|<meta charset="[^"<>]*">|'
                         rb'<meta name="viewport" content="[^"<>]*">|<!--.*?-->', re.S)
_LOADS_FROM = re.compile(rb"""(?:\b(?:src|srcset|poster|data|action|formaction)\s*=\s*["']?\s*|url\(\s*["']?\s*|"""
                         rb"""@import\s+(?:url\(\s*)?["']?\s*)(?:https?:|ftp:)?$""")


def page_problem(page: bytes, csp_attribute: str) -> str:
    """What a rendered page (UTF-8 bytes) does against the walls above, in words, or "" when
    nothing. Bytes, lower-cased once: text methods on a 100 KB page cost a millisecond each."""
    lowered = page.lower()
    head = lowered.split(b"</head>", 1)[0]
    tag = _CSP.format(csp_attribute).lower().encode()
    if head.count(tag) != 1:
        return "the page lost hepkit's Content-Security-Policy (or has it twice)"
    if _BEFORE_CSP.sub(b"", head[:head.index(tag)]):
        return "something comes before hepkit's Content-Security-Policy in <head>"
    if lowered.count(b"http-equiv") != 1:
        return "the page has an http-equiv of its own (a refresh or another policy)"
    remote = _remote(page, lowered)
    if remote:
        return f"the page would load {remote[:80]} from the network"
    return ""


def _remote(page: bytes, lowered: bytes) -> str:
    """The first address a page would load from the network: each `//` is looked at, with the few
    characters before it."""
    at = lowered.find(b"//")
    while at != -1:
        found = _LOADS_FROM.search(lowered, max(0, at - 40), at)
        if found:
            end = at + 2
            while end < len(page) and page[end:end + 1] not in b" \t\n\"'<>)":
                end += 1
            scheme = re.search(rb"(?:https?:|ftp:)$", lowered[found.start():at])
            return page[at - (len(scheme[0]) if scheme else 0):end].decode("utf-8", "replace")
        at = lowered.find(b"//", at + 2)
    return ""
