"""hepkit as a clinic installs it: `pip install` into a fresh venv, `hepkit new site`, then the
clinic's own folder is built, served to Chromium, added to and kept out of git, all as real
subprocesses of the installed command."""
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, open_page

pytestmark = pytest.mark.slow  # a real venv and a real pip install


@pytest.fixture(scope="module")
def hepkit(tmp_path_factory):
    """The `hepkit` command of a fresh venv with this repository installed into it (not editable)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    source = tmp_path_factory.mktemp("source") / "hepkit"  # a clean copy: no .venv, output or cache
    def left_out(folder, names):  # what a clean clone lacks; hepkit/output/ is code, the top output/ is not
        top = {".venv", ".git", "output", ".hepkit-cache", "build"} if folder == str(ROOT) else set()
        return [n for n in names if n in top or n in ("__pycache__", "artifacts") or n.endswith(".egg-info")]
    shutil.copytree(ROOT, source, ignore=left_out)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(source)],
                   check=True, capture_output=True)
    return str(venv / "bin" / "hepkit")


def run(hepkit, *args, cwd):
    return subprocess.run([hepkit, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_version_and_help(hepkit, tmp_path):
    from hepkit import __version__
    assert run(hepkit, "--version", cwd=tmp_path).stdout == f"hepkit {__version__}\n"
    assert run(hepkit, "--help", cwd=tmp_path).stdout.startswith("usage: hepkit ")


def test_a_clinic_folder_from_new_site_to_a_real_sheet(hepkit, tmp_path, browser):
    made = run(hepkit, "new", "site", "clinic", "--clinic", "Sunny Physio", "--paper", "Letter", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[1] == "    cd clinic && hepkit build"
    clinic = tmp_path / "clinic"
    assert sorted(p.name for p in clinic.iterdir()) == [".gitignore", "README.md", "conditions", "exercises",
                                                      "patients", "programs", "site.yaml"]
    assert "paper: Letter" in (clinic / "site.yaml").read_text()

    checked = run(hepkit, "check", cwd=clinic)
    assert checked.returncode == 0 and checked.stdout == ".: no problems in 1 exercise, 1 program, 1 patient.\n"
    built = run(hepkit, "build", cwd=clinic)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built 6 pages in ") and " s. Open output/index.html" in built.stdout
    sheet = re.search(r"→ (output/sheets/sunny-physio-exercises-[0-9a-f]{16}\.html)", built.stdout)[1]

    page, requests = open_page(browser, (clinic / sheet).as_uri())
    text = page.inner_text("body")
    assert "Exercises for Example Patient (made up)" in text
    assert "3–4 holds of 30 seconds" in text and "2–3 times a day" in text and "Glute bridge hold (example)" in text
    assert all(url.startswith("file://") for url in requests)
    page.context.close()

    added = run(hepkit, "new", "patient", "Jane Example", "--program", "example-hamstring-tendinopathy",
                cwd=clinic / "patients")  # from a folder inside the site: site.yaml is found above
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Wrote ../patients/jane-example.yaml; after `hepkit` its sheet is ")
    again = run(hepkit, "build", cwd=clinic / "exercises")
    assert again.returncode == 0 and again.stdout.startswith("Rebuilt "), again.stderr
    assert "../patients/jane-example.yaml → ../output/sheets/" in again.stdout

    subprocess.run(["git", "init", "-q"], cwd=clinic, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=clinic,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    tracked = sorted(line[3:] for line in status if line)
    assert tracked == [".gitignore", "README.md", "conditions/example-hamstring-tendinopathy.md",
                       "exercises/example-bridge-hold.md", "programs/example-hamstring-tendinopathy.yaml",
                       "site.yaml"]


def test_new_site_refuses_a_folder_that_is_not_empty(hepkit, tmp_path):
    (tmp_path / "clinic").mkdir()
    (tmp_path / "clinic" / "notes.txt").write_text("mine")
    refused = run(hepkit, "new", "site", "clinic", cwd=tmp_path)
    assert refused.returncode == 1 and refused.stderr.startswith("clinic is not empty — pick a new folder name")
    assert sorted(p.name for p in (tmp_path / "clinic").iterdir()) == ["notes.txt"]


def test_a_spanish_site_builds_in_spanish(hepkit, tmp_path):
    assert run(hepkit, "new", "site", "clinica", "--language", "es", cwd=tmp_path).returncode == 0
    built = run(hepkit, "build", cwd=tmp_path / "clinica")
    assert built.returncode == 0, built.stderr
    sheet = next((tmp_path / "clinica" / "output" / "sheets").glob("*-exercises-*.html")).read_text()
    assert '<html lang="es">' in sheet and "Puente de glúteos mantenido (ejemplo)" in sheet


def test_outside_any_site_hepkit_says_where_to_start(hepkit, tmp_path):
    lost = run(hepkit, "build", cwd=tmp_path)
    assert lost.returncode == 1 and lost.stderr.startswith("There is no site here: no content/ folder, and no "
                                                          "site.yaml in this folder or any above it")
