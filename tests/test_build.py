"""The build end to end: pages written, atomic, reproducible, and the command line around it."""
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, cards, found, sheet_files, snapshot, text_of


def test_build_writes_every_page_and_says_what_to_open(tree, cli):
    code, out, err = cli("build")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Built 7 pages in ") and lines[0].endswith(" s. Open output/index.html")
    output = tree.parent / "output"
    sheet = lines[1].split(" → ")[1]
    assert lines[1].startswith("content/patients/pat.yaml → output/sheets/")
    assert sorted(snapshot(output)) == sorted([
        ".hepkit-output", ".hepkit-record.json", "index.html", "figures.html", "handouts/knee.html",
        "exercises/step-up.html", "exercises/wall-sit.html", "sheets/index.html", sheet.removeprefix("output/"),
        sheet.removeprefix("output/").replace(".html", ".ics")])  # the sheet's reminders, beside it
    listing = (output / "sheets" / "index.html").read_text()  # what a server that lists folders shows
    assert '<meta name="robots" content="noindex, nofollow">' in listing and "exercises-" not in listing


def test_bare_command_is_build(tree, cli):
    assert cli()[0] == 0
    assert (tree.parent / "output" / "index.html").is_file()


def test_pages_hold_what_the_content_says(tree, cli):
    cli("build")
    output = tree.parent / "output"
    index = text_of((output / "index.html").read_text())
    assert "Knee program" in index and "Wall sit" in index and "Step up" in index
    assert "Pat Example" not in index
    handout = (output / "handouts" / "knee.html").read_text()
    # Each exercise has one card; a later phase that keeps it lists it with its dose and a link.
    assert [" ".join(c.split()[:3]) for c in cards(handout)] == ["1. Wall sit", "1. Step up"]
    assert cards(handout)[0].startswith("1. Wall sit 3–4 holds of 30 seconds, 2–3 times a day")
    assert cards(handout)[1].startswith("1. Step up 3 sets of 8 reps, each side")
    assert "2. Wall sit (as in phase 1): 3–4 holds of 30 seconds" in text_of(handout)
    assert 'href="#ex-wall-sit"' in handout
    assert "A sore knee." in text_of(handout)
    exercise = text_of((output / "exercises" / "wall-sit.html").read_text())
    assert exercise.split(" Movement ")[0].endswith(
        "Wall sit Knee program, phase 1: 3–4 holds of 30 seconds, 2–3 times a day "
        "Knee program, phase 2: 3–4 holds of 30 seconds")
    sheet = sheet_files(output)[0].read_text()
    sheet_cards = cards(sheet)
    assert sheet_cards[0].startswith("1. Step up 3 sets of 10 reps, each side Movement Step up. Step down. Stop for today")
    assert sheet_cards[1].startswith("2. Wall sit 3–4 holds of 30 seconds Movement Slide down the wall.")
    assert '<meta name="robots" content="noindex, nofollow">' in sheet


def test_a_published_library_names_its_web_address_and_sheets_never_do(tree, cli):
    cli("build")
    output = tree.parent / "output"
    assert "canonical" not in (output / "handouts" / "knee.html").read_text()
    with open(tree / "site.yaml", "a") as site:
        site.write("base_url: https://example.org/hep/\n")
    assert cli("build")[0] == 0
    handout = (output / "handouts" / "knee.html").read_text()
    assert '<link rel="canonical" href="https://example.org/hep/handouts/knee.html">' in handout
    assert "This page online: https://example.org/hep/handouts/knee.html" in text_of(handout)
    assert '<link rel="canonical" href="https://example.org/hep/exercises/wall-sit.html">' in \
        (output / "exercises" / "wall-sit.html").read_text()
    assert '<link rel="canonical" href="https://example.org/hep/index.html">' in (output / "index.html").read_text()
    (sheet,) = sheet_files(output)
    assert "example.org" not in sheet.read_text()


def test_sheet_name_does_not_reveal_the_patient(tree, cli):
    cli("build")
    (name,) = [p.name for p in sheet_files(tree.parent / "output")]
    assert re.fullmatch(r"test-clinic-exercises-[0-9a-f]{16}\.html", name), name
    (tree / ".sheet-salt").write_text("other-salt-0123456789\n")
    cli("build")
    assert [p.name for p in sheet_files(tree.parent / "output")] != [name]


def test_user_text_is_escaped_everywhere(tree, cli):
    patient = tree / "patients" / "pat.yaml"
    patient.write_text(patient.read_text().replace("Pat Example", '"<script>alert(1)</script> Pat"'))
    exercise = tree / "exercises" / "wall-sit.md"
    exercise.write_text(exercise.read_text() + "\n<script>alert(2)</script>\n")
    assert cli("build")[0] == 0
    for page in found((tree.parent / "output").rglob("*.html"), 7):
        html = page.read_text()
        assert "<script>alert" not in html, page
    sheet = sheet_files(tree.parent / "output")[0].read_text()
    assert "<title>Exercises for &lt;script&gt;alert(1)&lt;/script&gt; Pat" in sheet
    # On paper the name is in a CSS string at the top of each page: hex escapes, so it cannot end the string or the style.
    assert r'@top-left { content: "Exercises for \3c script\3e alert(1)\3c \2f script\3e  Pat";' in sheet
    assert sheet.count("</style>") == 1


def test_two_builds_are_byte_identical(tree, cli):
    cli("build", "--output", "one")
    cli("build", "--output", "two")
    assert snapshot(tree.parent / "one") == snapshot(tree.parent / "two")


def test_shipped_content_builds_reproducibly(tmp_path):
    from hepkit.pipeline import build
    build(ROOT / "content", tmp_path / "a")
    build(ROOT / "content", tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_stale_pages_go_away(tree, cli):
    cli("build")
    (tree / "exercises" / "step-up.md").rename(tree / "exercises" / "step-ups.md")
    patient = tree / "patients" / "pat.yaml"
    program = tree / "programs" / "knee.yaml"
    program.write_text(program.read_text().replace("exercise: step-up", "exercise: step-ups"))
    patient.write_text(patient.read_text().replace("step-up:", "step-ups:"))
    assert cli("build")[0] == 0
    pages = snapshot(tree.parent / "output")
    assert "exercises/step-ups.html" in pages and "exercises/step-up.html" not in pages


def test_refuses_to_replace_a_folder_it_did_not_make(tree, cli):
    mine = tree.parent / "output"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    code, out, err = cli("build")
    assert code == 1
    assert err.splitlines()[0] == ("output:1: this folder holds files that hepkit did not make — pass an empty "
                                   "or new folder with --output; hepkit will not delete them")
    assert (mine / "thesis.docx").read_text() == "precious"


def test_no_temporary_folders_are_left_behind(tree, cli):
    cli("build")
    cli("build")
    assert sorted(p.name for p in tree.parent.iterdir()) == [".hepkit-cache", "content", "output"]


def test_template_error_is_reported_not_raised(tree, tmp_path):
    import shutil

    from hepkit.errors import ContentErrors
    from hepkit.pipeline import Builtins, build
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "index.html").write_text("{% block main %}{{ oops(}}{% endblock %}")
    build(tree, tree.parent / "output")
    before = snapshot(tree.parent / "output")
    with pytest.raises(ContentErrors) as raised:
        build(tree, tree.parent / "output", builtins=Builtins(templates=templates))
    assert str(raised.value.errors[0]).startswith(f"{templates}/index.html:1: template error: ")
    assert snapshot(tree.parent / "output") == before


def test_check_writes_nothing(tree, cli):
    code, out, err = cli("check")
    assert (code, out) == (0, "content: no problems in 2 exercises, 1 program, 1 patient.\n")
    assert not (tree.parent / "output").exists()


def test_content_and_output_options(tmp_path, cli):
    code, out, err = cli("--content", ROOT / "tests" / "fixtures" / "minimal", "--output", tmp_path / "site")
    assert code == 0 and (tmp_path / "site" / "index.html").is_file()
    code, out, err = cli("check", "--content", tmp_path / "nowhere")
    assert code == 1
    assert err.splitlines()[0] == (f"{tmp_path / 'nowhere'}:1: the content folder does not exist — run from the "
                                   "folder that holds content/, or pass --content DIR")


def test_sheets_lists_who_is_who(tree, cli):
    code, out, err = cli("sheets")
    assert code == 0 and out.startswith("content/patients/pat.yaml → output/sheets/")


def test_new_patient_writes_a_file_that_builds(tree, cli):
    code, out, err = cli("new", "patient", "Zoë O'Brien", "--program", "knee", "--phase", "build")
    assert code == 0, err
    path = tree / "patients" / "zoe-o-brien.yaml"
    assert out.startswith("Wrote content/patients/zoe-o-brien.yaml; after `hepkit` its sheet is output/sheets/")
    text = path.read_text()
    assert 'name: "Zoë O\'Brien"' in text and "phase: 2  # Build" in text
    assert cli("build")[0] == 0
    sheet = (tree.parent / out.strip().split(" is ")[-1]).read_text()
    assert "Exercises for Zoë O&#39;Brien" in sheet


def test_new_patient_refuses_unknown_program_and_existing_file(tree, cli):
    code, out, err = cli("new", "patient", "Sam", "--program", "kne")
    assert code == 1 and err.strip() == 'There is no program "kne" (did you mean "knee"?) — use one of "knee"'
    assert cli("new", "patient", "Robin", "--program", "knee")[0] == 0
    code, out, err = cli("new", "patient", "Robin", "--program", "knee")
    assert code == 1 and "already exists" in err


def test_help_explains_each_command():
    result = subprocess.run([sys.executable, "build.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("build", "check", "serve", "sheets", "new"):
        assert f"    {command}" in result.stdout
    result = subprocess.run([sys.executable, "build.py", "serve", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert "--port" in result.stdout and "--content DIR" in result.stdout and "--output DIR" in result.stdout


def test_real_command_fails_cleanly_on_bad_content(tmp_path):
    import shutil
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", tmp_path / "content")
    (tmp_path / "content" / "patients" / "pat.yaml").write_text("name: [unclosed\n")
    result = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("content/patients/pat.yaml:")
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("page, target, link", [
    ("index.html", "handouts/knee pain.html", "handouts/knee%20pain.html"),
    ("exercises/wall-sit.html", "handouts/knee.html#phase-2", "../handouts/knee.html#phase-2"),
    ("handouts/knee.html", "handouts/knee.es.html", "knee.es.html"),
    ("handouts/knee.es.html", "index.html", "../index.html"),
])
def test_the_url_filter_links_from_the_page_it_is_on(page, target, link):
    from hepkit.site.environment import _url
    assert _url({"page_path": page}, target) == link


def test_new_patient_can_start_a_sheet_in_another_language(tree, cli):
    code, out, err = cli("new", "patient", "Ana Ejemplo", "--program", "knee", "--language", "es")
    assert code == 0, err
    assert "language: es\n" in (tree / "patients" / "ana-ejemplo.yaml").read_text()
    code, out, err = cli("build")
    assert code == 0, err
    sheet = next(p for p in sheet_files(tree.parent / "output") if '<html lang="es">' in p.read_text())
    assert "Ejercicios de Ana Ejemplo" in sheet.read_text()
    code, out, err = cli("new", "patient", "Jean Exemple", "--program", "knee", "--language", "fr")
    assert code == 1 and err.strip() == 'hepkit cannot write a sheet in "fr" — use one of "en", "es"'
    assert not (tree / "patients" / "jean-exemple.yaml").exists()
