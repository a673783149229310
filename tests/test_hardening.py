"""Hardening: hostile and odd input, interrupted builds, and nothing leaking out of a page.

With test_validate.py's catalogue this makes well over 40 broken-content cases, each with the
exact message a physio gets.
"""
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hepkit.errors import ContentErrors
from hepkit.pipeline import Builtins, check
from hepkit.site.render import render
from tests.conftest import FIXTURES, ROOT, found, snapshot, text_of


def problems(cli):
    code, out, err = cli("check")
    assert code == 1 and "Traceback" not in err, (out, err)
    return err.strip().splitlines()[:-1]


# --- odd but valid input builds -------------------------------------------------------------------

def test_windows_line_endings_and_a_byte_order_mark_work(tree, cli):
    for path in found(tree.rglob("*.*"), 7):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("build")[0] == 0
    handout = (tree.parent / "output" / "handouts" / "knee.html").read_text()
    assert "3–4 holds of 30 seconds, 2–3 times a day" in text_of(handout)


def test_file_names_with_spaces_and_accents_work(tree, cli):
    (tree / "exercises" / "wall-sit.md").rename(tree / "exercises" / "übung an der wand.md")
    program = tree / "programs" / "knee.yaml"
    program.write_text(program.read_text().replace("- wall-sit", "- übung an der wand"))
    assert cli("build")[0] == 0
    output = tree.parent / "output"
    assert (output / "exercises" / "übung an der wand.html").is_file()
    index = (output / "index.html").read_text()
    assert 'href="exercises/%C3%BCbung%20an%20der%20wand.html"' in index


def test_front_matter_with_an_empty_body_works(tree, cli):
    (tree / "exercises" / "step-up.md").write_text("---\ntitle: Step up\nkind: isotonic\n---\n")
    assert cli("build")[0] == 0


# --- hostile or broken input is refused with a message ----------------------------------------------

def test_only_empty_front_matter(tree, cli):
    (tree / "exercises" / "step-up.md").write_text("---\n---\n")
    assert problems(cli) == ["content/exercises/step-up.md:2: there are no fields in this file — "
                             "add the fields described in docs/content.md"]


def test_huge_file_is_refused_without_reading_it(tree, cli):
    with open(tree / "patients" / "big.yaml", "wb") as big:
        big.truncate(10_000_000)
    assert problems(cli) == ["content/patients/big.yaml:1: this file is 10.0 MB, more than the 1 MB a content "
                             "file may be — check that nothing was pasted into it by mistake"]


BILLION_LAUGHS = "name: Pat\n" + "\n".join(
    ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 10)]) + "\n"


def test_billion_laughs_is_refused(tree):
    (tree / "patients" / "pat.yaml").write_text(BILLION_LAUGHS)
    # A real process with a deadline: an exponential blow-up would fail here instead of hanging.
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=tree.parent,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("content/patients/pat.yaml:2: YAML anchors and aliases (& and *) "
                                             "are not allowed — write the value out in full where it is used")


def test_alias_even_a_small_one_is_refused(tree, cli):
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text().replace("notes: Go gently.", "notes: &n Go gently.\nclinician: *n"))
    assert problems(cli) == ["content/patients/pat.yaml:8: YAML anchors and aliases (& and *) are not allowed — "
                             "write the value out in full where it is used"]


def test_symlink_out_of_content_is_refused(tree, cli, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: Someone Else\nprogram: knee\nstart: 2026-01-01\n")
    (tree / "patients" / "linked.yaml").symlink_to(secret)
    assert problems(cli) == ["content/patients/linked.yaml:1: this file points outside the content folder — "
                             "copy the file into the content folder instead of linking to it"]


def test_an_id_cannot_climb_out_of_content(tree, cli):
    program = tree / "programs" / "knee.yaml"
    program.write_text(program.read_text().replace("      - wall-sit\n  - id", "      - ../../etc/passwd\n  - id"))
    assert problems(cli) == ['content/programs/knee.yaml:11: there is no exercise "../../etc/passwd" — '
                             "use the name of a file in content/exercises/ without its ending"]


def test_a_key_that_is_a_list_is_refused(tree, cli):
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text() + "? [a, b]\n: c\n")
    assert problems(cli) == ["content/patients/pat.yaml:9: a key must be a plain word — write it as `name: value`"]


def test_a_mapping_where_a_list_belongs(tree, cli):
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text() + "leave_out: {wall-sit: yes}\n")
    assert problems(cli) == ['content/patients/pat.yaml:9: "leave_out" should be a list, not a block of fields — '
                             "write each item on its own line starting with `- `"]


def test_markdown_cannot_run_script_or_fetch(tree, cli):
    exercise = tree / "exercises" / "wall-sit.md"
    exercise.write_text(exercise.read_text() + "\n[click](javascript:alert(1)) ![x](https://example.org/x.png)\n"
                        "<img src=x onerror=alert(1)>\n")
    assert cli("build")[0] == 0
    page = (tree.parent / "output" / "exercises" / "wall-sit.html").read_text()
    assert "javascript:" not in page and "https://example.org" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "[picture: x]" in page


# --- random input: a content error or a build, never anything else ------------------------------------

YAML_BITS = st.sampled_from(["name: ", "program: knee", "phase: ", "doses:", "  step-up: ", "{reps: ", "}", "[", "]",
                             "- ", "\n", "  ", ": ", "&a ", "*a", "!!str ", "'", '"', "#", "3-4", "0", "-1", "30s",
                             "2026-01-05", "null", "yes", "~", "<script>", "leave_out: ", "add: ", "hold: ", "ü"])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patient=st.one_of(st.text(max_size=200), st.lists(YAML_BITS, max_size=40).map("".join)),
       exercise_cut=st.integers(min_value=0, max_value=200))
def test_random_content_builds_or_reports(patient, exercise_cut):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURES / "minimal", content)
        (content / "patients" / "pat.yaml").write_text(patient, encoding="utf-8")
        exercise = content / "exercises" / "wall-sit.md"
        exercise.write_bytes(exercise.read_bytes()[:exercise_cut])  # a file saved half-written
        try:
            render(check(content), Builtins().templates, Builtins().static)
        except ContentErrors as errors:
            assert errors.errors and all(re.match(r"^.+:\d+: .+", str(e)) for e in errors.errors)


# --- interrupting a build never loses the site -----------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_the_old_site_whole(tmp_path, signal_number):
    from tests.conftest import make_tree
    content = tmp_path / "content"
    make_tree(content, exercises=60, programs=5, patients=1500)
    build = [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--output", str(tmp_path / "output")]
    subprocess.run(build, check=True, capture_output=True)
    before = snapshot(tmp_path / "output")
    (content / "site.yaml").write_text((content / "site.yaml").read_text().replace("Bench Clinic", "New Clinic"))
    process = subprocess.Popen(build, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait until it is writing its new copy of the site, then interrupt it there.
    while process.poll() is None and not list(tmp_path.glob(".output.new-*/sheets")):
        time.sleep(0.005)
    process.send_signal(signal_number)
    out, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before it could be interrupted")  # too fast to catch: nothing to prove
    assert process.returncode == 130 and "Traceback" not in err
    assert err.strip() == f"Stopped; {tmp_path / 'output'}/ was not changed."
    assert snapshot(tmp_path / "output") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hepkit-cache", "content", "output"]


# --- nothing leaks -------------------------------------------------------------------------------

def test_every_page_refers_to_nothing_outside_itself(shipped):
    pages = sorted(shipped.rglob("*.html"))
    assert len(pages) == 20  # with the Spanish sheet, handout and six exercise pages, and sheets/index.html
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;', html)
        for url in re.findall(r'\bsrc="([^"]*)"', html) + re.findall(r"url\(([^)]*)\)", html):
            assert url.startswith("data:"), (page, url)
        for url in re.findall(r'\bhref="([^"]*)"', html):
            assert re.match(r"^(data:|tel:|mailto:|#|[^:]+$)", url), (page, url)
            if re.match(r"^[^:#]+$", url):
                assert (page.parent / url.split("#")[0]).resolve().is_file(), (page, url)
        if page.parent.name == "sheets":
            assert "<link" not in html.replace('<link rel="icon" href="data:,">', "")
            assert '<meta name="robots" content="noindex, nofollow">' in html


def test_every_template_autoescapes_and_marks_only_our_own_html_safe():
    for template in Builtins().templates.glob("*.html"):
        for line in template.read_text().splitlines():
            for value in re.findall(r"\{\{([^}]*)\|\s*safe", line):
                assert value.strip().split("|")[0].strip() in (
                    "style", "script", "svg", 'bodies["condition:" ~ program.condition.key]', "thumbnails[rx.exercise.key]",
                    "figures[exercise.key].moving",
                    "card.intro", "card.steps", "section_html"), line
