"""The worst a tool like this can do, tried on purpose: delete a clinic's content, write through a
planted link, keep a stale page while saying "Nothing changed", let a theme loosen the promises,
or leave a patient's name where it can be read. One case or more for each class (issue 17)."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from hepkit.output.record import file_hash as record_file_hash
from hepkit.pipeline import build
from tests.conftest import FIXTURES, ROOT, sheet_files, snapshot
from tests.test_faults import start_build


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh(content, tmp_path, name="fresh"):
    """What a build with no history makes of `content`, byte for byte."""
    build(os.path.relpath(content), tmp_path / name, use_cache=False)  # as the physio names it: keys hold paths
    return snapshot(tmp_path / name)


def no_traceback(result):
    code, out, err = result
    assert "Traceback" not in err and "Traceback" not in out, err
    return code, out, err


# --- never delete what hepkit did not make ------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "clean", "serve"])
def test_content_inside_the_output_folder_is_never_touched(tmp_path, monkeypatch, cli, command):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "minimal", site / "content")
    monkeypatch.chdir(tmp_path)
    if command != "serve":
        assert cli("build", "--content", "site/content", "--output", "published")[0] == 0
        (site / ".hepkit-output").write_text("This folder is made by hepkit\n")  # even a marker does not help
    before = snapshot(site)
    code, out, err = no_traceback(cli(command, "--content", "site/content", "--output", "site"))
    assert code == 1
    assert err.splitlines()[0] == ("site:1: the output folder holds the content folder site/content: every build "
                                   "replaces the output folder whole, so the content would be deleted — pass an "
                                   "--output folder outside the content, for example one beside it")
    assert snapshot(site) == before


def test_an_output_folder_inside_the_content_is_refused(tree, cli):
    code, out, err = no_traceback(cli("build", "--output", "content/site"))
    assert code == 1 and err.startswith("content/site:1: the output folder is inside the content folder content")
    assert not (tree / "site").exists()


def test_planted_links_at_the_salt_and_its_temporary_names_are_never_written_through(tree, cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not hepkit's")
    (tree / ".sheet-salt").unlink(missing_ok=True)  # the first build makes it
    for name in (".sheet-salt.new", ".sheet-salt.tmp"):  # where an older hepkit wrote
        (tree / name).symlink_to(victim)
    assert cli("build")[0] == 0
    assert victim.read_text() == "not hepkit's"
    salt = tree / ".sheet-salt"
    assert salt.is_file() and not salt.is_symlink() and salt.stat().st_mode & 0o777 == 0o600


def test_a_salt_that_links_outside_the_content_is_refused(tree, cli, tmp_path):
    outside = tmp_path / "elsewhere"
    (tree / ".sheet-salt").unlink(missing_ok=True)
    (tree / ".sheet-salt").symlink_to(outside)  # dangling: a build would have written the salt there
    code, out, err = no_traceback(cli("build"))
    assert code == 1 and err.startswith("content/.sheet-salt:1: the sheet salt is a link to a file outside the "
                                        "content folder — replace the link with the file itself")
    assert not outside.exists() and not (tree.parent / "output").exists()


def test_a_new_patient_file_is_never_written_through_a_link(tree, cli, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("not hepkit's")
    (tree / "patients" / ".jane-example.yaml.new").symlink_to(victim)
    assert cli("new", "patient", "Jane Example", "--program", "knee")[0] == 0
    assert victim.read_text() == "not hepkit's"
    assert "Jane Example" in (tree / "patients" / "jane-example.yaml").read_text()
    (tree / "patients" / "joe-example.yaml").symlink_to(tmp_path / "nowhere.yaml")  # a dangling link
    code, out, err = cli("new", "patient", "Joe Example", "--program", "knee")
    assert code == 1 and err.startswith("content/patients/joe-example.yaml:1: this is a link to a file that does not "
                                        "exist")
    assert not (tmp_path / "nowhere.yaml").exists()


def test_the_cache_is_never_written_through_a_link(tree, cli, tmp_path):
    victim = tmp_path / "victim.json"
    victim.write_text("{}")
    assert cli("build")[0] == 0
    cache = tree.parent / ".hepkit-cache"
    for name in ("markdown.json.new", "parsed.json.new", "figures.json.new"):
        (cache / name).symlink_to(victim)
    edit(tree / "exercises" / "wall-sit.md", "Slide down the wall.", "Slide slowly down the wall.")
    assert cli("build")[0] == 0
    assert victim.read_text() == "{}"
    shutil.rmtree(cache)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cache.symlink_to(elsewhere)
    assert cli("build")[0] == 0 and list(elsewhere.iterdir()) == []
    assert cli("clean")[1] == "Removed .hepkit-cache/, output/.\n"
    assert elsewhere.is_dir() and not cache.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_output_folder_is_a_message_and_leaves_nothing(tree, cli):
    assert cli("build")[0] == 0
    output = tree.parent / "output"
    edit(tree / "site.yaml", "Test Clinic", "New Clinic")
    output.chmod(0o555)
    try:
        code, out, err = no_traceback(cli("build"))
        assert code == 1 and err.startswith("output:1: the output folder is read-only")
        assert sorted(p.name for p in tree.parent.iterdir()) == [".hepkit-cache", "content", "output"]
    finally:
        output.chmod(0o755)


# --- the output knows what it holds ---------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("pause", ["staged", "swapped"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_a_build_cut_off_then_the_edit_reverted_gives_what_a_fresh_build_gives(tree, cli, tmp_path, pause, how):
    assert cli("build")[0] == 0
    exercise = tree / "exercises" / "wall-sit.md"
    original = exercise.read_text()
    edit(exercise, "reps: 3-4, hold: 30s", "reps: 5, hold: 45s")
    process, go = start_build(tree.parent, pause)
    process.send_signal(how)  # SIGKILL: a power cut; SIGINT: Ctrl+C
    go.touch()
    process.communicate(timeout=60)
    exercise.write_text(original)
    code, out, err = cli("build")
    assert code == 0, err
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)
    assert "5 holds of 45 seconds" not in (tree.parent / "output" / "exercises" / "wall-sit.html").read_text()


@pytest.mark.slow
def test_two_contents_built_into_one_output_never_share_pages(tree, cli, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(tree, other)
    edit(other / "exercises" / "wall-sit.md", "Slide down the wall.", "Slide down the wall with care.")
    other = os.path.relpath(other)  # as a physio would name them
    for content in ("content", other, "content"):
        assert cli("build", "--content", content)[0] == 0
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)
    # and at the same time: the lock takes one after the other, and each build is whole
    runs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content)], cwd=tree.parent,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for content in (other, "content")]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    site = snapshot(tree.parent / "output")
    assert site in (fresh(tree, tmp_path, "a"), fresh(other, tmp_path, "b"))
    assert cli("build", "--content", "content")[0] == 0
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path, "c")


def test_an_output_reached_under_two_names_keeps_one_record(tree, cli, tmp_path):
    (tree.parent / "published").symlink_to("output")
    exercise = tree / "exercises" / "wall-sit.md"
    original = exercise.read_text()
    assert cli("build")[0] == 0
    edit(exercise, "reps: 3-4", "reps: 6")
    assert cli("build", "--output", "published")[0] == 0
    exercise.write_text(original)
    code, out, err = cli("build")
    assert code == 0 and out.startswith("Rebuilt ")
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)


def test_a_page_damaged_in_place_at_the_same_size_is_made_again(tree, cli, tmp_path):
    assert cli("build")[0] == 0
    page = tree.parent / "output" / "exercises" / "wall-sit.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Wall sit", b"Wall sat", 1))
    assert len(page.read_bytes()) == len(data)
    code, out, err = cli("build")
    assert out.startswith("Rebuilt 1 of 7 pages")
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)


def test_kept_pages_are_known_by_their_times_and_a_page_changed_since_is_hashed(tree, cli, tmp_path, monkeypatch):
    """Like git's index: a kept page whose size, time and inode are as the last build noted them
    (and old enough for its time to mean something) is not read again; one changed since is."""
    from hepkit.output import last_build
    assert cli("build")[0] == 0
    monkeypatch.setattr(last_build, "TICK", -10**18)  # every page counts as written long before the note
    hashed = []
    monkeypatch.setattr(last_build, "file_hash",
                        lambda path: hashed.append(os.path.basename(path)) or record_file_hash(path))
    edit(tree / "exercises" / "step-up.md", "title: Step up", "title: Step-up")
    assert cli("build")[1].startswith("Rebuilt ")
    assert [name for name in hashed if name.endswith(".html")] == []  # the kept pages were not read
    page = tree.parent / "output" / "exercises" / "wall-sit.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Wall sit", b"Wall sat", 1))  # the same size, in place: a new time
    edit(tree / "exercises" / "step-up.md", "title: Step-up", "title: Step up")
    assert cli("build")[0] == 0
    assert [name for name in hashed if name.endswith(".html")] == ["wall-sit.html"]
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)


def test_the_record_names_no_page(tree, cli):
    assert cli("build")[0] == 0
    record = (tree.parent / "output" / ".hepkit-record.json").read_text()
    assert "sheets" not in record and "html" not in record and "wall-sit" not in record


def _table(folder, name):
    return json.loads((folder / f"{name}.json").read_text())


def test_a_cache_value_damaged_in_place_is_not_trusted(tree, cli, tmp_path):
    assert cli("build", "--output", "first")[0] == 0
    cache = tree.parent / ".hepkit-cache"
    table = _table(cache, "markdown")
    table["entries"] = {key: html.replace("Slide", "Jump") for key, html in table["entries"].items()}
    (cache / "markdown.json").write_text(json.dumps(table))  # its hash no longer matches its entries
    assert cli("build")[0] == 0
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)


def test_cache_entries_of_the_wrong_shape_or_nested_deeply_are_ignored(tree, cli, tmp_path):
    from hepkit.output import cache as cache_module
    assert cli("build", "--output", "first")[0] == 0
    cache = tree.parent / ".hepkit-cache"
    for name, value in (("markdown", 5), ("parsed", {"data": {"m": 3}, "body": "", "body_line": 1})):
        table = _table(cache, name)
        table["entries"] = {key: value for key in table["entries"]}
        (cache / f"{name}.json").write_text(cache_module.table_text(table["entries"]))  # a file made to look right
    assert no_traceback(cli("build"))[0] == 0
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)
    (cache / "parsed.json").write_text("[" * 100_000 + "]" * 100_000)
    assert no_traceback(cli("build", "--output", "second"))[0] == 0


def test_a_new_version_of_a_dependency_makes_every_page_again(tree, cli, monkeypatch):
    from hepkit.output import cache as cache_module
    assert cli("build")[0] == 0
    assert cli("build")[1].startswith("Nothing changed")
    real = cache_module.versions()
    monkeypatch.setattr(cache_module, "versions", lambda: {**real, "markdown": "99.0"})
    cache_module.code_digest.cache_clear()
    try:
        assert cli("build")[1].startswith("Built 7 pages")
        assert _table(tree.parent / ".hepkit-cache", "markdown")["code"] == cache_module.code_digest()
    finally:
        cache_module.code_digest.cache_clear()


def test_a_sealed_patient_entry_that_was_changed_is_not_opened(tree, cli, tmp_path):
    assert cli("build", "--output", "first")[0] == 0
    cache = tree.parent / ".hepkit-cache"
    table = _table(cache, "parsed")
    (name, sealed), = [(k, v) for k, v in table["entries"].items() if isinstance(v, str)]
    flipped = sealed[:70] + ("A" if sealed[70] != "A" else "B") + sealed[71:]
    table["entries"][name] = flipped
    from hepkit.output import cache as cache_module
    (cache / "parsed.json").write_text(cache_module.table_text(table["entries"]))  # a file made to look right
    assert no_traceback(cli("build"))[0] == 0
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)


def test_the_cache_holds_nothing_about_a_patient(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".sheet-salt"))
    site = content / "site.yaml"  # as a clinic does after the warning: the first build makes a private salt
    site.write_text("".join(line for line in site.read_text().splitlines(True) if not line.startswith("sheet_salt")))
    build(content, tmp_path / "output")
    build(content, tmp_path / "output")
    cache = tmp_path / ".hepkit-cache"
    assert cache.stat().st_mode & 0o777 == 0o700
    stored = b"".join(p.read_bytes() for p in cache.rglob("*") if p.is_file())
    patients = sorted(p for p in (content / "patients").glob("*.yaml") if not p.name.endswith(".log.yaml"))
    assert len(patients) == 3
    import yaml
    sealed = [v for v in _table(cache, "parsed")["entries"].values() if isinstance(v, str)]
    assert len(sealed) == 4  # the patients' fields and Sam's log are kept, sealed with the salt
    for path in patients:
        data = yaml.safe_load(path.read_text())
        for text in (data["name"], data["notes"], data["name"].split(" (")[0]):
            for form in (text.encode(), json.dumps(text)[1:-1].encode()):
                assert form not in stored, (path.name, text)


# --- serve keeps what it shows true --------------------------------------------------------------

def _site(tree, output="output"):
    from hepkit.serve import DevSite
    return DevSite(os.path.relpath(tree), os.path.relpath(tree.parent / output))


def test_serve_after_a_rebuild_that_failed_half_way_then_put_back(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    assert site.rebuild() is not None and not site.errors
    exercise = tree / "exercises" / "wall-sit.md"
    original = exercise.read_text()
    edit(exercise, "title: Wall sit", "title: Wall squat")
    (tree / "theme" / "templates").mkdir(parents=True)
    (tree / "theme" / "templates" / "sheet.html").write_text('{% extends "hepkit/sheet.html" %}'
                                                             '{% block main %}{{ 1 // 0 }}{% endblock %}')
    site.rebuild(touched=[exercise])
    assert site.errors and "template error: integer division or modulo by zero" in str(site.errors[0])
    assert "Wall squat" in (tree.parent / "output" / "exercises" / "wall-sit.html").read_text()  # written, half way
    shutil.rmtree(tree / "theme")
    exercise.write_text(original)
    site.rebuild(touched=[exercise])
    assert not site.errors
    assert snapshot(tree.parent / "output") == fresh(tree, tmp_path)
    from tests.conftest import main
    assert main(["build"]) == 0 and snapshot(tree.parent / "output") == fresh(tree, tmp_path, "again")


def test_serve_sees_an_edit_that_keeps_size_and_time(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    site.rebuild()
    exercise = tree / "exercises" / "wall-sit.md"
    stat = exercise.stat()
    edit(exercise, "Slide down the wall.", "Slide down the door.")
    os.utime(exercise, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # a file system with 1-2 s times
    assert exercise.stat().st_size == stat.st_size
    changed = site.rebuild(touched=[str(exercise)])
    assert "exercises/wall-sit.html" in changed
    assert "Slide down the door." in (tree.parent / "output" / "exercises" / "wall-sit.html").read_text()


@pytest.mark.parametrize("host, status", [("127.0.0.1:8000", "200 OK"), ("localhost:8000", "200 OK"),
                                          ("[::1]:8000", "200 OK"), ("evil.example:8000", "403 Forbidden"),
                                          ("127.0.0.1:9999", "403 Forbidden"), ("", "403 Forbidden")])
def test_serve_answers_only_its_own_host(tree, monkeypatch, host, status):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    site.rebuild()
    said = []
    body = b"".join(site.app({"PATH_INFO": "/index.html", "HTTP_HOST": host}, lambda s, h: said.append(s)))
    assert said == [status]
    assert (b"Exercise library" in body) == (status == "200 OK")


# --- themes inside walls ----------------------------------------------------------------------------

def theme_template(tree, name, text):
    folder = tree / "theme" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return f"content/theme/templates/{name}"


HEAD = '''<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>
<body>{% block main %}{% endblock %}</body></html>'''


@pytest.mark.parametrize("template, text, message", [
    ("base.html", HEAD, "the page lost hepkit's Content-Security-Policy (or has it twice)"),
    ("base.html", '{% extends "hepkit/base.html" %}{% block meta %}<meta http-equiv="refresh" '
                  'content="0;url=https://example.org/">{% endblock %}',
     "the page has an http-equiv of its own (a refresh or another policy)"),
    ("base.html", '{% extends "hepkit/base.html" %}{% block footer %}<img src="https://example.org/logo.png" '
                  'alt="">{% endblock %}', "the page would load https://example.org/logo.png from the network"),
    ("base.html", '{% extends "hepkit/base.html" %}{% block head_extra %}<style>@import "//example.org/x.css";'
                  '</style>{% endblock %}', "the page would load //example.org/x.css from the network"),
])
def test_a_theme_that_loosens_the_policy_is_refused_by_name(tree, cli, template, text, message):
    assert cli("build")[0] == 0
    before = snapshot(tree.parent / "output")
    shown = theme_template(tree, template, text)
    code, out, err = no_traceback(cli("build"))
    assert code == 1 and err.startswith(f"{shown}:1: {message}, which the sheets' promise")
    assert snapshot(tree.parent / "output") == before


@pytest.mark.parametrize("text, message", [
    ('{% extends "hepkit/exercise.html" %}{% block main %}{% include "exercise.html" %}{% endblock %}',
     "template error: templates call each other without end"),
    ('{% extends "exercise.html" %}', "template error: templates call each other without end"),
    ('{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}{% extends "hepkit/exercise.html" %}'
     '{% block main %}{{ deeper(1) }}{% endblock %}', "template error: templates call each other without end"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{{ 1 / 0 }}{% endblock %}',
     "template error: division by zero"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{% for a in range(100000) %}{% for b in range(100000) %}'
     '{% endfor %}{% endfor %}{% endblock %}', "template error: this page's templates loop or repeat more than"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{% for a in range(10 ** 12) %}{% endfor %}{% endblock %}',
     "template error: this page's templates loop or repeat more than 1,000,000 times"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{{ "x" * 10 ** 12 }}{% endblock %}',
     "template error: this page's templates loop or repeat more than"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{{ 10 ** 100000000 }}{% endblock %}',
     "template error: 10 ** 100000000 is too big a number for a page"),
    ('{% extends "hepkit/exercise.html" %}{% block main %}{{ exercise.__class__.__mro__ }}{% endblock %}',
     "template error: access to attribute '__class__' of 'Exercise' object is unsafe"),
])
def test_a_theme_that_recurses_divides_by_zero_or_loops_is_a_message(tree, cli, text, message):
    shown = theme_template(tree, "exercise.html", text)
    code, out, err = no_traceback(cli("build"))
    assert code == 1, out
    assert re.match(rf"{re.escape(shown)}:\d+: {re.escape(message)}", err), err
    assert not (tree.parent / "output").exists()


def test_a_theme_may_not_turn_autoescaping_off(tree, cli):
    shown = theme_template(tree, "sheet.html", '{% extends "hepkit/sheet.html" %}\n{% block main %}\n'
                                               '{% autoescape false %}{{ patient.notes }}{% endautoescape %}\n'
                                               '{% endblock %}')
    code, out, err = no_traceback(cli("check"))
    assert code == 1 and err.startswith(f"{shown}:3: a theme may not turn autoescaping off")


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_a_theme_file_that_links_outside_the_content_is_refused(tree, cli, tmp_path, folder):
    secret = tmp_path / "secret.html"
    secret.write_text("private things")
    (tree / "theme" / folder).mkdir(parents=True)
    (tree / "theme" / folder / "footer.html").symlink_to(secret)
    code, out, err = no_traceback(cli("build"))
    assert code == 1 and err.startswith(f"content/theme/{folder}/footer.html:1: this theme file is a link to a file "
                                        "outside the content folder")


# --- privacy in the page -----------------------------------------------------------------------------

def test_a_right_to_left_override_in_a_name_is_isolated(tree, cli):
    edit(tree / "patients" / "pat.yaml", "name: Pat Example", 'name: "Pat \u202eelpmaxE"')
    assert cli("build")[0] == 0
    (sheet,) = sheet_files(tree.parent / "output")
    html = sheet.read_text()
    title = re.search(r"<title>(.*?)</title>", html)[1]
    assert title == "Exercises for Pat elpmaxE · Test Clinic"
    assert "<h1>Exercises for <bdi>Pat \u202eelpmaxE</bdi></h1>" in html
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "\u202e" not in style and "202e" not in style.lower()


def test_a_nul_in_a_text_or_a_body_is_refused_at_its_line(tree, cli):
    edit(tree / "patients" / "pat.yaml", "notes: Go gently.", 'notes: "Go\\0 gently."')
    with open(tree / "exercises" / "wall-sit.md", "a") as body:
        body.write("\nA line with a \0 in it.\n")
    code, out, err = no_traceback(cli("build"))
    hint = "a page cannot show — delete it: it is invisible, and often comes with text pasted from another program"
    assert code == 1 and err.splitlines()[:2] == [
        f"content/exercises/wall-sit.md:12: this text holds a control character (\\x00) that {hint}",
        f"content/patients/pat.yaml:8: this text holds a control character (\\x00) that {hint}"]


# --- every message plain ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("start: 2026-01-05", "start: 9999-12-25",
     'content/patients/pat.yaml:4: "start" is in the year 9999, outside the years a program can be planned in '
     "(1900 to 2200) — check the year: write the date as year-month-day, for example 2026-01-31"),
    ("start: 2026-01-05", "start: 0001-01-01",
     'content/patients/pat.yaml:4: "start" is in the year 1, outside the years a program can be planned in '
     "(1900 to 2200) — check the year: write the date as year-month-day, for example 2026-01-31"),
    ("notes: Go gently.", "notes: !foo bar",
     'content/patients/pat.yaml:8: the YAML tag "!foo" is not allowed — remove the tag: only plain text, numbers, '
     "dates, lists and blocks are allowed"),
])
def test_odd_values_get_plain_messages(tree, cli, old, new, message):
    edit(tree / "patients" / "pat.yaml", old, new)
    code, out, err = no_traceback(cli("build"))
    assert code == 1 and err.splitlines()[0] == message


def test_a_joint_angle_of_ten_to_the_four_hundredth_is_a_message(tree, cli):
    edit(tree / "exercises" / "wall-sit.md", "cues:",
         "illustration:\n  frames:\n    - {base: supine, knee: 1" + "0" * 400 + "}\n    - {base: supine}\ncues:")
    code, out, err = no_traceback(cli("check"))
    assert code == 1 and "content/exercises/wall-sit.md:7: a knee angle with 401 digits is more than a knee can do " \
                         "— use 0° to 160°" in err


def test_es_dash_mx_reads_the_same_translations_as_es_underscore_mx(tree, cli):
    with open(tree / "patients" / "pat.yaml", "a") as patient:
        patient.write("language: es-MX\n")
    code, out, err = cli("check")
    assert code == 0 and "add exercises/wall-sit.es_MX.md beside it" in err and "es-MX.md" not in err
