"""Sheets in the patient's language: the interface through gettext catalogs, content translations
beside their originals, and a marked fallback for whatever is not translated."""
import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT, found, sheet_files, shipped_sheet, snapshot, text_of


def content_copy(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns(".sheet-salt"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


class Texts(HTMLParser):
    """Every piece of text a reader meets, in order, with the attributes read aloud (aria-label,
    alt, title): the words of the page apart from scripts, styles and pictures."""

    def __init__(self):
        super().__init__()
        self.texts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:  # a picture's own label counts; what is drawn inside it does not
            if name in ("aria-label", "alt", "title") and value and not self.skip:
                self.texts.append(value)
        if tag in ("script", "style", "svg"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(re.sub(r"\s+", " ", data.strip()))


def texts_of(html: str) -> list[str]:
    parser = Texts()
    parser.feed(re.sub(r"</?(strong|em|span|a)\b[^>]*>", "", html))  # inline marks split no sentence
    return parser.texts


def data_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="sheet-data">(.*?)</script>', html, re.S)[1])


@pytest.fixture
def both(tmp_path, monkeypatch, cli):
    """Ana's sheet in Spanish (as shipped) and the same patient with the language line removed (English)."""
    content = content_copy(tmp_path, monkeypatch)
    ana = (content / "patients" / "ana-example.yaml").read_text()
    (content / "patients" / "ana-english.yaml").write_text(ana.replace("language: es\n", ""))
    code, out, err = cli("build")
    assert code == 0, err
    output = tmp_path / "output"
    return _sheet(output, content, "ana-english"), _sheet(output, content, "ana-example")


def _sheet(output, content, patient_id):
    from hepkit.pipeline import check
    from hepkit.site.paths import sheet_name
    return (output / sheet_name(check(content).site, patient_id)).read_text()


def test_english_and_spanish_sheets_differ_in_every_interface_string_and_date(both):
    english, spanish = both
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    en, es = texts_of(english), texts_of(spanish)
    assert len(en) == len(es)  # the same page, piece by piece
    same_everywhere = {"Riverbend Physio (example clinic)", "01632 960 123", "hello@riverbend-physio.example",
                       "12 Example Lane, Sampletown", "Ana Ejemplo (paciente ficticia)", "Alex Morgan",
                       # the physio's own words in the patient file
                       "Paciente de ejemplo, inventada. Mantenga las carreras llanas y suaves hasta su revisión.",
                       "Hágalo cada día. Los días de fuerza, hágalo primero, para calentar."}
    unchanged = []
    for a, b in zip(en, es, strict=True):
        words = a
        for name in same_everywhere:
            words = words.replace(name, "")
        if re.search(r"[A-Za-z]{2}", words) and a == b:
            unchanged.append(a)
    assert unchanged == []
    # No English interface words hide inside a longer Spanish text either ("Moving picture: Inicio …"):
    # piece by piece, the Spanish shares no word with the English but names.
    names = set(re.findall(r"\w{3,}", " ".join(same_everywhere))) | {"yoga", "JavaScript"}  # words in both languages
    shared = [(a, b) for a, b in zip(en, es, strict=True)
              if (set(re.findall(r"[A-Za-z]{3,}", a)) - names) & set(re.findall(r"\w{3,}", b))]
    assert shared == []
    assert [(m, t) for m in _english_phrases() for t in es if m.search(t)] == []
    # Dates: the log's first and last rows, and the dates at the top.
    assert "Tue 3 Nov" in english and "martes, 3 nov" in spanish and "mar, 3 nov" not in spanish and "Tue 3 Nov" not in spanish
    assert "From Tuesday, 3 November to your review on Tuesday, 1 December" in en
    assert "Desde el martes, 3 de noviembre hasta su revisión, el martes, 1 de diciembre" in es  # not "mar" (sea)
    # The script's words, its pain answers and its calendar all differ too.
    en_data, es_data = data_of(english), data_of(spanish)
    for part in ("words", "pain", "calendar"):
        for key, value in en_data[part].items():
            if key != "limit":
                assert es_data[part][key] != value, (part, key)


def plan_doses(html: str) -> list[str]:
    """The dose of each row of the plan, as read (each amount is kept on one line by a <span>)."""
    return [re.sub(r"<[^>]+>", "", d) for d in re.findall(r'<span class="plan-dose">(.*?)</span>\s*</a>', html, re.S)]


def test_english_and_spanish_sheets_prescribe_exactly_the_same_doses(both):
    english, spanish = both
    en_data, es_data = data_of(english), data_of(spanish)
    for card, dose in en_data["cards"].items():
        other = es_data["cards"][card]
        words = ("title", "sideNames", "dose", "less")  # a dose's words ("What's new", doing less): numbers below
        assert {k: v for k, v in dose.items() if k not in words} == {k: v for k, v in other.items() if k not in words}
        assert re.findall(r"\d+", dose["dose"]) == re.findall(r"\d+", other["dose"])
        assert re.findall(r"\d+", dose["less"]) == re.findall(r"\d+", other["less"])
    assert en_data["groups"] == [{**g, "label": en_group["label"], "name": en_group["name"]}
                                 for g, en_group in zip(es_data["groups"], en_data["groups"], strict=True)]
    doses = [re.findall(r"\d+", d) for d in plan_doses(english)]
    assert doses == [re.findall(r"\d+", d) for d in plan_doses(spanish)]
    assert doses == [["5", "45"], ["3", "8"], ["3", "10"], ["3", "6", "8"]]
    assert plan_doses(spanish) == [
        "5 repeticiones de 45 segundos", "3 series de 8 repeticiones, cada pierna",
        "3 series de 10 repeticiones, cada pierna", "3 series de 6–8 repeticiones"]
    assert "Pare por hoy si el dolor pasa de 5 sobre 10." in spanish
    assert "Stop for today if the pain goes above 5 out of 10." in english


def test_the_spanish_handout_keeps_every_reference_and_dose(shipped):
    english = (shipped / "handouts" / "proximal-hamstring-tendinopathy.html").read_text()
    spanish = (shipped / "handouts" / "proximal-hamstring-tendinopathy.es.html").read_text()
    assert '<html lang="es">' in spanish and 'lang="' not in spanish.split("<body", 1)[1].replace('lang="en"', "").replace(
        'hreflang="en"', "")  # nothing is marked as left in English
    references = re.findall(r'<section class="references">.*?(<ol>.*?</ol>)', english, re.S)
    assert len(references) == 1 and references == re.findall(r'<section class="references">.*?(<ol>.*?</ol>)', spanish, re.S)
    assert "3–4 repeticiones de 30 segundos, 2–3 veces al día" in spanish
    assert "3–4 holds of 30 seconds, 2–3 times a day" in english
    assert '<a href="proximal-hamstring-tendinopathy.html" hreflang="en" lang="en">English</a>' in spanish
    assert '<a href="proximal-hamstring-tendinopathy.es.html" hreflang="es" lang="es">Español</a>' in english
    index = (shipped / "index.html").read_text()
    assert 'href="handouts/proximal-hamstring-tendinopathy.es.html"' in index


SHIPPED_EXERCISES = ["double-leg-bridge-leg-lifts", "double-leg-isometric-bridge", "plank-leg-lifts",
                     "prone-hamstring-curl", "single-leg-bridge", "supine-hamstring-curl-ball"]


@pytest.mark.parametrize("exercise", SHIPPED_EXERCISES)
def test_each_translated_exercise_has_its_own_page_with_the_same_doses(shipped, exercise):
    english = (shipped / "exercises" / f"{exercise}.html").read_text()
    spanish = (shipped / "exercises" / f"{exercise}.es.html").read_text()
    assert '<html lang="es">' in spanish and 'lang="' not in spanish.split("<body", 1)[1].replace('lang="en"', "").replace(
        'hreflang="en"', "")  # nothing is marked as left in English
    doses = [re.findall(r"\d+", d) for d in re.findall(r'<li class="dose">(.*?)</li>', english, re.S)]
    assert doses and doses == [re.findall(r"\d+", d) for d in re.findall(r'<li class="dose">(.*?)</li>', spanish, re.S)]
    used_in = re.findall(r'<section class="used-in">.*?</section>', spanish, re.S)[0]
    assert re.findall(r'href="([^"#]*)', used_in) and set(re.findall(r'href="([^"#]*)', used_in)) == {
        "../handouts/proximal-hamstring-tendinopathy.es.html"}
    assert "Tendinopatía proximal de los isquiotibiales, fase" in used_in
    assert f'<a href="{exercise}.es.html" hreflang="es" lang="es">Español</a>' in english
    assert f'<a href="{exercise}.html" hreflang="en" lang="en">English</a>' in spanish
    assert f'href="exercises/{exercise}.es.html"' in (shipped / "index.html").read_text()


def test_an_exercise_page_names_an_untranslated_program_as_written(tree, cli):
    (tree / "exercises" / "wall-sit.es.md").write_text(
        "---\ntitle: Sentadilla en la pared\ncues: [Apoye la espalda en la pared.]\n---\n"
        "## Movimiento\n\n1. Baje por la pared.\n2. Aguante.\n")
    code, out, err = cli("build")
    assert code == 0, err
    page = (tree.parent / "output" / "exercises" / "wall-sit.es.html").read_text()
    assert '<html lang="es">' in page and "Sentadilla en la pared" in page
    assert ('<a href="../handouts/knee.html#phase-1"><span lang="en">Knee program</span>, fase 1: '
            '<span lang="en">Calm</span></a>') in page
    assert "3–4 repeticiones de 30 segundos, 2–3 veces al día" in text_of(page)


def test_adding_a_translation_later_updates_every_language_s_pages(tmp_path, monkeypatch):
    """The original's pages say "Also in:", so a translation added to a cached build must change
    them: the cached build is then the same, byte for byte, as one made afresh."""
    from hepkit.pipeline import build
    content = content_copy(tmp_path, monkeypatch)
    kept = {p: p.read_bytes() for p in (content / "programs" / "proximal-hamstring-tendinopathy.es.yaml",
                                        content / "exercises" / "single-leg-bridge.es.md")}
    for path in kept:
        path.unlink()
    build(content, tmp_path / "output")
    for path, data in kept.items():
        path.write_bytes(data)
    build(content, tmp_path / "output")
    build(content, tmp_path / "fresh", use_cache=False)
    assert snapshot(tmp_path / "output") == snapshot(tmp_path / "fresh")
    assert "Español" in (tmp_path / "output" / "handouts" / "proximal-hamstring-tendinopathy.html").read_text()


def test_a_patient_s_language_adds_no_page_to_the_library(tmp_path, monkeypatch):
    """Pages in other languages come from translation files only: a patient reading Mexican
    Spanish gets a sheet in it, but the library neither grows nor says that anyone does."""
    from hepkit.pipeline import build
    content = content_copy(tmp_path, monkeypatch)

    def library(output):
        # The output's record names every page by a hash of its path, sheets too: it is bookkeeping, not library.
        return {path: data for path, data in snapshot(output).items()
                if not path.startswith("sheets/") and path != ".hepkit-record.json"}
    build(content, tmp_path / "before", use_cache=False)
    ana = content / "patients" / "ana-example.yaml"
    ana.write_text(ana.read_text().replace("\nlanguage: es\n", "\nlanguage: es_MX\n"))
    build(content, tmp_path / "after", use_cache=False)
    assert library(tmp_path / "after") == library(tmp_path / "before")
    assert len([p for p in library(tmp_path / "after") if p.endswith(".html")]) == 16
    assert any('<html lang="es-MX">' in (tmp_path / "after" / "sheets" / p.name).read_text()
               for p in sheet_files(tmp_path / "after"))


def test_every_page_says_its_language(shipped):
    spanish_sheet = shipped_sheet(shipped, "ana-example")
    for page in found(shipped.rglob("*.html"), 20):
        expected = "es" if page == spanish_sheet or page.name.endswith(".es.html") else "en"
        assert f'<html lang="{expected}">' in page.read_text(), page


def test_a_missing_translation_falls_back_marked_and_is_reported(tmp_path, monkeypatch, cli):
    content = content_copy(tmp_path, monkeypatch)
    (content / "exercises" / "single-leg-bridge.es.md").unlink()
    prone = content / "exercises" / "prone-hamstring-curl.es.md"
    prone.write_text(re.sub(r"cautions:\n  - .*\n", "", prone.read_text()))
    code, out, err = cli("build")
    assert code == 0
    assert ("content/exercises/single-leg-bridge.md:1: warning: there is no Spanish translation of this exercise, "
            "so Spanish pages show it in English — add exercises/single-leg-bridge.es.md beside it "
            "(see docs/content.md, Languages)") in err.splitlines()
    assert ('content/exercises/prone-hamstring-curl.es.md:2: warning: "cautions" is not translated, so it shows in '
            "English — add `cautions:` in Spanish") in err.splitlines()
    sheet = _sheet(tmp_path / "output", content, "ana-example")
    card = re.search(r'<article class="exercise" id="ex-2">.*?</article>', sheet, re.S)[0]
    assert '<span lang="en">Single-leg bridge</span>' in card
    assert '<div class="steps" lang="en">' in card and '<ol class="frames" lang="en">' in card
    assert '<span class="label">Posición:</span> <span lang="en">Lying on your back</span>' in card
    assert "Pare por hoy si el dolor pasa de 5 sobre 10." in card  # the interface stays Spanish
    prone_card = re.search(r'<article class="exercise" id="ex-3">.*?</article>', sheet, re.S)[0]
    assert '<li><span lang="en">Your physio may add an ankle weight or a band. Do not add one yourself.</span></li>' \
        in prone_card
    assert 'lang="en"' not in prone_card.replace(
        '<span lang="en">Your physio may add an ankle weight or a band. Do not add one yourself.</span>', "")
    code, out, err = cli("check", "--translations")
    assert code == 0
    assert "    exercises        4 of 6 (1 with words missing)" in out
    assert "    not translated: exercises/prone-hamstring-curl, exercises/single-leg-bridge (no file)" in out


def test_check_translations_reports_coverage(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = cli("check", "--translations")
    assert code == 0
    assert out.splitlines()[1:] == [
        "Translations (the content is written in English, en):",
        "  Spanish (es), 1 patient sheet:",
        f"    interface words  {_catalog_size()} of {_catalog_size()}",
        "    exercises        6 of 6",
        "    conditions       1 of 1",
        "    programs         1 of 1",
    ]


def _english_phrases() -> list:
    """Each interface string of two words or more as a pattern, its %(values)s and {values} as wildcards."""
    phrases = []
    for text in _messages_in_the_code():
        fixed = re.split(r"%\(\w+\)s|\{\w+\}|<[^>]+>", text)
        if sum(len(re.findall(r"[A-Za-z]{2,}", part)) for part in fixed) >= 2:
            phrases.append(re.compile(".+?".join(re.escape(part) for part in fixed)))
    return phrases


def _catalog_size() -> int:
    with open(ROOT / "hepkit" / "locale" / "hepkit.pot", "rb") as pot:
        return len([m for m in read_po(pot) if m.id])


def _messages_in_the_code() -> dict:
    """Every interface string in hepkit's templates and code, as Babel extracts it."""
    found = {}
    method_map = [("hepkit/**.py", "python"), ("templates/**.html", "jinja2")]
    for filename, lineno, message, _comments, _context in extract_from_dir(str(ROOT), method_map,
                                                                          keywords={"_": None, "ngettext": (1, 2)}):
        found[message if isinstance(message, str) else message[0]] = (filename, lineno, message)
    return found


def test_the_spanish_catalog_translates_every_interface_string():
    with open(ROOT / "hepkit" / "locale" / "es.po", "rb") as po:
        catalog = read_po(po, locale="es")
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    code = _messages_in_the_code()
    assert len(code) > 150
    missing = [f"{f}:{n}: {k}" for k, (f, n, _) in code.items() if k not in translated]
    assert missing == [], "run pybabel update (see docs/content.md, Languages)"
    for key, message in translated.items():
        assert not message.fuzzy, key
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for string in strings:
            assert string.strip(), key
            # The same placeholders, so no number or name is lost in translation.
            assert sorted(re.findall(r"%\(\w+\)s|\{\w+\}", string)) == sorted(re.findall(r"%\(\w+\)s|\{\w+\}", ids[-1])), key
    assert sorted(translated) == sorted(code), "es.po has strings the code no longer uses"


def test_the_template_catalog_is_current():
    with open(ROOT / "hepkit" / "locale" / "hepkit.pot", "rb") as pot:
        assert sorted(m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id) == \
               sorted(_messages_in_the_code())


@pytest.mark.parametrize("where, text, message", [
    ("exercises/single-leg-bridge.es.md", "---\ntitle: Puente\ndose: {reps: 99}\n---\nTexto\n",
     'content/exercises/single-leg-bridge.es.md:3: "dose" is not translated: it comes from the original — remove it '
     "here; a translation holds only words, so every language gets the same doses, pictures and sources"),
    ("exercises/side-plank.es.md", "---\ntitle: Plancha lateral\n---\nTexto\n",
     'content/exercises/side-plank.es.md:1: this translates "side-plank", but there is no exercise of that name — '
     "name it after its original: side-plank.es needs exercises/side-plank beside it"),
    ("programs/proximal-hamstring-tendinopathy.es.yaml", "title: T\nphases:\n  setle:\n    name: Calmar\n",
     'content/programs/proximal-hamstring-tendinopathy.es.yaml:3: the program has no phase "setle" (did you mean '
     '"settle"?) — use one of "maintain", "settle", "strengthen"'),
    ("programs/proximal-hamstring-tendinopathy.es.yaml", "title: T\npain:\n  acceptable_up_to: 7\n",
     'content/programs/proximal-hamstring-tendinopathy.es.yaml:3: "acceptable_up_to" is not translated: it comes from '
     "the original — remove it here; a translation holds only words, so every language gets the same doses, "
     "pictures and sources"),
    ("programs/proximal-hamstring-tendinopathy.es.yaml", "title: T\npain:\n  points: [Hasta 7/10 está bien.]\n",
     "content/programs/proximal-hamstring-tendinopathy.es.yaml:3: this says 7 out of 10, but the pain rule "
     "(acceptable_up_to) is 5 — leave the number out here: every sheet and handout states the pain rule from `pain:`"),
    ("programs/proximal-hamstring-tendinopathy.es.yaml",
     "title: T\nphases:\n  settle:\n    move_on_when: [el dolor no pasa de 6/10, dos, tres]\n",
     "content/programs/proximal-hamstring-tendinopathy.es.yaml:4: this says 6 out of 10, but the pain rule "
     "(acceptable_up_to) is 5 — leave the number out here: every sheet and handout states the pain rule from `pain:`"),
    ("patients/ana-example.yaml", None, None),
])
def test_a_wrong_translation_is_a_message(tmp_path, monkeypatch, cli, where, text, message):
    content = content_copy(tmp_path, monkeypatch)
    if text is None:  # a language hepkit has no words for
        path = content / where
        path.write_text(path.read_text().replace("language: es", "language: fr"))
        message = ('content/patients/ana-example.yaml:3: hepkit cannot write a sheet in French (fr) yet: it has no '
                   'catalog of its words in that language — use one of "en", "es", or add hepkit/locale/fr.po '
                   "(see docs/content.md, Languages)")
    else:
        (content / where).write_text(text)
    before = sorted((tmp_path / "output").rglob("*")) if (tmp_path / "output").exists() else []
    code, out, err = cli("build")
    assert code == 1
    assert message in err.splitlines(), err
    assert "Traceback" not in err and not (tmp_path / "output").exists() and before == []


def test_a_site_language_without_a_catalog_is_a_warning_and_dates_follow_it(tmp_path, monkeypatch, cli):
    content = content_copy(tmp_path, monkeypatch)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("language: en", "language: de"))
    (content / "patients" / "ana-example.yaml").unlink()
    for translation in content.rglob("*.es.*"):
        translation.unlink()
    code, out, err = cli("build")
    assert code == 0, err
    assert ('content/site.yaml:8: warning: hepkit has no catalog of its words in German, so headings and buttons '
            'are in English — use one of "en", "es", or add hepkit/locale/de.po') in err.splitlines()
    sheet = _sheet(tmp_path / "output", content, "sam-example")
    assert '<html lang="de">' in sheet and "<th scope=\"row\">Mo., 2. Nov.</th>" in sheet  # CLDR's German
    site.write_text(site.read_text().replace("language: de", "language: deutsch"))
    code, out, err = cli("build")
    assert code == 1 and ('content/site.yaml:8: language "deutsch" is not a language code — write a code such as '
                          "en, es or en_US (see docs/content.md, Languages)") in err.splitlines()


def test_a_variant_of_the_content_language_needs_no_translation(tmp_path, monkeypatch, cli):
    content = content_copy(tmp_path, monkeypatch)
    sam = content / "patients" / "sam-example.yaml"
    sam.write_text(sam.read_text() + "language: en_US\n")
    code, out, err = cli("build")
    assert code == 0 and "warning: there is no" not in err
    sheet = _sheet(tmp_path / "output", content, "sam-example")
    assert '<html lang="en-US">' in sheet and "From Monday, November 2 to your review on Monday, November 16" in sheet
    assert 'lang="en"' not in sheet and "Double-leg glute bridge hold" in sheet


def test_a_translation_needs_a_title_and_words_for_each_frame(tmp_path, monkeypatch, cli):
    content = content_copy(tmp_path, monkeypatch)
    bridge = content / "exercises" / "single-leg-bridge.es.md"
    text = bridge.read_text().replace("title: Puente sobre una pierna\n", "")
    bridge.write_text(re.sub(r"      describe: la cadera levantada.*\n", "", text))
    code, out, err = cli("build")
    assert code == 1
    assert ('content/exercises/single-leg-bridge.es.md:2: this translation has no "title" — add `title:` in '
            "Spanish: a page's title cannot mix languages") in err.splitlines()
    bridge.write_text(bridge.read_text().replace("---\n", "---\ntitle: Puente sobre una pierna\n", 1))
    code, out, err = cli("build")
    assert code == 0
    assert ("content/exercises/single-leg-bridge.es.md:13: warning: frame 2 of the picture is not fully translated, "
            "so its words show in English — give it `describe:` (what a screen reader says) and `caption:`"
            ) in err.splitlines()


@pytest.mark.parametrize("where, old, new, message", [
    ("patients/ana-example.yaml", "language: es", "language: 5",
     'content/patients/ana-example.yaml:3: "language" should be text, not the number 5 — put the value in quotes: '
     'language: "5"'),
    ("exercises/single-leg-bridge.md", "title: Single-leg bridge", "title: [Single-leg bridge",
     None),  # the original cannot be read: only that is reported, not its translation as an orphan
])
def test_a_broken_language_line_or_original_is_reported_once(tmp_path, monkeypatch, cli, where, old, new, message):
    content = content_copy(tmp_path, monkeypatch)
    path = content / where
    path.write_text(path.read_text().replace(old, new))
    code, out, err = cli("check")
    problems = [line for line in err.splitlines() if not line.startswith(("content/site.yaml", "1 problem"))]
    assert code == 1 and len(problems) == 1 and "Traceback" not in err, err
    assert message is None or problems == [message]
    assert "single-leg-bridge.es.md" not in err


def test_a_regional_code_reads_the_languages_translations(tmp_path, monkeypatch, cli):
    content = content_copy(tmp_path, monkeypatch)
    ana = content / "patients" / "ana-example.yaml"
    ana.write_text(ana.read_text().replace("language: es", "language: es_MX"))
    code, out, err = cli("build")
    assert code == 0 and "warning: there is no" not in err and "not translated" not in err
    sheet = _sheet(tmp_path / "output", content, "ana-example")
    assert '<html lang="es-MX">' in sheet and "Puente sobre una pierna" in sheet
    assert "3 series de 8 repeticiones, cada pierna" in sheet and 'lang="en"' not in sheet
    assert "martes 3 de nov" in sheet  # Mexican Spanish writes its dates its own way (CLDR)


def test_dose_numbers_and_words_follow_the_language():
    from hepkit.content.dose import parse_dose
    from hepkit.content.yaml_lines import parse_yaml
    from hepkit.i18n.words import dose_text

    def dose(text):
        return parse_dose(parse_yaml(f"d: {text}", "x.yaml", [])["d"], "x.yaml", 1, [])
    from babel.numbers import get_group_symbol

    from hepkit.i18n.words import number
    # Swiss German's grouping mark changed between CLDR releases (’ then '), so ask the installed data for it.
    swiss = f"12{get_group_symbol('de_CH')}000"
    assert swiss not in ("12.000", "12,000")
    assert (number(12000, "es"), number(12000, "en"), number(12000, "de_CH")) == ("12.000", "12,000", swiss)
    assert dose_text(dose("{reps: 12, per_day: 1}"), language="es") == "12 repeticiones, una vez al día"
    assert dose_text(dose("{hold: 10m, per_week: 1}"), language="es") == "aguante 10 minutos, 1 día a la semana"
    assert dose_text(dose("{sets: 1, reps: 1, sides: each}"), "arm", "es") == "1 serie de 1 repetición, cada brazo"
    assert dose_text(dose("{reps: 3-4, hold: 90s, rest: 1m}"), language="es") == (
        "3–4 repeticiones de 1 minuto y 30 segundos, descanse 1 minuto entre repeticiones")
    assert dose_text(dose("{days: [mon, thu]}"), language="es") == (
        "Su fisioterapeuta le dirá la dosis, cada lunes y jueves")
