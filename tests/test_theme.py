"""Clinic themes: files under content/theme/ replace or extend the built-in templates and static
files, change exactly the pages they should, and are checked like content."""
import base64
import hashlib
import re

from tests.conftest import ROOT, found, sheet_files, snapshot, text_of

FOOTER = '''{% extends "hepkit/base.html" %}
{% block head_extra %}<style>:root { --accent: #6a1b9a; }</style>{% endblock %}
{% block clinic_name %}<span class="logo">{{ inline("logo.svg") }}</span> {{ super() }}{% endblock %}
{% block footer %}<footer class="contact"><p>Open Monday to Friday · {{ site.clinic }}</p></footer>{% endblock %}
'''
LOGO = '<svg viewBox="0 0 10 10" width="40" height="40" role="img" aria-label="Test Clinic logo"><circle cx="5" cy="5" r="4"/></svg>'


def theme(tree):
    for folder in ("templates", "static"):
        (tree / "theme" / folder).mkdir(parents=True, exist_ok=True)
    return tree / "theme"


def test_extending_the_built_in_base_changes_one_block_on_every_page(tree, cli):
    folder = theme(tree)
    (folder / "templates" / "base.html").write_text(FOOTER)
    (folder / "static" / "logo.svg").write_text(LOGO)
    edit = tree / "site.yaml"
    edit.write_text(edit.read_text().replace("clinic: Test Clinic", 'clinic: "Test <Clinic>"'))
    assert cli("build")[0] == 0
    pages = sorted((tree.parent / "output").rglob("*.html"))
    assert len(pages) == 7  # sheets/index.html too
    for page in pages:
        html = page.read_text()
        assert "Open Monday to Friday · Test &lt;Clinic&gt;" in html  # a theme is autoescaped too
        assert LOGO in html and "--accent: #6a1b9a" in html
        assert '<footer class="contact"><p>Open' in html and "Email:" not in html
        assert "default-src &#39;none&#39;" in html  # the strict policy stays


def test_a_replaced_template_changes_only_its_pages(tree, cli, tmp_path):
    assert cli("build", "--output", "plain")[0] == 0
    folder = theme(tree)
    (folder / "templates" / "exercise.html").write_text(
        '{% extends "hepkit/exercise.html" %}{% block title %}Exercise: {{ exercise.title }}{% endblock %}')
    assert cli("build", "--output", "themed")[0] == 0
    plain, themed = snapshot(tree.parent / "plain"), snapshot(tree.parent / "themed")
    differ = sorted(path for path in plain if plain[path] != themed[path] and path != ".hepkit-record.json")
    assert differ == ["exercises/step-up.html", "exercises/wall-sit.html"]
    assert "<title>Exercise: Wall sit · Test Clinic</title>" in themed["exercises/wall-sit.html"].decode()


def test_a_replaced_static_file_is_inlined_and_the_script_hash_follows_it(tree, cli):
    folder = theme(tree)
    from hepkit.pipeline import Builtins
    static = Builtins().static
    (folder / "static" / "hepkit.css").write_text(static.joinpath("hepkit.css").read_text() + "\n.clinic-name { letter-spacing: 0.1em; }\n")
    script = static.joinpath("sheet.js").read_text() + "\n/* Test Clinic */\n"
    (folder / "static" / "sheet.js").write_text(script)
    assert cli("build")[0] == 0
    whole = "\n".join((static.joinpath("qrcode-generator", "qrcode.js").read_text(), script,
                       static.joinpath("handover.js").read_text()))  # the sheet's one script, in its order
    expected = "sha256-" + base64.b64encode(hashlib.sha256(whole.encode()).digest()).decode()
    sheet = sheet_files(tree.parent / "output")[0].read_text()
    assert f"script-src &#39;{expected}&#39;" in sheet and "/* Test Clinic */" in sheet
    for page in found((tree.parent / "output").rglob("*.html"), 7):
        assert ".clinic-name { letter-spacing: 0.1em; }" in page.read_text()


def test_a_broken_theme_template_is_reported_at_its_line(tree, cli):
    folder = theme(tree)
    (folder / "templates" / "base.html").write_text('{% extends "hepkit/base.html" %}\n{% block footer %}\n')
    code, out, err = cli("check")
    assert code == 1 and "Traceback" not in err
    assert err.splitlines()[0] == ("content/theme/templates/base.html:2: template error: Unexpected end of template. "
                                   "Jinja was looking for the following tags: 'endblock'. The innermost block that "
                                   "needs to be closed is 'block'. — fix the template syntax")
    assert cli("build")[0] == 1 and not (tree.parent / "output").exists()


def test_changing_the_theme_rebuilds_every_page(tree, cli):
    assert cli("build")[1].startswith("Built 7 pages")
    folder = theme(tree)
    (folder / "templates" / "base.html").write_text(FOOTER.replace('{{ inline("logo.svg") }}', ""))
    assert cli("build")[1].startswith("Built 7 pages")
    assert cli("build")[1].startswith("Nothing changed")
    assert "Open Monday to Friday" in text_of((tree.parent / "output" / "index.html").read_text())


def test_a_theme_speaks_the_page_language(tree, cli):
    """A theme's words are the clinic's: `language` says which to use, and `_()` has hepkit's."""
    (theme(tree) / "templates" / "_contact.html").write_text(
        '<footer class="contact"><p>{% if language.startswith("es") %}Abierto de lunes a viernes'
        '{% else %}Open Monday to Friday{% endif %} · {{ _("Phone:") }} 01632 960 123 · '
        '{% trans num=2 %}{{ num }} phase{% pluralize %}{{ num }} phases{% endtrans %}</p></footer>')
    patient = tree / "patients" / "pat.yaml"
    (tree / "patients" / "ana.yaml").write_text(patient.read_text() + "language: es\n")
    code, out, err = cli("build")
    assert code == 0, err
    sheets = {p.read_text().count('<html lang="es">'): p.read_text() for p in sheet_files(tree.parent / "output")}
    assert "Abierto de lunes a viernes · Teléfono: 01632 960 123 · 2 fases" in sheets[1]
    assert "Open Monday to Friday · Phone: 01632 960 123 · 2 phases" in sheets[0]


def test_the_worked_example_in_docs_themes_md_works_as_written(tree, cli):
    doc = (ROOT / "docs" / "themes.md").read_text()
    example = re.search(r"`content/theme/templates/base.html`:\n\n```jinja\n(.*?)```", doc, re.S)[1]
    folder = theme(tree)
    (folder / "templates" / "base.html").write_text(example)
    (folder / "static" / "logo.svg").write_text(LOGO)
    assert cli("build")[0] == 0
    pages = sorted((tree.parent / "output").rglob("*.html"))
    assert len(pages) == 7  # sheets/index.html too
    for page in pages:
        html = page.read_text()
        assert f'<span class="logo">{LOGO}</span>' in html and "--accent: #6a1b9a" in html
        assert "Test Clinic · open Monday to Friday, 8 am to 6 pm · 0100 000 000" in text_of(html)


def test_check_finds_an_inlined_file_the_theme_does_not_have(tree, cli):
    """A misspelt logo passed `check` and failed the build, with advice to restore it from git."""
    folder = theme(tree)
    (folder / "templates" / "base.html").write_text(FOOTER.replace('inline("logo.svg")', 'inline("logo.svgg")'))
    (folder / "static" / "logo.svg").write_text(LOGO)
    for command in ("check", "build"):
        code, _, err = cli(command)
        assert code == 1 and err.splitlines()[0] == (
            'content/theme/templates/base.html:3: inline("logo.svgg") names a file that is not in '
            'content/theme/static/ (did you mean "logo.svg"?) — put the file in content/theme/static/, or correct '
            "its name")
    assert not (tree.parent / "output").exists()
    (folder / "templates" / "base.html").write_text(FOOTER)
    assert cli("check")[0] == 0 and cli("build")[0] == 0
