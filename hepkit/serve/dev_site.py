"""The dev server's state: build, keep the last good pages with the error shown on each when a
build fails, and serve output/ with the changes made only while serving (the page's policy widened
for livereload's script, the studio link, the error banner)."""
from __future__ import annotations

import gc
import html
import mimetypes
import re
import sys
from pathlib import Path

from ..errors import ContentError, ContentErrors
from ..output.cache import BuildCache, folder_for
from ..pipeline import BuildResult, Builtins, build
from .first_page import put_back, write_first_pages

_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_BODY_OPEN = re.compile(r"<body\b[^>]*>")


class DevSite:
    """The dev server's state: where things are, and the problems of the latest build, if any."""

    def __init__(self, content: str, output: str, builtins: Builtins = Builtins(), port: int = 8000):
        self.content, self.output, self.builtins = content, Path(output), builtins
        self.hosts = local_hosts(port)
        self.errors: list[ContentError] = []
        self.warned: list[str] = []
        self.cache = BuildCache(folder_for(self.output), memory=True)  # kept between rebuilds
        self.builds = 0
        self.last: BuildResult | None = None  # the last good build: its library and renderer
        self.written_first: dict[str, bytes] = {}  # pages first_pages() wrote, as they were before

    def first_pages(self, touched) -> set[str]:
        """Write the page of each saved exercise at once (first_page.py), before the whole build;
        returns those pages. Nothing when the save touched more than exercises or the last build
        failed. Never raises: the whole build that follows reports every problem."""
        self.cache.forget(touched)
        try:
            self.written_first = {} if self.errors else write_first_pages(self.last, self.content, self.output,
                                                                           touched, self.cache)
        except Exception:
            self.written_first = {}
        return set(self.written_first)

    def rebuild(self, touched=()) -> set[str] | None:
        """Build; on failure keep the last good output and remember why. Never raises. `touched`
        are the files the watcher saw change: they are read again whatever their size and time
        say. Returns the pages that changed, or None when every open page must reload (the error
        banner came or went)."""
        # Python's garbage collector does not run during a build, and what the server keeps between
        # builds is frozen out of it: at 10,000 sheets its passes over those objects took 0.7 s a
        # save. Most of what a build leaves behind is freed by reference counting; the collection
        # after it looks only at what it made, and every 50th at everything.
        gc.disable()
        try:
            return self._rebuild(touched)
        finally:
            self.builds += 1
            if self.builds % 50 == 0:
                gc.unfreeze()
            gc.enable()
            gc.collect()
            gc.freeze()

    def _rebuild(self, touched) -> set[str] | None:
        errors_before, written_first, self.written_first = self.errors, self.written_first, {}
        self.cache.forget(touched)
        try:
            result = build(self.content, self.output, incremental=True, cache=self.cache, builtins=self.builtins)
        except ContentErrors as problems:
            self.errors = problems.errors
            print("\n".join(str(e) for e in self.errors), file=sys.stderr)
            print("Build failed; still serving the last good pages. Fix and save to try again.", file=sys.stderr)
            self._put_back(written_first)
            return None if self.errors != errors_before or written_first else set()
        except Exception as error:  # a half-saved file, a folder renamed away: report, keep serving
            self.errors = [ContentError(self.content, 1, f"the build stopped: {error}", "fix it and save again")]
            print(self.errors[0], file=sys.stderr)
            self._put_back(written_first)
            return None
        self.errors, self.last = [], result
        if result.report.warnings != self.warned:  # the warnings a build prints, once until they change
            self.warned = result.report.warnings
            for warning in self.warned:
                print(warning, file=sys.stderr)
        changed = ", ".join(result.changed[:5]) + (" …" if len(result.changed) > 5 else "")
        print(f"Rebuilt in {result.seconds:.2f} s: {len(result.changed)} changed {changed}".rstrip(), flush=True)
        return None if errors_before else set(result.changed)

    def _put_back(self, written_first: dict[str, bytes]) -> None:
        try:
            put_back(self.output, written_first)
        except Exception as error:  # a folder renamed away: the next good build writes them again
            print(f"{self.output}: the pages written first could not be put back: {error}", file=sys.stderr)

    def error_banner(self) -> str:
        items = "".join(f"<li>{html.escape(str(e))}</li>" for e in self.errors)
        return ('<div id="hepkit-build-error" role="alert" style="background:#fdeaea;color:#1b1b1b;'
                'border:4px solid #a12020;padding:1rem;margin:0;font:1.1rem/1.5 system-ui,sans-serif">'
                f"<strong>The last change has a problem, so this page is the last good version.</strong>"
                f'<ul style="font-family:monospace">{items}</ul>Fix the file and save; this page reloads.</div>')

    def app(self, environ, start_response):
        """A small WSGI app serving output/, with the served-only changes described above."""
        host = environ.get("HTTP_HOST", "")
        if host not in self.hosts:
            return self._respond(start_response, "403 Forbidden", "text/plain; charset=utf-8",
                                 b"This server answers only http://127.0.0.1 and http://localhost at its port.")
        # PATH_INFO arrives decoded once (WSGI carries it as latin-1); decoding it again would let
        # %252e%252e through as "..".
        relative = environ.get("PATH_INFO", "/").encode("latin-1", "replace").decode("utf-8", "replace").lstrip("/")
        target = None
        if "\0" not in relative and len(relative) <= 1024:
            try:
                target = (self.output / relative).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if self.output.resolve() not in target.parents or not target.is_file():
                    target = None
            except (OSError, ValueError):  # a name too long for the file system, and the like
                target = None
        if target is None:
            return self._respond(start_response, "404 Not Found", "text/html; charset=utf-8",
                                 self._page("Not found", f"There is no page at /{html.escape(relative)}."))
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        if kind == "text/html":
            def policy(meta):
                served = html.escape(served_csp(html.unescape(meta[1]), host))
                return f'<meta http-equiv="Content-Security-Policy" content="{served}">'
            page = _CSP_META.sub(policy, body.decode("utf-8"), count=1)
            if relative == "figures.html":  # while serving only: the studio is never part of the site
                page = page.replace("</h1>", '</h1><p class="studio-link"><a href="/_studio/">Open the pose studio'
                                    "</a> to change a picture by moving its joints.</p>", 1)
            if self.errors:
                page = _BODY_OPEN.sub(lambda m: m[0] + self.error_banner(), page, count=1)
            body, kind = page.encode("utf-8"), "text/html; charset=utf-8"
        return self._respond(start_response, "200 OK", kind, body)

    def _page(self, title: str, text: str) -> bytes:
        banner = self.error_banner() if self.errors else ""
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body>{banner}<p>{text}</p></body></html>").encode()

    @staticmethod
    def _respond(start_response, status: str, kind: str, body: bytes):
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


def local_hosts(port: int) -> set[str]:
    return {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}


def served_csp(policy: str, host: str) -> str:
    """The page's own policy, plus livereload.js from this server and its socket back to it: no
    inline script beyond the page's own (which the policy names by hash)."""
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    parts = [f"{part} 'self'" if part.startswith("script-src ") else part for part in parts]
    return "; ".join([*parts, f"connect-src ws://{host}"])
