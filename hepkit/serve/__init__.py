"""Serve, `python build.py serve`: build, serve output/ on 127.0.0.1, rebuild and reload on every change.

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
- /_studio/ is the pose studio (hepkit/studio/), linked from figures.html while serving;
- a saved exercise's own page is written in milliseconds, before the whole build.

Modules: dev_site.py (the dev server's state: build, keep the last good pages, serve output/),
first_page.py (a saved exercise's own page before the whole build), live.py (livereload's parts,
kept to this server's own pages), command.py (watching files and serving until Ctrl+C).
"""
from .command import serve
from .dev_site import DevSite
from .live import DevServer, DevWatcher

__all__ = ["DevServer", "DevSite", "DevWatcher", "serve"]
