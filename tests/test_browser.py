"""Every page type of the shipped site in real headless Chromium: phone, desktop, print, a11y, offline.

Drives Debian's chromium (/usr/bin/chromium) with Playwright; never downloads a browser.
Screenshots and PDFs land in tests/artifacts/ (git-ignored) for a person to look at.
"""
import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from tests.conftest import ROOT, shipped_sheet

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
A4 = (595, 842)
LETTER = (612, 792)

SAM_TITLES = ["Double-leg glute bridge hold", "Double-leg glute bridge with leg lifts", "Plank with leg lifts"]
JORDAN_TITLES = ["Single-leg bridge", "Hamstring curl lying face down", "Hamstring curl on a ball",
                 "Double-leg glute bridge hold"]


@pytest.fixture(scope="module")
def site(shipped):
    """The shipped output served from 127.0.0.1, so every request the page makes is visible."""
    handler = functools.partial(QuietHandler, directory=str(shipped))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = {
        "index": "/index.html",
        "handout": "/handouts/proximal-hamstring-tendinopathy.html",
        "exercise": "/exercises/single-leg-bridge.html",
        "sheet-sam": "/" + shipped_sheet(shipped, "sam-example").relative_to(shipped).as_posix(),
        "sheet-jordan": "/" + shipped_sheet(shipped, "jordan-example").relative_to(shipped).as_posix(),
    }
    yield base, pages
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install -y chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


def open_page(browser, url, width=390, height=844, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return page, requests


PAGES = ["index", "handout", "exercise", "sheet-sam", "sheet-jordan"]


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
    page, _ = open_page(browser, base + pages["sheet-sam"])
    small = page.evaluate("""() => [...document.querySelectorAll('button, .links a, .masthead a, .contact a')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getBoundingClientRect().height, e.getBoundingClientRect().width, e.textContent.trim()])
        .filter(([h, w]) => h < 44 || w < 44)""")
    assert small == []
    page.context.close()


@pytest.mark.parametrize("name, titles", [("sheet-sam", SAM_TITLES), ("sheet-jordan", JORDAN_TITLES)])
def test_sheet_is_complete_without_javascript(browser, site, name, titles):
    base, pages = site
    page, requests = open_page(browser, base + pages[name], java_script_enabled=False)
    text = page.inner_text("main")
    for title in titles:
        assert title in text
    assert "During exercise, pain up to 5 out of 10 is OK." in text
    doses = page.locator(".exercise .dose strong").all_inner_texts()
    expected = {"sheet-sam": ["3–4 reps, hold 30 seconds, 2–3 times a day"] * 3,
                "sheet-jordan": ["3 sets of 8 reps, each side, 3 days a week",
                                 "3 sets of 10 reps, each side, 3 days a week",
                                 "3 sets of 6–8 reps, 3 days a week",
                                 "5 reps, hold 45 seconds, once a day"]}[name]
    assert doses == expected
    assert page.locator("[data-today]").is_hidden() and page.locator("button").count() == 0
    page.context.close()


def test_hold_timer_counts_down_from_the_prescribed_hold(browser, site):
    base, pages = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.clock.install()
    page.goto(base + pages["sheet-sam"])
    card = page.locator(".exercise").first
    clock = card.locator(".clock")
    assert clock.inner_text() == "0:30"
    card.get_by_role("button", name="Start hold").click()
    page.clock.run_for(10_000)
    assert clock.inner_text() == "0:20"
    card.get_by_role("button", name="Pause").click()
    page.clock.run_for(5_000)
    assert clock.inner_text() == "0:20"
    card.get_by_role("button", name="Carry on").click()
    page.clock.run_for(21_000)
    assert clock.inner_text() == "Done!"
    assert card.locator(".reps-done").inner_text() == "Reps done: 1 of 4"
    page.screenshot(path=str(ARTIFACTS / "sheet-sam-timer.png"))
    card.get_by_role("button", name="Reset").click()
    assert clock.inner_text() == "0:30" and card.locator(".reps-done").inner_text() == "Reps done: 0 of 4"
    context.close()


def test_rep_counter_on_an_exercise_without_a_hold(browser, site):
    base, pages = site
    page, _ = open_page(browser, base + pages["sheet-jordan"])
    card = page.locator(".exercise").first
    for _ in range(3):
        card.get_by_role("button", name="+1 rep").click()
    assert card.locator(".reps-done").inner_text() == "Reps done: 3 of 8"
    page.context.close()


def test_ticks_and_pain_rating_survive_a_reload(browser, site):
    base, pages = site
    page, requests = open_page(browser, base + pages["sheet-sam"])
    page.get_by_role("button", name="Session 2 done").click()
    page.locator("[data-pain='7']").click()
    advice = page.locator(".today .advice")
    assert advice.inner_text() == ("7 out of 10 is more than the 5 out of 10 that is OK. Do less next time: "
                                   "fewer reps or shorter holds. If it has not settled by the next morning, "
                                   "call the clinic.")
    page.reload()
    assert page.get_by_role("button", name="Session 2 done").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="Session 1 done").get_attribute("aria-pressed") == "false"
    assert page.locator(".today .sessions-status").inner_text() == "1 of 3 sessions done today."
    assert page.locator("[data-pain='7']").get_attribute("aria-pressed") == "true"
    page.locator("[data-pain='3']").click()
    assert advice.inner_text() == "3 out of 10 is OK during exercise. Check that it has settled by tomorrow morning."
    assert all(url.startswith(base) for url in requests)
    page.context.close()


def test_works_where_storage_is_blocked(browser, site):
    base, pages = site
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new Error('blocked'); }});")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(base + pages["sheet-sam"])
    page.get_by_role("button", name="Session 1 done").click()
    assert page.get_by_role("button", name="Session 1 done").get_attribute("aria-pressed") == "true"
    assert "cannot save your ticks" in page.inner_text(".today")
    assert errors == []
    context.close()


def pdf_pages(browser, url, name, paper=None):
    """Print the page the way a browser's print dialog does; returns each PDF page's size and text."""
    page, _ = open_page(browser, url)
    page.emulate_media(media="print")
    path = ARTIFACTS / f"{name}-{paper or 'css'}.pdf"
    if paper:
        page.pdf(path=str(path), format=paper, margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
    else:
        page.pdf(path=str(path), prefer_css_page_size=True)
    page.context.close()
    reader = PdfReader(str(path))
    return [((round(float(p.mediabox.width)), round(float(p.mediabox.height))),
             re.sub(r"\s+", " ", p.extract_text())) for p in reader.pages]


@pytest.mark.parametrize("paper, size", [(None, A4), ("Letter", LETTER)])
@pytest.mark.parametrize("name, titles, count", [("sheet-sam", SAM_TITLES, 4), ("sheet-jordan", JORDAN_TITLES, 4)])
def test_sheet_prints_whole_cards_on_a4_and_letter(browser, site, paper, size, name, titles, count):
    base, pages = site
    printed = pdf_pages(browser, base + pages[name], name, paper)
    assert {s for s, _ in printed} == {size}
    assert len(printed) == count
    texts = [t for _, t in printed]
    for number, title in enumerate(titles, start=1):
        heading = f"{number}. {title}"
        where = [i for i, t in enumerate(texts) if heading in t]
        assert len(where) == 1, f"{heading} printed {len(where)} times"
        # The card's last line (its caution) is on the same page as its title: the card is whole.
        card_end = "Stop if you feel sharp pain, or pain above 5 out of 10."
        after_title = texts[where[0]].split(heading, 1)[1]
        assert card_end in after_title, f"{heading} is split across pages"
    assert "Riverbend Physio (example clinic)" in texts[0] and "01632 960 123" in texts[0]
    assert "My log" in texts[-1] and "Day 14" in texts[-1]
    assert all(t.strip() for t in texts), "a blank page was printed"
    assert "Start hold" not in " ".join(texts) and "Session 1 done" not in " ".join(texts)


def test_handout_prints_on_a4(browser, site):
    base, pages = site
    printed = pdf_pages(browser, base + pages["handout"], "handout")
    assert {s for s, _ in printed} == {A4}
    text = " ".join(t for _, t in printed)
    assert text.count("Stop if you feel sharp pain") == 9  # 3 + 3 + 3 cards, none lost
    assert "References" in text and all(t.strip() for _, t in printed)


EXERCISE_IDS = ["double-leg-bridge-leg-lifts", "double-leg-isometric-bridge", "plank-leg-lifts",
                "prone-hamstring-curl", "single-leg-bridge", "supine-hamstring-curl-ball"]


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_each_exercise_page_shows_its_figure(browser, site, exercise_id):
    base, _ = site
    page, _ = open_page(browser, f"{base}/exercises/{exercise_id}.html")
    figures = page.locator(".exercise .frames svg[role=img]")
    assert figures.count() == 2
    for index in range(2):
        box = figures.nth(index).bounding_box()
        assert box["width"] > 120 and box["height"] > 30 and box["x"] + box["width"] <= 390
    page.locator(".illustration").screenshot(path=str(ARTIFACTS / f"figure-{exercise_id}.png"))
    page.context.close()


@pytest.mark.parametrize("name, count", [("sheet-sam", 3), ("sheet-jordan", 4)])
def test_every_card_on_a_sheet_shows_its_figure(browser, site, name, count):
    base, pages = site
    page, _ = open_page(browser, base + pages[name])
    cards = page.locator(".exercise")
    assert cards.count() == count
    for index in range(count):
        assert cards.nth(index).locator(".frames svg[role=img]").count() == 2
        assert cards.nth(index).locator(".frames svg").first.is_visible()
    page.context.close()
