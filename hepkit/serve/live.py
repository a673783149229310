"""livereload's parts, through their public faces: a Watcher that never polls (watchfiles reports
changes), a reload socket and script for this server's own pages only, and a Server whose routes
put those (and the pose studio's) around the dev site's WSGI app."""
from __future__ import annotations

import json
import logging
from urllib.parse import urlparse

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import web
from tornado.log import LogFormatter
from tornado.websocket import WebSocketHandler

from ..studio.api import StudioApi, StudioPage
from .dev_site import local_hosts


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
