"""Every page type of the shipped site in real headless Chromium: phone, desktop, print, a11y, offline.

Drives Debian's chromium (/usr/bin/chromium) with Playwright; never downloads a browser.
Screenshots and PDFs land in tests/artifacts/ (git-ignored) for a person to look at.
"""
import re
import unicodedata

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from tests.conftest import ARTIFACTS, ROOT, open_page
from tests.test_serve import server  # noqa: F401  (the dev server as a fixture)

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
A4 = (595, 842)
LETTER = (612, 792)

SAM_TITLES = ["Double-leg glute bridge hold", "Double-leg glute bridge with leg lifts", "Plank with leg lifts"]
JORDAN_TITLES = ["Double-leg glute bridge hold", "Single-leg bridge", "Hamstring curl lying face down",
                 "Hamstring curl on a ball"]


PAGES = ["index", "handout", "exercise", "figures", "sheet-sam", "sheet-jordan", "sheet-ana", "handout-es", "exercise-es"]


@pytest.mark.parametrize("name", PAGES)
def test_page_on_phone_and_desktop(browser, site, name):
    base, pages = site
    url = base + pages[name]
    for width, height, label in ((390, 844, "phone"), (1280, 800, "desktop")):
        page, requests = open_page(browser, url, width, height)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        assert requests == [url], "the page asked for something beyond itself"
        page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_fits_a_small_phone_with_large_text(browser, site, name):
    base, pages = site
    page, _ = open_page(browser, base + pages[name], 320, 640)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    sizes = page.evaluate("""() => [...document.querySelectorAll('main p, main li, main dd, main dt, main a, main button, footer li')]
        .filter(e => e.offsetParent !== null && e.textContent.trim())
        .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 40)])""")
    assert sizes and [s for s in sizes if s[0] < 18] == []
    # Each amount of a dose stays on one line ("3–4 holds", "8 repeticiones"), whatever wraps around it.
    amounts = page.evaluate("""() => [...document.querySelectorAll('.nw')].filter(e => e.offsetParent !== null)
        .map(e => [new Set([...e.getClientRects()].map(r => Math.round(r.top))).size, e.textContent])""")
    assert [a for a in amounts if a[0] > 1] == [] and (amounts or "sheet" not in name)
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(browser, site, name):
    base, pages = site
    page, _ = open_page(browser, base + pages[name])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    page.context.close()


def test_touch_targets_are_at_least_44px(browser, site):
    base, pages = site
    for name in ("sheet-sam", "sheet-jordan", "sheet-ana", "handout", "handout-es"):
        page, _ = open_page(browser, base + pages[name])
        small = page.evaluate("""() => [...document.querySelectorAll('button, summary, .links a, .masthead a, .contact a, .plan-list a, .stop a, .call-phone a, .phase-link')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.getBoundingClientRect().height, e.getBoundingClientRect().width, e.textContent.trim()])
            .filter(([h, w]) => h < 44 || w < 44)""")
        assert small == [], name
        page.context.close()


@pytest.mark.parametrize("name, count", [("sheet-sam", 3), ("sheet-jordan", 4), ("sheet-ana", 4)])
def test_first_screen_shows_todays_exercises_and_the_first_dose(browser, site, name, count):
    base, pages = site
    page, _ = open_page(browser, base + pages[name])
    rows = page.locator(".plan-list > li")
    assert rows.count() == count
    first_dose = page.locator(".plan-dose").first.bounding_box()
    assert first_dose["y"] + first_dose["height"] <= 844
    for index in range(count):  # every exercise named within 1.5 screens
        box = rows.nth(index).locator(".plan-name").bounding_box()
        assert box["y"] + box["height"] <= 1.5 * 844, index
    page.screenshot(path=str(ARTIFACTS / f"{name}-first-screen.png"))
    rows.nth(count - 1).locator("a").click()  # each row leads to its card
    assert page.evaluate("location.hash") == f"#ex-{count}"
    assert page.locator(f"#ex-{count} .exercise-title").is_visible()
    page.context.close()


@pytest.mark.parametrize("name, titles", [("sheet-sam", SAM_TITLES), ("sheet-jordan", JORDAN_TITLES)])
def test_sheet_is_complete_without_javascript(browser, site, name, titles):
    base, pages = site
    page, requests = open_page(browser, base + pages[name], java_script_enabled=False)
    text = page.inner_text("main")
    for title in titles:
        assert title in text
    doses = page.locator(".exercise > .card-lead > .dose strong").all_inner_texts()
    expected = {"sheet-sam": ["3–4 holds of 30 seconds"] * 3,
                "sheet-jordan": ["5 holds of 45 seconds", "3 sets of 8 reps, each leg", "3 sets of 10 reps, each leg",
                                 "3 sets of 6–8 reps"]}[name]
    assert doses == expected
    assert page.locator("[data-ticks]").first.is_hidden() and page.locator("button").count() == 0
    page.get_by_text("Pain rules and when to call the clinic").click()  # <details> opens without a script
    assert page.get_by_text("During the exercises, pain up to 5 out of 10 is OK.").is_visible()
    page.context.close()


def test_pain_rules_link_on_a_card_opens_the_folded_rules(browser, site):
    base, pages = site
    page, _ = open_page(browser, base + pages["sheet-sam"])
    rule = page.get_by_text("During the exercises, pain up to 5 out of 10 is OK.")
    assert not rule.is_visible()
    page.locator("#ex-2 .stop a").click()
    assert rule.is_visible()
    page.context.close()


def pdf_pages(browser, url, name, paper=None):
    """Print the page the way a browser's print dialog does; returns each PDF page's size and text."""
    page, _ = open_page(browser, url)
    page.emulate_media(media="print")
    path = ARTIFACTS / f"{name}-{paper or 'css'}.pdf"
    if paper:
        page.pdf(path=str(path), format=paper, margin={"top": "15mm", "bottom": "14mm", "left": "13mm", "right": "13mm"})
    else:
        page.pdf(path=str(path), prefer_css_page_size=True)
    page.context.close()
    reader = PdfReader(str(path))
    return [((round(float(p.mediabox.width)), round(float(p.mediabox.height))),
             re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text()))) for p in reader.pages]  # ﬁ -> fi


PATIENTS = {"sheet-sam": "Sam Example (fictional patient)", "sheet-jordan": "Jordan Example (fictional patient)"}
LOG_ENDS = {"sheet-sam": ("Mon 2 Nov", "Sun 15 Nov"), "sheet-jordan": ("Mon 2 Nov", "Sun 29 Nov")}


@pytest.mark.parametrize("paper, size", [(None, A4), ("Letter", LETTER)])
@pytest.mark.parametrize("name, titles", [("sheet-sam", SAM_TITLES), ("sheet-jordan", JORDAN_TITLES)])
def test_sheet_prints_on_three_named_pages(browser, site, paper, size, name, titles):
    base, pages = site
    printed = pdf_pages(browser, base + pages[name], name, paper)
    assert {s for s, _ in printed} == {size}
    assert len(printed) == 3
    texts = [t for _, t in printed]
    for number, text in enumerate(texts, start=1):
        assert f"Exercises for {PATIENTS[name]}" in text and "01632 960 123" in text
        assert f"Page {number} of 3" in text
    for number, title in enumerate(titles, start=1):
        heading = f"{number}. {title}"
        card_heading = re.compile(re.escape(heading) + r"(?!:)")  # "N. Title:" is its line in the list at the top
        where = [i for i, t in enumerate(texts) for _ in card_heading.finditer(t)]
        assert len(where) == 1, f"{heading} printed {len(where)} times"
        # The card's last part (its folded "Common mistakes", printed open) is on the same page: it is whole.
        after_title = card_heading.split(texts[where[0]], 1)[1]
        assert "Common mistakes" in after_title.split("Stop for today")[1], f"{heading} is split across pages"
    first, last = LOG_ENDS[name]
    assert "My log" in texts[-1] and first in texts[-1] and last in texts[-1]
    assert "Pain: what is OK" in " ".join(texts) and "Call the clinic if" in " ".join(texts)
    assert "Start hold" not in " ".join(texts) and "Mark as done today" not in " ".join(texts)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", ["sheet-sam", "sheet-jordan", "sheet-ana"])
def test_wide_figures_print_at_least_60_mm_wide(browser, site, name, paper):
    """Lying figures are wide: on paper each frame is 60 mm wide, the frames one above the other
    beside the steps (and the sheet still prints on three pages, above)."""
    from tests.test_second_clinic import printed_frames
    base, pages = site
    frames = printed_frames(browser, base + pages[name], paper)
    assert frames and all(not tall and width >= 60 - 0.5 for tall, width, _ in frames), frames


def test_handout_prints_on_a4_with_every_card(browser, site):
    base, pages = site
    printed = pdf_pages(browser, base + pages["handout"], "handout")
    assert {s for s, _ in printed} == {A4}
    text = " ".join(t for _, t in printed)
    assert text.count("Stop for today if the pain goes above 5 out of 10.") == 6  # 3 + 3 cards; phase 3 links back
    assert "References" in text and all(t.strip() for _, t in printed)
    assert all(f"Page {n} of {len(printed)}" in t for n, (_, t) in enumerate(printed, start=1))
    assert "Also in" not in text and "Español" not in text  # on screen only: a link cannot be followed on paper
    assert len(printed) <= 5  # the background in two columns; no page of two references
    # A phase's heading and goal print with its first card, never alone at the foot of a page.
    for heading, first in [("Phase 1: Settle the pain", "1. Double-leg glute bridge hold"),
                           ("Phase 2: Build strength", "1. Single-leg bridge")]:
        (page,) = [t for _, t in printed if heading in t and "Goal:" in t.split(heading, 1)[1][:40]]
        assert first in page.split(heading, 1)[1], heading
    (condition,) = [t for _, t in printed if "What it is" in t]
    assert "A sore tendon where the hamstring joins the sit bone" in condition  # its title and lead go with it


def test_a_spanish_exercise_page_prints_in_spanish_on_one_page(browser, site):
    base, pages = site
    printed = pdf_pages(browser, base + pages["exercise-es"], "exercise-es")
    assert len(printed) == 1 and printed[0][0] == A4
    text = printed[0][1]
    assert "Puente sobre una pierna" in text and "Página 1 de 1" in text and "Se usa en" in text
    assert "También en" not in text and "English" not in text


def test_handout_says_when_to_call_near_the_top(browser, site):
    base, pages = site
    page, _ = open_page(browser, base + pages["handout"])
    call = page.locator("#call").bounding_box()
    assert call["y"] < 3 * 844
    page.context.close()


EXERCISE_IDS = ["double-leg-bridge-leg-lifts", "double-leg-isometric-bridge", "plank-leg-lifts",
                "prone-hamstring-curl", "single-leg-bridge", "supine-hamstring-curl-ball"]


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_each_exercise_page_shows_its_doses_first_and_its_figure(browser, site, exercise_id):
    base, _ = site
    page, _ = open_page(browser, f"{base}/exercises/{exercise_id}.html")
    dose = page.locator(".exercise .dose").first.bounding_box()
    assert dose["y"] + dose["height"] <= 844
    moving = page.locator(".exercise .moving svg[role=img]")
    box = moving.bounding_box()
    assert box["width"] >= 300 and box["x"] + box["width"] <= 390  # the figure spans the card on a phone
    assert page.locator(".exercise .frames").is_hidden()
    assert page.evaluate("() => !document.querySelector('.exercise .moving svg').animationsPaused()")
    before = moving.screenshot()
    page.wait_for_timeout(1500)  # the outlines morph from frame to frame: the picture changes
    assert moving.screenshot() != before
    assert "Grey: your other side, behind." in page.inner_text(".legend")
    page.locator(".illustration").screenshot(path=str(ARTIFACTS / f"figure-{exercise_id}.png"))
    page.context.close()
    page, _ = open_page(browser, f"{base}/exercises/{exercise_id}.html", reduced_motion="reduce")
    frames = page.locator(".exercise .frames svg[role=img]")
    assert page.locator(".exercise .moving").is_hidden() and frames.count() == 2
    boxes = [frames.nth(index).bounding_box() for index in range(2)]
    for box in boxes:  # every shipped figure lies down: its frames one above the other, each as wide as
        assert box["width"] >= 300 and box["x"] + box["width"] <= 390  # the moving one, not half of it
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"]
    assert page.locator(".exercise .frames animate").count() == 0  # what shows under reduced motion does not move
    page.locator(".illustration").screenshot(path=str(ARTIFACTS / f"figure-{exercise_id}-still.png"))
    page.context.close()


@pytest.mark.parametrize("name, count", [("sheet-sam", 3), ("sheet-jordan", 4), ("sheet-ana", 4)])
def test_every_card_on_a_sheet_shows_its_moving_figure(browser, site, name, count):
    base, pages = site
    page, _ = open_page(browser, base + pages[name])
    cards = page.locator(".exercise")
    assert cards.count() == count
    for index in range(count):
        figure = cards.nth(index).locator(".moving svg[role=img]")
        assert figure.is_visible() and figure.bounding_box()["width"] >= 300
        assert cards.nth(index).locator(".frames svg[role=img]").count() == 2  # for paper
    page.context.close()


def test_fixture_figures_render_in_chromium(browser, tmp_path):
    """Every figure fixture (standing, sitting, kneeling, lying on the side; side and front views; a
    step, a slant board, a wall, a door, a chair, bands and a strap, weights) drawn in a real browser,
    to look at."""
    from hepkit.pipeline import build
    build(ROOT / "tests" / "fixtures" / "figures", tmp_path / "out")
    page, requests = open_page(browser, (tmp_path / "out" / "figures.html").as_uri(), 1280, 800)
    sections = page.locator(".figure-check")
    assert sections.count() == 31 and page.locator(".figure-check .frames svg[role=img]").count() == 63  # 30 × 2 + 3
    for index in range(sections.count()):
        widths = []
        for svg in sections.nth(index).locator(".frames svg").all():
            box = svg.bounding_box()
            assert box["width"] > 150 and box["height"] > 40
            widths.append(box["width"])
        assert max(widths) - min(widths) < 1, widths  # a third frame on a row of its own was drawn twice as large
    page.screenshot(path=str(ARTIFACTS / "figures-fixtures.png"), full_page=True)
    page.context.close()
    for exercise in sorted((tmp_path / "out" / "exercises").glob("*.html")):  # each at phone size and on A4
        phone, requests = open_page(browser, exercise.as_uri())
        moving = phone.locator(".moving svg")
        box = moving.bounding_box()
        assert box["width"] >= 300 or box["height"] >= 250, exercise.name  # a tall figure is held to a height
        assert box["x"] + box["width"] <= 390 and all(url.startswith("file://") for url in requests)
        moving.screenshot(path=str(ARTIFACTS / f"fixture-{exercise.stem}-phone.png"))
        phone.emulate_media(reduced_motion="reduce")  # the still frames one above the other, each as large
        stills = [svg.bounding_box() for svg in phone.locator(".frames svg").all()]  # as the moving figure
        assert stills[1]["y"] >= stills[0]["y"] + stills[0]["height"], exercise.name
        assert all(still["width"] >= 300 or still["height"] >= 250 for still in stills), (exercise.name, stills)
        phone.emulate_media(media="print")
        phone.pdf(path=str(ARTIFACTS / f"fixture-{exercise.stem}-A4.pdf"), format="A4")
        frames = phone.locator(".frames svg").all()
        sizes = [(svg.bounding_box()["width"] * 25.4 / 96, svg.bounding_box()["height"] * 25.4 / 96) for svg in frames]
        assert len(sizes) == (3 if exercise.stem == "step-down" else 2), (exercise.name, sizes)
        assert all(w >= 59.5 for w, _ in sizes), (exercise.name, sizes)  # mm, lying or standing
        phone.context.close()


ANA_TITLES = ["Puente de glúteos mantenido", "Puente sobre una pierna",
              "Flexión de rodilla boca abajo", "Flexión de rodillas con balón"]


@pytest.mark.parametrize("paper", [None, "Letter"])
def test_spanish_sheet_prints_in_spanish_on_three_pages(browser, site, paper):
    printed = [t for _, t in pdf_pages(browser, site[0] + site[1]["sheet-ana"], "sheet-ana", paper)]
    assert len(printed) == 3
    for number, text in enumerate(printed, start=1):
        assert "Ejercicios de Ana Ejemplo (paciente ficticia)" in text and "01632 960 123" in text
        assert f"Página {number} de 3" in text and "Page " not in text
    whole = " ".join(printed)
    for number, title in enumerate(ANA_TITLES, start=1):
        assert f"{number}. {title}" in whole
    assert "Mi registro" in printed[-1] and "martes, 3 nov" in printed[-1] and "lunes, 30 nov" in printed[-1]
    assert "Dolor: qué es normal" in whole and "Llame a la clínica si" in whole



def test_the_dev_server_reloads_a_real_browser_after_an_edit(browser, server, tree):  # noqa: F811
    """livereload's script, put into the served page by DevServer, connects from Chromium; saving
    a file reloads the page with the change, and the file on disk never holds the script."""
    from tests.test_serve import edit, eventually
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page, sent, requests = context.new_page(), [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    page.goto(server + "/index.html")
    page.evaluate("window.notReloaded = true")
    # The server reloads a browser once its script has said which page it shows ("info").
    eventually(lambda: page.wait_for_timeout(50) or sent, lambda frames: any('"info"' in f for f in frames))
    edit(tree / "exercises" / "wall-sit.md", "title: Wall sit", "title: Wall sit hold")
    page.wait_for_function("() => !window.notReloaded && document.body.innerText.includes('Wall sit hold')",
                           timeout=30000)
    assert server + "/livereload.js?port=" + server.rsplit(":", 1)[1] in requests
    assert all(url.startswith(server) for url in requests)
    assert "livereload" not in (tree.parent / "output" / "index.html").read_text()
    context.close()


A4_TEXT_WIDTH = round((210 - 2 * 13) / 25.4 * 96)  # px: the narrower of A4 and Letter, less the @page margins


def assert_log_prints_well(browser, url):
    """Tick boxes a pen can hit (6 mm), rows of one height, and both log tables inside the page."""
    page, _ = open_page(browser, url, width=A4_TEXT_WIDTH, height=1123)
    page.emulate_media(media="print")
    boxes = page.eval_on_selector_all(".log .box", "els => els.map(e => e.getBoundingClientRect())"
                                      ".map(r => [r.width, r.height, r.top])")
    rows = page.eval_on_selector_all(".log tbody tr", "els => els.map(e => e.getBoundingClientRect())"
                                     ".map(r => [r.height, r.top, r.bottom])")
    assert len(boxes) >= 14 and len(rows) >= 14
    mm = 96 / 25.4
    assert min(min(w, h) for w, h, _ in boxes) >= 6 * mm - 0.1  # at least 6 mm each way
    assert max(h for h, _, _ in rows) - min(h for h, _, _ in rows) < 0.5  # no double-height rows
    tables = page.eval_on_selector_all(".log table", "els => els.map(e => e.getBoundingClientRect().right)")
    assert max(tables) <= A4_TEXT_WIDTH + 0.5  # within the page's width
    page.context.close()


@pytest.mark.parametrize("name", ["sheet-jordan", "sheet-sam", "sheet-ana"])
def test_the_printed_log_has_tick_boxes_a_pen_can_hit_in_rows_of_one_height(browser, site, name):
    base, pages = site
    assert_log_prints_well(browser, base + pages[name])


SPLIT = """() => Array.from(document.querySelectorAll('.more p, .more li, .card-text li, .card-text p')).filter(e => {
    const rs = Array.from(e.getClientRects());  // a piece higher up and to the right: the next column
    return rs.some((r, i) => i > 0 && r.top < rs[i - 1].top - 4 && r.left > rs[i - 1].left + 40);
}).map(e => e.textContent.trim())"""


def assert_no_sentence_split_across_columns(browser, url):
    """On paper a card's text flows in two columns; no step, fact or paragraph starts at the foot of
    one column and ends at the top of the next."""
    page, _ = open_page(browser, url, width=A4_TEXT_WIDTH, height=1123)
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(SPLIT) == []
    page.context.close()


@pytest.mark.parametrize("name", ["sheet-jordan", "sheet-sam", "sheet-ana", "handout", "exercise"])
def test_no_sentence_is_split_across_printed_columns(browser, site, name):
    base, pages = site
    assert_no_sentence_split_across_columns(browser, base + pages[name])
