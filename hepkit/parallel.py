"""Work shared between the machine's cores: forked processes (where the system has fork), each
taking every n-th item. Used for what costs milliseconds an item and is done for hundreds of
them at once: finding the poses of the figures, drawing them, converting Markdown."""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Sequence

WORKERS = min(2, os.cpu_count() or 1) if hasattr(os, "fork") else 1
FORK_FROM = 40  # items: below this a second process costs more than it saves

_JOB: tuple | None = None  # what the forked workers do: set just before the fork, read by _share


def map_forked(function: Callable, items: Sequence, workers: int = WORKERS, fork_from: int | None = None) -> list:
    """[function(item) for item in items], in `workers` forked processes when there are at least
    `fork_from` items (FORK_FROM unless said). The results come back pickled, in the order of the
    items; each worker sees the parent's memory as it was at the fork.
    A process with other threads (the dev server's) is never forked: a lock another thread holds
    would stay held in the child for ever."""
    if workers < 2 or len(items) < (FORK_FROM if fork_from is None else fork_from) or threading.active_count() > 1:
        return [function(item) for item in items]
    import multiprocessing
    global _JOB
    _JOB = (function, items, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=worker_signals) as pool:
            parts = pool.map(_share, range(workers))
    finally:
        _JOB = None
    found: list = [None] * len(items)
    for share, part in enumerate(parts):
        found[share::workers] = part
    return found


def _share(share: int) -> list:
    function, items, workers = _JOB
    return [function(item) for item in items[share::workers]]


def worker_signals() -> None:
    """Ctrl+C is the main process's to handle (it stops the pool); SIGTERM just ends a worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
