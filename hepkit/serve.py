"""`python build.py serve`: build, serve output/ on 127.0.0.1, rebuild and reload on every change.

Built on the `livereload` package for the browser side (its socket protocol and script), through
its public parts: a Watcher subclass passed to its Server, and a Server subclass whose
application() routes the reload socket to a subclass of its handler. Nothing of livereload's
module is replaced. File changes come from `watchfiles` (inotify on Linux, FSEvents on macOS)
within milliseconds instead of livereload's 0.8 s polling, and a change re-renders only the pages
made from the changed file. On top:
- a failed build never stops the server: the last good pages stay up with the error (file, line,
  message) shown at the top of every page, and the browser is still reloaded;
- reloads are not throttled (livereload drops any reload within 3 s of the previous one), and a
  browser is told to reload only when the page it shows changed; the message never names a
  source file, since patient files are named after patients;
- the reload socket accepts only pages of this server (any other web page open in the physio's
  browser could otherwise listen in);
- served pages keep the build's Content-Security-Policy, with only livereload's own script file
  and its socket to this server added; the files on disk never contain the script;
- only requests for 127.0.0.1, localhost or [::1] at this port are answered (a page of another
  site that points a name of its own at 127.0.0.1, DNS rebinding, gets 403);
- /_studio/ is the pose studio (hepkit/studio/), linked from figures.html while serving.
"""
from __future__ import annotations

import html
import json
import logging
import mimetypes
import os
import re
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop
from tornado.log import LogFormatter
from tornado.websocket import WebSocketHandler

from .errors import ContentError, ContentErrors
from .output.cache import BuildCache, folder_for
from .output.write import refuse_overlap
from .pipeline import Builtins, build
from .studio.api import StudioApi, StudioPage

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

    def rebuild(self, touched=()) -> set[str] | None:
        """Build; on failure keep the last good output and remember why. Never raises. `touched`
        are the files the watcher saw change: they are read again whatever their size and time
        say. Returns the pages that changed, or None when every open page must reload (the error
        banner came or went)."""
        errors_before = self.errors
        self.cache.forget(touched)
        try:
            result = build(self.content, self.output, incremental=True, cache=self.cache, builtins=self.builtins)
        except ContentErrors as problems:
            self.errors = problems.errors
            print("\n".join(str(e) for e in self.errors), file=sys.stderr)
            print("Build failed; still serving the last good pages. Fix and save to try again.", file=sys.stderr)
            return None if self.errors != errors_before else set()
        except Exception as error:  # a half-saved file, a folder renamed away: report, keep serving
            self.errors = [ContentError(self.content, 1, f"the build stopped: {error}", "fix it and save again")]
            print(self.errors[0], file=sys.stderr)
            return None
        self.errors = []
        if result.report.warnings != self.warned:  # the warnings a build prints, once until they change
            self.warned = result.report.warnings
            for warning in self.warned:
                print(warning, file=sys.stderr)
        changed = ", ".join(result.changed[:5]) + (" …" if len(result.changed) > 5 else "")
        print(f"Rebuilt in {result.seconds:.2f} s: {len(result.changed)} changed {changed}".rstrip(), flush=True)
        return None if errors_before else set(result.changed)

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


class DevWatcher(Watcher):
    """livereload's Watcher, told not to poll (start() returns True): watchfiles reports changes."""

    def start(self, callback):
        return True

    def examine(self):
        return None, None


class SameOriginSocket(LiveReloadHandler):
    """The reload socket, for pages served here only: the browser sends the page's Origin, and
    tornado's own check compares it with this server's host and port. Each socket remembers the
    page it belongs to, so that only browsers showing a changed page reload."""

    page = None
    hosts: set[str] = set()

    def check_origin(self, origin):
        return self.request.host in self.hosts and WebSocketHandler.check_origin(self, origin)

    def on_message(self, message):
        super().on_message(message)
        try:
            url = json.loads(message).get("url")
        except (ValueError, AttributeError):
            return
        if url:
            path = urlparse(url).path.lstrip("/")
            self.page = path + "index.html" if path == "" or path.endswith("/") else path

    @classmethod
    def reload_pages(cls, changed: set[str] | None) -> None:
        """Tell each browser showing one of `changed` (all of them, for None) to reload."""
        for waiter in list(cls.waiters):
            if changed is None or waiter.page in changed or waiter.page is None:
                try:
                    waiter.write_message({"command": "reload", "path": "__livereload__", "liveCSS": False})
                except Exception:  # a browser that went away
                    cls.waiters.discard(waiter)


class LocalScript(LiveReloadJSHandler):
    """livereload.js, for this server's own names only."""

    hosts: set[str] = set()

    def prepare(self):
        if self.request.host not in self.hosts:
            raise web.HTTPError(403)


class DevServer(Server):
    """livereload's Server, with the reload socket at /livereload being SameOriginSocket.

    The base application() routes /livereload to livereload's own handler, which accepts any
    origin; this one builds the same routes (socket, livereload.js, the app with the script put
    into its pages) around ours, and the pose studio's when `content` is set."""

    content: str | None = None
    verbose = False  # livereload's and tornado's own log lines: shown only with serve --verbose

    def _setup_logging(self):
        """livereload's lines ("Serving on ...", "Start watching changes", a 404) go through the
        logging module to stderr; hepkit prints its own. Without --verbose only their errors show."""
        channel = logging.StreamHandler()
        channel.setFormatter(LogFormatter())
        for name in ("livereload", "tornado"):  # a handler on tornado keeps it from adding its own
            logging.getLogger(name).addHandler(channel)
            logging.getLogger(name).setLevel(logging.INFO if self.verbose else logging.ERROR)

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        LiveReloadHandler.watcher = self.watcher  # as the base does: serve() starts the watcher's tasks
        SameOriginSocket.hosts = LocalScript.hosts = local_hosts(port)
        script = b'<script src="/livereload.js?port=%d"></script>' % port
        studio = {"content": self.content, "hosts": local_hosts(port)}
        app = web.Application([
            (r"/livereload", SameOriginSocket),
            (r"/livereload.js", LocalScript),
            *([(r"/_studio/?", StudioPage, studio),
               (r"/_studio/(studio\.js|studio\.css)", StudioPage, studio),
               (r"/_studio/api/(exercises|block|draw|save|undo)", StudioApi, studio)] if self.content else []),
            (r".*", web.FallbackHandler, {"fallback": LiveScriptContainer(self.app, script)}),
        ])
        return app.listen(port, address=host)


class EditsOnly(watchfiles.DefaultFilter):
    """watchfiles' own filter (editor swap files, .git, ...), less hepkit's own writes: a clinic's
    folder holds its output/ and cache, and what serve writes there is not an edit."""

    def __init__(self, own: list[Path]):
        super().__init__()
        self.own = [str(folder.resolve()) for folder in own]

    def __call__(self, change, path: str) -> bool:
        path = os.path.normpath(path)  # a watched "." reports /site/./output/...
        return super().__call__(change, path) and not any(path == f or path.startswith(f + os.sep) for f in self.own)


def watch_files(site: DevSite, folders, loop: IOLoop, stop: threading.Event) -> None:
    """Rebuild after every burst of file events in `folders`, here on the watcher's thread, so the
    server goes on answering meanwhile: each page is renamed into place whole, so a browser gets
    the edited page as soon as it is written (it is written first). Then the reload message is
    sent from the server's loop."""
    edits = EditsOnly([site.output, folder_for(site.output)])
    for events in watchfiles.watch(*folders, stop_event=stop, step=5, raise_interrupt=False, watch_filter=edits):
        changed = site.rebuild(touched=[path for _, path in events])
        loop.add_callback(SameOriginSocket.reload_pages, changed)


def serve(content: str, output: str, port: int, host: str = "127.0.0.1", builtins: Builtins = Builtins(),
          verbose: bool = False) -> int:
    try:
        refuse_overlap(content, output)  # before the first build, which would otherwise only be reported
    except ContentErrors as problems:
        print("\n".join(str(e) for e in problems.errors), file=sys.stderr)
        return 1
    site = DevSite(content, output, builtins, port)
    site.rebuild()
    try:
        with socket.create_server((host, port)):  # a port in use is said plainly, before serving starts
            pass
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        print(f"Cannot serve on {host}:{port}: {reason.lower()} — "
              f"pass another port, for example --port {port + 1 if port < 65535 else 8000}", file=sys.stderr)
        return 1
    server = DevServer(app=site.app, watcher=DevWatcher())
    server.content = content  # the studio edits this site's exercises
    server.verbose = verbose
    stop = threading.Event()
    folders = [str(Path(content).resolve().parent if not Path(content).is_dir() else Path(content)),
               *map(str, builtins.folders())]
    watcher = threading.Thread(target=watch_files, daemon=True,
                               args=(site, folders, IOLoop.current(), stop))  # the loop livereload's serve() runs
    watcher.start()
    print(f"Serving http://{host}:{port}/ — edit and save files to see changes. Ctrl+C stops.", flush=True)
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    finally:
        stop.set()
    return 0
