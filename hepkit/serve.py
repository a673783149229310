"""`python build.py serve`: build, serve output/ on 127.0.0.1, rebuild and reload on every change.

Built on the `livereload` package, with three things it does not do by itself:
- a failed build never stops the server: the last good pages stay up with the error (file, line,
  message) shown at the top of every page, and the browser is still reloaded;
- reloads are not throttled (livereload drops any reload within 3 s of the previous one);
- served pages get a relaxed Content-Security-Policy so livereload's script can run; the files
  on disk keep the strict one and never contain the script.
"""
from __future__ import annotations

import html
import mimetypes
import re
import sys
from pathlib import Path
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler

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

    def rebuild(self) -> None:
        """Build; on failure keep the last good output and remember why. Never raises."""
        try:
            result = build(self.content, self.output, incremental=True)
        except ContentErrors as problems:
            self.errors = problems.errors
            print("\n".join(str(e) for e in self.errors), file=sys.stderr)
            print("Build failed; still serving the last good pages. Fix and save to try again.", file=sys.stderr)
            return
        except Exception as error:  # a half-saved file, a folder renamed away: report, keep serving
            self.errors = [ContentError(self.content, 1, f"the build stopped: {error}", "fix it and save again")]
            print(self.errors[0], file=sys.stderr)
            return
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
        relative = unquote(environ.get("PATH_INFO", "/")).lstrip("/")
        target = (self.output / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        inside = self.output.resolve() in target.parents
        if not inside or not target.is_file():
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


def serve(content: str, output: str, port: int, host: str = "127.0.0.1") -> int:
    site = DevSite(content, output)
    site.rebuild()
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # never drop a reload because the last one was recent
    server = Server(app=site.app)
    for folder in (Path(content), TEMPLATES, STATIC):  # each folder once: one build per change
        server.watch(str(folder), site.rebuild)
    server.watcher.examine()  # note every file's time now, so a change made at once is not missed
    # livereload skips a new file older than the server's start; a folder moved back into place
    # is such a file, and must rebuild too.
    server.watcher._start = 0
    print(f"Serving http://{host}:{port}/ — edit and save files to see changes. Ctrl+C stops.", flush=True)
    server.serve(port=port, host=host, debug=False, restart_delay=0)
    return 0
