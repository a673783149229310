"""The build cache and pages that know their sources: the same bytes with or without the cache,
exactly the affected pages rebuilt after each kind of edit, and a damaged cache never trusted."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from hepkit.pipeline import build
from tests.conftest import ROOT, found, make_tree, sheet_files, snapshot


@pytest.fixture
def big(tmp_path):
    """A synthetic tree with shared exercises, several programs and patients."""
    make_tree(tmp_path / "content", exercises=40, programs=4, patients=30)
    return tmp_path


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_and_uncached_builds_are_byte_identical(big):
    content = big / "content"
    build(content, big / "cold", use_cache=False)
    build(content, big / "warm")
    build(content, big / "warm")  # everything from the cache
    edit(content / "exercises" / "ex-3.md", "Exercise 3", "Exercise three")
    build(content, big / "cold", use_cache=False)
    build(content, big / "warm")  # some pages from the cache, some rendered
    assert snapshot(big / "cold") == snapshot(big / "warm")


def test_a_build_with_nothing_changed_leaves_output_as_it_is(big):
    first = build(big / "content", big / "output")
    stamps = {p: p.stat().st_mtime_ns for p in (big / "output").rglob("*")}
    inode = (big / "output").stat().st_ino
    again = build(big / "content", big / "output")
    assert first.changed and again.changed == [] and again.pages == first.pages
    assert (big / "output").stat().st_ino == inode  # not swapped
    assert {p: p.stat().st_mtime_ns for p in (big / "output").rglob("*")} == stamps


def pages_of(result, prefix):
    return sorted(p for p in result.changed if p.startswith(prefix))


def test_each_kind_of_edit_rebuilds_exactly_the_pages_made_from_it(big):
    content, output = big / "content", big / "output"
    everything = build(content, output)
    sheets = sorted(p for p in everything.changed if p.startswith("sheets/"))

    edit(content / "patients" / "patient-7.yaml", "Keep going.", "Keep going gently.")
    assert len(build(content, output).changed) == 1  # that patient's sheet, nothing else

    program = (content / "programs" / "prog-1.yaml").read_text()
    used = sorted(set(n for n in __import__("re").findall(r"- ex-(\d+)", program)), key=int)
    edit(content / "programs" / "prog-1.yaml", "title: Program 1", "title: Program one")
    result = build(content, output)
    assert "index.html" in result.changed and "handouts/prog-1.html" in result.changed
    assert pages_of(result, "exercises/") == sorted(f"exercises/ex-{n}.html" for n in used)
    assert len(pages_of(result, "sheets/")) == 30 // 4 + (1 if 30 % 4 > 1 else 0)  # the patients of program 1
    assert len(result.changed) == 2 + len(used) + len(pages_of(result, "sheets/"))  # not figures.html

    edit(content / "exercises" / f"ex-{used[0]}.md", "Breathe.", "Breathe out.")
    result = build(content, output)
    assert f"exercises/ex-{used[0]}.html" in result.changed and "handouts/prog-1.html" in result.changed
    assert "index.html" in result.changed and all(p.startswith(("exercises/", "handouts/", "sheets/", "index", "figures"))
                                                  for p in result.changed)
    assert len(result.changed) < everything.pages

    edit(content / "site.yaml", "Bench Clinic", "Bench Clinic Two")
    assert len(build(content, output).changed) == everything.pages  # site.yaml is in every page
    (content / "patients" / "patient-7.yaml").unlink()
    result = build(content, output)
    assert result.changed == [] and result.pages == everything.pages - 1
    assert len(sheet_files(output)) == len(sheets) - 2  # its sheet is gone (and sheets/ holds index.html)


def test_a_template_or_hepkit_change_rebuilds_everything(big):
    from hepkit.pipeline import Builtins
    builtins = Builtins(templates=big / "templates")
    shutil.copytree(Builtins().templates, builtins.templates)
    everything = build(big / "content", big / "output", builtins=builtins)
    assert build(big / "content", big / "output", builtins=builtins).changed == []
    edit(builtins.templates / "base.html", "<main id=\"main\">", "<main id=\"main\" class=\"x\">")
    assert len(build(big / "content", big / "output", builtins=builtins).changed) == everything.pages


@pytest.mark.parametrize("damage", ["{", "[]", '{"format": 1, "code": "someone else", "entries": {}}', "\0\1\2"])
def test_a_damaged_or_foreign_cache_is_ignored_and_rebuilt(big, damage):
    content = big / "content"
    build(content, big / "clean", use_cache=False)
    build(content, big / "output")
    for table in found((big / ".hepkit-cache").glob("*.json"), 4):  # parsed, markdown, the last build, its page times
        table.write_text(damage)
    build(content, big / "output")
    assert snapshot(big / "output") == snapshot(big / "clean")
    assert json.loads((big / ".hepkit-cache" / "markdown.json").read_text())["format"] == 2  # rebuilt


def test_a_cache_entry_with_the_wrong_html_for_its_key_is_not_reached(big):
    """Entries are found by the hash of their source; text in the cache is never read back as a key."""
    content = big / "content"
    build(content, big / "output")
    table = big / ".hepkit-cache" / "markdown.json"
    data = json.loads(table.read_text())
    # Entries under keys no text hashes to, in a table that is otherwise whole and current: only a
    # cache that hands out entries whatever their key would put them in a page.
    data["entries"] = {key[::-1]: "<script>alert(1)</script>" for key in data["entries"]}
    from hepkit.output import cache as cache_module
    table.write_text(cache_module.table_text(data["entries"]))
    edit(content / "exercises" / "ex-1.md", "Exercise 1", "Exercise one")
    build(content, big / "output")
    assert not any(b"<script>alert" in p.read_bytes() for p in (big / "output").rglob("*.html"))


def test_a_failed_build_after_a_cached_one_leaves_the_last_good_site(big, cli):
    os.chdir(big)
    assert cli("build")[0] == 0
    before = snapshot(big / "output")
    edit(big / "content" / "patients" / "patient-3.yaml", "start: 2026-01-05", "start: 2026-02-30")
    code, out, err = cli("build")
    assert code == 1 and "there is no 30 February 2026" in err
    assert snapshot(big / "output") == before


def test_no_cache_and_clean(big, cli):
    os.chdir(big)
    assert cli("build")[1].startswith("Built ")
    assert cli("build")[1].startswith("Nothing changed: ")
    assert cli("build", "--no-cache")[1].startswith("Built ")
    # The output's own record says what --no-cache wrote, so the next build trusts it, page by page.
    assert cli("build")[1].startswith("Nothing changed: ")
    assert cli("clean")[1] == "Removed .hepkit-cache/, output/.\n"
    assert sorted(p.name for p in big.iterdir()) == ["content"]
    (big / "mine").mkdir()
    (big / "mine" / "notes.txt").write_text("keep")
    code, out, err = cli("clean", "--output", "mine")
    assert code == 1 and (big / "mine" / "notes.txt").exists()


def test_two_worker_processes_give_the_same_bytes_as_one(big, monkeypatch):
    from hepkit import pipeline
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10)  # this small tree, rendered in two processes
    build(big / "content", big / "one", use_cache=False, workers=1)
    result = build(big / "content", big / "two", use_cache=False, workers=2)
    assert len(result.changed) == result.pages and snapshot(big / "one") == snapshot(big / "two")
    build(big / "content", big / "two", workers=2)  # and the cache it wrote is right: nothing to do
    assert build(big / "content", big / "two", workers=2).changed == []


def test_a_build_with_nothing_changed_reads_no_content_and_imports_no_renderer(tree, cli):
    """The second build stops after hashing its inputs: no YAML, Jinja, Markdown or Babel is even
    imported (checked in a fresh process), and it says exactly what a full build says."""
    first = cli("build", "--no-cache")  # every page made, nothing remembered
    assert first[0] == 0
    assert cli("build")[1].startswith("Nothing changed: 7 pages")  # checked the long way, then remembered
    probe = ("import sys\nfrom hepkit.cli import main\ncode = main(['build'])\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'markdown', 'babel', 'yaml'})\n"
             "print('heavy:', heavy, code, file=sys.stderr)\n")
    fast = subprocess.run([sys.executable, "-c", probe], cwd=tree.parent, capture_output=True, text=True)
    assert fast.stderr.splitlines()[-1] == "heavy: [] 0", fast.stderr
    assert re.sub(r"in [0-9.]+ s", "", fast.stdout) == re.sub(r"in [0-9.]+ s", "", first[1]).replace(
        "Built 7 pages", "Nothing changed: 7 pages checked")
    edit(tree / "exercises" / "wall-sit.md", "Slide down the wall.", "Slide down the wall slowly.")
    again = subprocess.run([sys.executable, "-c", probe], cwd=tree.parent, capture_output=True, text=True)
    assert "heavy: ['babel', 'jinja2', 'markdown', 'yaml'] 0" in again.stderr and "Rebuilt " in again.stdout


def test_the_last_build_is_kept_sealed(tree, cli):
    assert cli("build")[0] == 0
    (kept,) = (tree.parent / ".hepkit-cache").glob("build-*.json")
    text = kept.read_text()
    assert "pat.yaml" not in text and "sheets/" not in text and "Pat Example" not in text
    assert kept.stat().st_mode & 0o777 == 0o600


def _forgetful(monkeypatch):
    """A site map that declares only a sheet's patient file: what a page reads must still reach its key."""
    from hepkit.site import pages
    plan = pages.plan

    def forgetful(library):
        planned = plan(library)
        for page in planned:
            if page.template == "sheet.html":
                page.sources = page.sources[:1]
        return planned
    monkeypatch.setattr(pages, "plan", forgetful)


@pytest.mark.parametrize("edited, old, new", [
    ("exercises/wall-sit.md", "Slide down the wall.", "Slide down the wall, slowly."),
    ("exercises/step-up.md", "title: Step up", "title: Step-up"),
    ("programs/knee.yaml", "name: Build", "name: Build up"),
])
def test_a_source_the_site_map_forgets_is_recorded_while_the_page_renders(tree, cli, tmp_path, monkeypatch,
                                                                         edited, old, new):
    _forgetful(monkeypatch)
    assert cli("build")[0] == 0
    edit(tree / edited, old, new)
    result = build("content", tree.parent / "output")
    (sheet,) = [p for p in result.changed if p.startswith("sheets/") and not p.endswith("index.html")]
    build("content", tmp_path / "fresh", use_cache=False)
    assert snapshot(tree.parent / "output") == snapshot(tmp_path / "fresh")


def test_a_translation_the_site_map_forgets_is_recorded_too(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns(".sheet-salt"))
    monkeypatch.chdir(tmp_path)
    _forgetful(monkeypatch)
    build("content", "output")
    edit(tmp_path / "content" / "exercises" / "single-leg-bridge.es.md", "suba la cadera hasta", "levante la cadera hasta")
    changed = build("content", "output").changed
    assert "exercises/single-leg-bridge.es.html" in changed
    assert len([p for p in changed if p.startswith("sheets/")]) == 1  # Ana's, the one sheet in Spanish
    build("content", tmp_path / "fresh", use_cache=False)
    assert snapshot(tmp_path / "output") == snapshot(tmp_path / "fresh")
