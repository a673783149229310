"""The browser checks again, on a content tree that looks nothing like the shipped one
(tests/fixtures/clinic-two): standing and seated exercises, right side only, a four-week review,
three session groups, Letter paper, a second patient reading Spanish. What held only for the
shipped examples would fail here."""
import re
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from hepkit.pipeline import build
from tests.conftest import ARTIFACTS, FIXTURES, open_page, sheet_files, text_of
from tests.test_browser import WCAG, assert_no_sentence_split_across_columns, pdf_pages


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    """clinic-two built once and served from file:// (as a patient opens an attachment)."""
    folder = tmp_path_factory.mktemp("clinic-two")
    shutil.copytree(FIXTURES / "clinic-two", folder / "content")
    build(folder / "content", folder / "output", use_cache=False)
    output = folder / "output"
    sheets = {("es" if '<html lang="es">' in p.read_text() else "en"): p for p in sheet_files(output)}
    return {"index": output / "index.html", "handout": output / "handouts" / "patellar-tendon.html",
            "exercise": output / "exercises" / "seated-knee-extension.html",
            "sheet": sheets["en"], "sheet-es": sheets["es"]}


PAGES = ["index", "handout", "exercise", "sheet", "sheet-es"]


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_shows_it_whole_and_nothing_is_fetched(browser, clinic, name):
    page, requests = open_page(browser, clinic[name].as_uri(), 360, 740)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert all(url.startswith("file://") for url in requests), requests
    page.screenshot(path=str(ARTIFACTS / f"clinic-two-{name}-360.png"))
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    page.context.close()


def test_the_sheet_says_each_dose_and_how_often_with_javascript_off(browser, clinic):
    page, _ = open_page(browser, clinic["sheet"].as_uri(), java_script_enabled=False)
    text = re.sub(r"\s+", " ", page.inner_text("main"))
    page.context.close()
    assert "Do this 2 times a day: 1. Wall sit 5 holds of 45 seconds" in text
    assert ("Do these every Mon, Wed and Fri: 2. Seated knee extension 3 sets of 10 reps, right side only "
            "3. Heel raise off a step 3 sets of 12 reps") in text
    assert "Do this 4 days a week: 4. Stand on one leg with a weight 3 holds of 30 seconds, right side only" in text
    assert "each side" not in text and "each leg" not in text  # one side only, never both


@pytest.mark.parametrize("paper, size", [(None, (612, 792)), ("A4", (596, 843))])
def test_the_sheet_prints_on_three_pages_with_the_name_on_each(browser, clinic, paper, size):
    printed = pdf_pages(browser, clinic["sheet"].as_uri(), "clinic-two-sheet", paper)
    assert len(printed) <= 3, [text[:80] for _, text in printed]
    for number, (page_size, text) in enumerate(printed, start=1):
        assert page_size == size
        assert "Exercises for Casey Standing" in text and f"Page {number} of {len(printed)}" in text
    log = printed[-1][1]
    assert "Mon 2 Nov" in log and "Sun 29 Nov" in log  # the log runs to the day before a four-week review


def test_the_spanish_sheet_is_in_spanish_where_there_are_words_for_it(browser, clinic):
    html = clinic["sheet-es"].read_text()
    assert '<html lang="es">' in html
    text = text_of(html)
    assert "Ejercicios de Lucía Sentada" in text and "4 repeticiones de 30 segundos" in text and "solo el lado derecho" in text
    assert ' lang="en"' in html  # the untranslated exercise words are marked as English
    printed = pdf_pages(browser, clinic["sheet-es"].as_uri(), "clinic-two-sheet-es")
    assert all(f"Página {n} de {len(printed)}" in text for n, (_, text) in enumerate(printed, start=1))


def test_the_spanish_sheet_prints_on_three_pages(browser, clinic):
    assert len(pdf_pages(browser, clinic["sheet-es"].as_uri(), "clinic-two-sheet-es")) <= 3


PAPER_WIDTH = {"A4": 210, "Letter": 215.9}  # mm; the pages' side margins are 13 mm each


def printed_cards(browser, uri: str, paper: str = "A4") -> list[dict]:
    """Each card as the page lays out for print on that paper, in millimetres: tall or not, its
    frames' boxes and its steps' box (x, y, width, height)."""
    page, _ = open_page(browser, uri, round((PAPER_WIDTH[paper] - 26) / 25.4 * 96), 1100)
    page.emulate_media(media="print")
    found = page.evaluate("""() => [...document.querySelectorAll('.exercise')].map(card => {
        const box = e => { const b = e.getBoundingClientRect(); return [b.x, b.y, b.width, b.height].map(v => v * 25.4 / 96); };
        const steps = card.querySelector('.steps');
        return {tall: card.classList.contains('tall'), across: card.classList.contains('across'),
                frames: [...card.querySelectorAll('.frames svg')].filter(svg => svg.getClientRects().length).map(box),
                steps: steps ? box(steps) : null};
    })""")
    page.context.close()
    return found


def printed_frames(browser, uri: str, paper: str = "A4") -> list[tuple[bool, float, float]]:
    """(tall?, width, height) in millimetres of each still frame as the page lays out for print."""
    return [(card["tall"], w, h) for card in printed_cards(browser, uri, paper) for _, _, w, h in card["frames"]]


def assert_tall_frames_print_60_mm_wide(cards):
    """Two frames side by side, each at least 60 mm wide and at most 50 mm high, the steps on their
    right; three frames in one row across the card, each 60 mm wide and 38 mm high, the steps under them."""
    for card in cards:
        assert card["tall"] and card["across"] == (len(card["frames"]) == 3), card
        (x1, y1, w1, h1), *others = card["frames"]
        assert others and all(w >= 60 - 0.5 for _, _, w, _ in card["frames"]), card
        assert all(abs(y - y1) < 0.5 and x >= x1 + w1 - 0.5 for x, y, _, _ in others), card  # one row, in order
        steps_x, steps_y, _, _ = card["steps"]
        x2, _, w2, _ = card["frames"][-1]
        if card["across"]:
            assert max(h for _, _, _, h in card["frames"]) <= 38 + 0.5 and steps_y >= y1 + h1, card  # under them
        else:
            assert max(h for _, _, _, h in card["frames"]) <= 50 + 0.5, card
            assert steps_x >= x2 + w2 and steps_y < y1 + h1, card  # beside the frames, not under them


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_standing_and_seated_frames_print_60_mm_wide_beside_the_steps(browser, clinic, paper):
    """Every exercise here is standing or seated: its frames stand side by side, each 60 mm wide,
    the dose and the steps beside them, so two cards fit a page (the sheet prints on 3 pages, above)."""
    cards = printed_cards(browser, clinic["sheet"].as_uri(), paper)
    assert len(cards) == 4
    assert_tall_frames_print_60_mm_wide(cards)


@pytest.mark.parametrize("name", ["sheet", "sheet-es"])
def test_the_log_of_three_groups_has_6_mm_boxes_inside_the_page(browser, clinic, name):
    """Three groups, one of them twice a day: the boxes sit side by side and both tables fit."""
    from tests.test_browser import assert_log_prints_well
    assert_log_prints_well(browser, clinic[name].as_uri())


def test_the_doses_rest_counts_down_between_holds_and_can_be_skipped(browser, clinic):
    """Wall sit: 5 holds of 45 seconds, rest 30 seconds between holds (the card says so, and the
    counter rests that long after each hold but the last)."""
    import datetime
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.install(time=datetime.datetime(2026, 11, 4, 10, 0))
    page.goto(clinic["sheet"].as_uri())
    card = page.locator("#ex-1")
    assert "5 holds of 45 seconds, rest 30 seconds between holds" in card.inner_text()
    resting = card.locator(".resting")
    card.get_by_role("button", name="Start hold").click()
    page.clock.run_for(3_000 + 45_000 + 500)
    assert card.locator(".count").inner_text() == "Hold 1 of 5"
    assert resting.is_visible() and resting.inner_text() == "Rest: 0:30"
    page.clock.run_for(10_000)
    assert resting.inner_text() == "Rest: 0:20"
    page.clock.run_for(20_500)
    assert not resting.is_visible()  # over: the next hold is the patient's to start
    card.get_by_role("button", name="Start hold").click()
    page.clock.run_for(48_500)
    assert resting.inner_text() == "Rest: 0:30"
    card.get_by_role("button", name="Skip the rest").click()
    assert not resting.is_visible() and not card.get_by_role("button", name="Skip the rest").is_visible()
    for _ in range(3):
        card.get_by_role("button", name="Start hold").click()
        page.clock.run_for(48_500)
    assert card.locator(".count").inner_text() == "Hold 5 of 5" and not resting.is_visible()  # none after the last
    context.close()


@pytest.mark.parametrize("name", ["sheet", "sheet-es", "handout"])
def test_no_sentence_is_split_across_printed_columns(browser, clinic, name):
    assert_no_sentence_split_across_columns(browser, clinic[name].as_uri())


@pytest.mark.parametrize("paper, size", [("Letter", (612, 792)), ("A4", (596, 843))])
def test_paper_any_prints_on_the_paper_the_dialog_chooses(browser, tmp_path, paper, size):
    """clinic-two says `paper: Letter`, which a browser that honours the page's size prints on
    whatever the dialog says; with `paper: any` the dialog's paper wins, in three pages either way."""
    shutil.copytree(FIXTURES / "clinic-two", tmp_path / "content")
    site = tmp_path / "content" / "site.yaml"
    site.write_text(re.sub(r"(?m)^paper: .*$", "paper: any", site.read_text()))
    build(tmp_path / "content", tmp_path / "output", use_cache=False)
    sheet = next(p for p in sheet_files(tmp_path / "output") if '<html lang="en">' in p.read_text())
    page, _ = open_page(browser, sheet.as_uri())
    page.emulate_media(media="print")
    path = tmp_path / "any.pdf"
    page.pdf(path=str(path), format=paper, prefer_css_page_size=True)  # as a dialog that honours CSS sizes
    page.context.close()
    from pypdf import PdfReader
    pages = PdfReader(str(path)).pages
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} == {size}
    assert len(pages) <= 3


@pytest.fixture(scope="module")
def standing(tmp_path_factory):
    """The figures fixture's one patient: four standing exercises with full steps, key points,
    mistakes and cautions (what a physio writes, not one line each), the first in three frames,
    on `paper: any`."""
    folder = tmp_path_factory.mktemp("standing")
    build(FIXTURES / "figures", folder / "output", use_cache=False)
    (sheet,) = sheet_files(folder / "output")
    return sheet


STANDING_STEPS = ["Stand on the bottom stair", "Tie a strong strap", "Stand side-on to a chair",  # each card's first
                  "Stand on the slant board"]  # step: the plan on page 1 names every exercise


@pytest.fixture(scope="module")
def five_frames(tmp_path_factory):
    """The standing sheet again, its step-down drawn in five frames (two more on the way down)."""
    folder = tmp_path_factory.mktemp("five-frames")
    shutil.copytree(FIXTURES / "figures", folder / "content")
    path = folder / "content" / "exercises" / "step-down.md"
    lower = [f"    - caption: Lower {n}\n      base: standing\n      contacts: [left foot on step]\n"
             f"      trunk: {t}\n      hip: {{right: {h}}}\n      knee: {{left: {k}, right: 0}}\n"
             for n, (t, h, k) in enumerate([(5, 30, 30), (15, 45, 75)], start=1)]
    text = path.read_text()  # knee 0, 30 (new), 60, 75 (new), 90
    for frame, before in zip(lower, ["    - caption: Bend slowly\n", "    - caption: Touch the heel down\n"], strict=True):
        text = text.replace(before, frame + before)
    path.write_text(text)
    build(folder / "content", folder / "output", use_cache=False)
    (sheet,) = sheet_files(folder / "output")
    return sheet


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_standing_card_of_five_frames_prints_three_and_the_sheet_three_pages(browser, five_frames, paper):
    """Five frames beside the steps or across would make the card taller than half a page: paper
    prints the first, the middle one and the last (as the moving figure moves), the screen all five."""
    printed = [text for _, text in pdf_pages(browser, five_frames.as_uri(), f"five-frames-{paper}", paper)]
    assert len(printed) == 3, [text[:80] for text in printed]
    assert "Stand on the step" in printed[0] and "Bend slowly" in printed[0] and "Touch the heel down" in printed[0]
    assert "Lower 1" not in printed[0] and "Lower 2" not in printed[0]  # frames 2 and 4 of 5 are not printed
    cards = printed_cards(browser, five_frames.as_uri(), paper)
    assert [len(card["frames"]) for card in cards] == [3, 2, 2, 2]
    assert_tall_frames_print_60_mm_wide(cards)
    page, _ = open_page(browser, five_frames.as_uri(), 1280, 900)
    page.emulate_media(reduced_motion="reduce")
    assert page.locator(".exercise").first.locator(".frames svg").count() == 5
    assert all(svg.is_visible() for svg in page.locator(".exercise").first.locator(".frames svg").all())
    page.context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_four_standing_exercises_with_full_text_print_on_three_pages_two_cards_a_page(browser, standing, paper):
    printed = [text for _, text in pdf_pages(browser, standing.as_uri(), f"standing-sheet-{paper}", paper)]
    assert len(printed) == 3, [text[:80] for text in printed]
    on_page = [[step for step in STANDING_STEPS if step in text] for text in printed]
    assert on_page == [STANDING_STEPS[:2], STANDING_STEPS[2:], []], on_page  # two whole cards a page, then the log
    assert "Pain: what is OK" in printed[2] and "My log" in printed[2]
    assert "3 sets of 15 reps, left leg only" in printed[1]  # the dose prints with its card
    cards = printed_cards(browser, standing.as_uri(), paper)
    assert [len(card["frames"]) for card in cards] == [3, 2, 2, 2]  # the step-down's three frames go across
    assert_tall_frames_print_60_mm_wide(cards)
