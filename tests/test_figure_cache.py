"""Pictures cost what changed: each illustration block is read (its free joints solved) once and
kept in the build cache, and many are read and drawn in forked workers, with the same bytes."""
import json
import os
import shutil
import threading

import pytest

from hepkit import parallel
from hepkit.content.model import Illustration
from hepkit.content.yaml_lines import parse_yaml
from hepkit.figures.poses import parse_illustration
from hepkit.pipeline import build
from hepkit.site import render
from hepkit.validate import poses
from tests.conftest import ROOT, found, snapshot

FIGURES = ROOT / "tests" / "fixtures" / "figures"


@pytest.fixture
def drawn(tmp_path):
    """The figure fixtures as a site: 31 exercises, each with an illustration."""
    shutil.copytree(FIGURES, tmp_path / "content")
    found((tmp_path / "content" / "exercises").glob("*.md"), 31)
    return tmp_path


def _blocks():
    for folder in (ROOT / "content" / "exercises", FIGURES / "exercises"):
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            if "illustration:" in text and "." not in path.stem:  # a translation holds only captions
                yield path, text.split("---")[1]


@pytest.mark.parametrize("path,front", list(_blocks()), ids=lambda v: getattr(v, "stem", ""))
def test_an_illustration_comes_back_from_its_cache_record_unchanged(path, front):
    errors = []
    block = parse_yaml(front, str(path), errors)["illustration"]
    illustration = parse_illustration(block, str(path), 1, errors)
    assert not errors and illustration is not None
    record = json.loads(json.dumps(illustration.record()))  # as the cache writes and reads it
    back = Illustration.from_record(record)
    assert back == illustration and repr(back) == repr(illustration)  # the repr keys the drawn figure


def test_a_build_after_an_edit_reads_only_the_illustration_that_changed(drawn, monkeypatch):
    content = drawn / "content"
    build(content, drawn / "output")
    read = []

    def counted(block, path, line, errors):
        read.append(path)
        return parse_illustration(block, path, line, errors)

    monkeypatch.setattr(poses, "parse_illustration", counted)
    step_down = content / "exercises" / "step-down.md"
    text = step_down.read_text(encoding="utf-8")
    step_down.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    assert build(content, drawn / "output").changed  # the edited page was written again ...
    assert read == []  # ... and no block was read: none changed
    step_down.write_text(text.replace("caption: ", "caption: Edited ", 1), encoding="utf-8")
    build(content, drawn / "output")
    assert [os.path.basename(p) for p in read] == ["step-down.md"]
    build(content, drawn / "fresh", use_cache=False)
    assert snapshot(drawn / "output") == snapshot(drawn / "fresh")


def test_a_damaged_poses_entry_is_read_again(drawn):
    content = drawn / "content"
    build(content, drawn / "output")
    table = drawn / ".hepkit-cache" / "poses.json"
    data = json.loads(table.read_text())
    assert len(data["entries"]) == 31
    data["entries"] = {key: {"frames": [["standing", "x"]]} for key in data["entries"]}  # shaped, but wrong
    from hepkit.output import cache as cache_module
    table.write_text(cache_module.table_text(data["entries"]))  # a file made to look right
    (content / "exercises" / "wall-sit.md").write_text(
        (content / "exercises" / "wall-sit.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(content, drawn / "output")
    build(content, drawn / "fresh", use_cache=False)
    assert snapshot(drawn / "output") == snapshot(drawn / "fresh")


def _alone(monkeypatch):
    """Fork even though the test session has threads of its own (a served site, the browser's)."""
    monkeypatch.setattr(parallel, "FORK_FROM", 2)
    monkeypatch.setattr(render, "MARKDOWN_FORK_FROM", 2)  # the texts too
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def test_figures_read_and_drawn_in_two_workers_give_the_same_bytes(drawn, monkeypatch):
    build(drawn / "content", drawn / "one", use_cache=False)
    _alone(monkeypatch)  # these 31 figures, shared between two processes
    original, seen = parallel._share, drawn / "workers.txt"

    def share(n):  # each worker notes its process id in a file: it has no other way back
        with open(seen, "a") as out:
            out.write(f"{os.getpid()}\n")
        return original(n)
    share.__module__, share.__qualname__ = parallel.__name__, "_share"  # the pool sends it by that name
    monkeypatch.setattr(parallel, "_share", share)
    build(drawn / "content", drawn / "two", use_cache=False)
    assert snapshot(drawn / "one") == snapshot(drawn / "two")
    workers = set(seen.read_text().split())
    assert workers and str(os.getpid()) not in workers  # poses read, figures drawn, texts converted in workers


def test_work_is_shared_between_processes_in_order(monkeypatch):
    _alone(monkeypatch)
    squares = parallel.map_forked(lambda n: (n * n, os.getpid()), list(range(9)), workers=2)
    assert [s for s, _ in squares] == [n * n for n in range(9)]
    pids = {pid for _, pid in squares}
    # other processes did it (a pool's worker may take both halves when the work is this small)
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert parallel.map_forked(lambda n: n, [], workers=2) == []


def test_a_process_with_other_threads_is_never_forked(monkeypatch):
    """The dev server runs builds beside its own thread: a fork there could inherit a held lock."""
    monkeypatch.setattr(parallel, "FORK_FROM", 2)
    monkeypatch.setattr(render, "MARKDOWN_FORK_FROM", 2)  # the texts too
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = parallel.map_forked(lambda n: os.getpid(), list(range(6)), workers=2)
    finally:
        stop.set()
        other.join()
    assert pids == [os.getpid()] * 6
