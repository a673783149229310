"""`serve` itself: the first build, then a server on the loopback address and a thread that
rebuilds after every burst of file events, until Ctrl+C."""
from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import watchfiles
from tornado.ioloop import IOLoop

from ..errors import ContentErrors
from ..output.cache import folder_for
from ..output.write import refuse_overlap
from ..pipeline import Builtins
from .dev_site import DevSite
from .live import DevServer, DevWatcher, SameOriginSocket


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
        touched = [path for _, path in events]
        first = site.first_pages(touched)  # the saved exercise's own page, in milliseconds
        if first:
            loop.add_callback(SameOriginSocket.reload_pages, first)
        changed = site.rebuild(touched=touched)
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
        # the watcher leaves its loop within a few milliseconds of being told (more if a rebuild is
        # under way): let it, so that Python does not shut down under a thread still in watchfiles
        stop.set()
        watcher.join(timeout=1)
    return 0
