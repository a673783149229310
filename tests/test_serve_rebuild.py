"""serve's rebuilds, in process with the dev server's own DevSite (test_serve.py runs the real
server): a saved exercise's own page first (serve/first_page.py), and what serve remembers between
rebuilds never showing in what it serves."""
import shutil

from tests.conftest import FIXTURES, ROOT, snapshot
from tests.test_guarantees import _site, edit, fresh

WALL_SIT = "exercises/wall-sit.html"


def _sheet(tree):
    return next((tree.parent / "output" / "sheets").glob("*.html"))


def test_a_saved_exercise_page_is_written_first_and_the_whole_build_writes_the_same(tree, tmp_path, monkeypatch):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    site.rebuild()
    exercise = tree / "exercises" / "wall-sit.md"
    edit(exercise, "title: Wall sit", "title: Wall squat")
    assert site.first_pages([str(exercise)]) == {WALL_SIT}
    assert "Wall squat" in (tree.parent / "output" / WALL_SIT).read_text()
    assert "Wall squat" not in _sheet(tree).read_text()  # the rest waits for the whole build
    changed = site.rebuild(touched=[str(exercise)])
    assert WALL_SIT not in changed  # the same bytes: the browser is not reloaded a second time
    assert any(path.startswith("sheets/") for path in changed) and "Wall squat" in _sheet(tree).read_text()
    assert (tree.parent / "output" / WALL_SIT).read_bytes() == fresh(tree, tmp_path)[WALL_SIT]


def test_a_saved_picture_is_drawn_on_the_first_page(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "clinic-two", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    tree = tmp_path / "content"
    site = _site(tree)
    site.rebuild()
    pictured = next(p for p in sorted((tree / "exercises").glob("*.md"))
                    if "illustration:" in p.read_text() and "knee: 90" in p.read_text())
    page = f"exercises/{pictured.stem}.html"
    before = (tmp_path / "output" / page).read_bytes()
    edit(pictured, "knee: 90", "knee: 80")
    assert site.first_pages([str(pictured)]) == {page}
    assert (tmp_path / "output" / page).read_bytes() != before
    assert page not in site.rebuild(touched=[str(pictured)])
    assert (tmp_path / "output" / page).read_bytes() == fresh(tree, tmp_path)[page]


def test_a_problem_only_the_whole_build_finds_puts_the_first_page_back(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    site.rebuild()
    before = (tree.parent / "output" / WALL_SIT).read_bytes()
    exercise = tree / "exercises" / "wall-sit.md"
    edit(exercise, "2. Hold.", "2. Hold. Some pain is fine, up to 7/10.")  # against the program's rule of 5
    assert site.first_pages([str(exercise)]) == {WALL_SIT}  # the file alone reads well
    assert "up to 7/10" in (tree.parent / "output" / WALL_SIT).read_text()
    assert site.rebuild(touched=[str(exercise)]) is None  # every open page reloads, with the error
    assert "which uses this exercise, has the pain rule acceptable_up_to: 5" in str(site.errors[0])
    assert (tree.parent / "output" / WALL_SIT).read_bytes() == before  # the last good page, as it was


def test_only_a_saved_exercise_that_reads_well_gets_a_first_page(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    site = _site(tree)
    site.rebuild()
    output = tree.parent / "output"
    before = (output / WALL_SIT).read_bytes()
    exercise = tree / "exercises" / "wall-sit.md"
    edit(exercise, "kind: isometric", "kind: isometrc")  # its own problem: the whole build says it
    assert site.first_pages([str(exercise)]) == set() and (output / WALL_SIT).read_bytes() == before
    assert site.rebuild(touched=[str(exercise)]) is None and 'kind "isometrc" is not known' in str(site.errors[0])
    edit(exercise, "kind: isometrc", "kind: isometric")
    assert site.first_pages([str(exercise)]) == set()  # after a failed build, only the whole build
    site.rebuild(touched=[str(exercise)])
    assert not site.errors
    program = tree / "programs" / "knee.yaml"
    edit(exercise, "title: Wall sit", "title: Wall squat")
    assert site.first_pages([str(exercise), str(program)]) == set()  # more than exercises: the whole build
    new = tree / "exercises" / "lunge.md"
    new.write_text(exercise.read_text())
    assert site.first_pages([str(new)]) == set()  # a new file: the whole build decides what it is
    assert (output / WALL_SIT).read_bytes() == before


EDITS = [  # (file, old, new): one of each kind, in the shipped content (translations, a log, added exercises)
    ("exercises/double-leg-isometric-bridge.md", "title: ", "title: Edited "),
    ("exercises/wall-sit.md", "title: Wall sit", "title: Wall squat"),  # in no program: added on one sheet
    ("exercises/plank-leg-lifts.es.md", "title: Plancha", "title: Plancha editada"),
    ("programs/proximal-hamstring-tendinopathy.yaml", "title: ", "title: Edited "),
    ("programs/proximal-hamstring-tendinopathy.es.yaml", "title: ", "title: Editado "),
    ("conditions/proximal-hamstring-tendinopathy.md", "title: ", "title: Edited "),
    ("patients/jordan-example.yaml", "reps: 5, hold: 45s", "reps: 4, hold: 40s"),
    ("patients/ana-example.yaml", "sets: 3, reps: 8", "sets: 2, reps: 8"),
    ("patients/sam-example.log.yaml", "1 of 2", "2 of 2"),
    ("site.yaml", "phone: 01632 960 123", "phone: 01632 960 999"),
    ("site.yaml", "clinician: Alex Morgan", "clinician: Sam Rivers"),  # the clinician of a sheet that names none
]


def test_each_kind_of_edit_under_serve_gives_what_a_fresh_build_gives(tmp_path, monkeypatch):
    """serve remembers what it read, checked and composed; after every kind of save the site it
    serves is byte for byte what a build with no history makes."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    tree = tmp_path / "content"
    shutil.copy(FIXTURES / "minimal" / "exercises" / "wall-sit.md", tree / "exercises")
    edit(tree / "patients" / "jordan-example.yaml", "add:\n", "add:\n  - exercise: wall-sit\n")
    edit(tree / "patients" / "jordan-example.yaml", "clinician: Alex Morgan\n", "")
    site = _site(tree)
    site.rebuild()
    for number, (name, old, new) in enumerate(EDITS):
        path = tree / name
        edit(path, old, new)
        site.first_pages([str(path)])
        changed = site.rebuild(touched=[str(path)])
        assert not site.errors and changed, name
        assert snapshot(tmp_path / "output") == fresh(tree, tmp_path, f"fresh-{number}"), name


def test_the_first_build_under_serve_writes_each_page_as_it_comes(tmp_path):
    """Into an empty folder too: at 10,000 sheets, holding every page first took 1.6 GB."""
    from hepkit.output.write import update_changed
    output = tmp_path / "output"

    def pages():
        for number in range(3):
            if number:  # the page before this one is on disk already, in the folder being made
                assert [p.name for p in tmp_path.glob(f".output.new-*/page-{number - 1}.html")]
            yield f"page-{number}.html", b"<p>page</p>"
    assert update_changed(pages(), output) == ["page-0.html", "page-1.html", "page-2.html"]
    assert (output / "page-2.html").read_bytes() == b"<p>page</p>"
