"""`python build.py serve`: build, serve output/ on 127.0.0.1, rebuild and reload on every change.

Built on the `livereload` package, through its public parts (a Watcher subclass passed to its
Server, a subclass of its socket handler), with what it does not do by itself:
- a failed build never stops the server: the last good pages stay up with the error (file, line,
  message) shown at the top of every page, and the browser is still reloaded;
- reloads are not throttled (livereload drops any reload within 3 s of the previous one), and the
  browser is told to reload only when a page changed; the message never names a source file,
  since patient files are named after patients;
- the reload socket accepts only pages of this server (any other web page open in the physio's
  browser could otherwise listen in);
- served pages get a relaxed Content-Security-Policy so livereload's script can run; the files
  on disk keep the strict one and never contain the script.
"""
from __future__ import annotations

import html
import mimetypes
import os
import re
import socket
import sys
from pathlib import Path

import livereload.server
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.websocket import WebSocketHandler

from .errors import ContentError, ContentErrors
from .pipeline import STATIC, TEMPLATES, build

SERVED_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src 'self' data:; connect-src 'self' ws: wss:")
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_BODY_OPEN = re.compile(r"<body\b[^>]*>")


class DevSite:
    """The dev server's state: where things are, and the problems of the latest build, if any."""

    def __init__(self, content: str, output: str):
        self.content, self.output = content, Path(output)
        self.errors: list[ContentError] = []
        self.browser_should_reload = False

    def rebuild(self) -> None:
        """Build; on failure keep the last good output and remember why. Never raises."""
        errors_before = self.errors
        self.browser_should_reload = False
        try:
            result = build(self.content, self.output, incremental=True)
        except ContentErrors as problems:
            self.errors = problems.errors
            self.browser_should_reload = self.errors != errors_before
            print("\n".join(str(e) for e in self.errors), file=sys.stderr)
            print("Build failed; still serving the last good pages. Fix and save to try again.", file=sys.stderr)
            return
        except Exception as error:  # a half-saved file, a folder renamed away: report, keep serving
            self.errors = [ContentError(self.content, 1, f"the build stopped: {error}", "fix it and save again")]
            self.browser_should_reload = True
            print(self.errors[0], file=sys.stderr)
            return
        self.browser_should_reload = bool(result.changed) or bool(errors_before)
        self.errors = []
        changed = ", ".join(result.changed[:5]) + (" …" if len(result.changed) > 5 else "")
        print(f"Rebuilt in {result.seconds:.2f} s: {len(result.changed)} changed {changed}".rstrip())

    def error_banner(self) -> str:
        items = "".join(f"<li>{html.escape(str(e))}</li>" for e in self.errors)
        return ('<div id="hepkit-build-error" role="alert" style="background:#fdeaea;color:#1b1b1b;'
                'border:4px solid #a12020;padding:1rem;margin:0;font:1.1rem/1.5 system-ui,sans-serif">'
                f"<strong>The last change has a problem, so this page is the last good version.</strong>"
                f'<ul style="font-family:monospace">{items}</ul>Fix the file and save; this page reloads.</div>')

    def app(self, environ, start_response):
        """A small WSGI app serving output/, with the served-only changes described above."""
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
            page = _CSP_META.sub(f'<meta http-equiv="Content-Security-Policy" content="{SERVED_CSP}">',
                                 body.decode("utf-8"), count=1)
            if self.errors:
                page = _BODY_OPEN.sub(lambda m: m[0] + self.error_banner(), page, count=1)
            body, kind = page.encode("utf-8"), "text/html; charset=utf-8"
        return self._respond(start_response, "200 OK", kind, body)

    def _page(self, title: str, text: str) -> bytes:
        banner = self.error_banner() if self.errors else ""
        return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body>{banner}<p>{text}</p></body></html>").encode("utf-8")

    @staticmethod
    def _respond(start_response, status: str, kind: str, body: bytes):
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


class DevWatcher(Watcher):
    """livereload's polling watcher, which runs the build and then says what the browser needs:
    nothing when no page changed, else a reload with no source path in it. The name
    "__livereload__" is livereload's own mark for "reload now", exempt from its 3-second throttle."""

    RELOAD_NOW = "__livereload__"

    def __init__(self, site: DevSite):
        super().__init__()
        self.site = site

    def note_every_file(self) -> None:
        """Record every watched file's time now, so a change made at once is not missed. Only then
        count files older than the server as new: livereload skips those, but a folder moved back
        into place is one, and must rebuild too. (Before the first look, every file would be new.)"""
        super().examine()
        self._start = 0

    def examine(self):
        changed, delay = super().examine()  # runs site.rebuild when a watched file changed
        if changed is None or not self.site.browser_should_reload:
            self.filepath = None
            return None, None
        self.filepath = self.RELOAD_NOW
        return self.filepath, None


class SameOriginSocket(LiveReloadHandler):
    """The reload socket, for pages served here only: the browser sends the page's Origin, and
    tornado's own check compares it with this server's host and port."""

    def check_origin(self, origin):
        return WebSocketHandler.check_origin(self, origin)


def serve(content: str, output: str, port: int, host: str = "127.0.0.1") -> int:
    site = DevSite(content, output)
    site.rebuild()
    server = Server(app=site.app, watcher=DevWatcher(site))
    for folder in (Path(content), TEMPLATES, STATIC):  # each folder once: one build per change
        server.watch(str(folder), site.rebuild)
    server.watcher.note_every_file()
    livereload.server.LiveReloadHandler = SameOriginSocket  # the class livereload routes /livereload to
    try:
        with socket.create_server((host, port)):  # a port in use is said plainly, before serving starts
            pass
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(f"Cannot serve on {host}:{port}: {reason.lower()} — "
              f"pass another port, for example --port {port + 1 if port < 65535 else 8000}", file=sys.stderr)
        return 1
    print(f"Serving http://{host}:{port}/ — edit and save files to see changes. Ctrl+C stops.", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
