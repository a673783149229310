"""The loop closed in real Chromium: a fortnight ticked and rated on the phone (page clock), its QR
code screenshotted and decoded, merged with `log add`, and the same numbers found on the report and
on the next sheet; several codes for a long log; the reminders' download from file://; "What's new"
after a changed prescription; the notice when the browser lost the log. On the shipped content and
on tests/fixtures/clinic-two (three groups, one done 4 days a week on no set days)."""
import datetime
import re
import shutil

import pytest
import zxingcpp
from PIL import Image

from tests.conftest import ARTIFACTS, FIXTURES, ROOT, text_of

TREES = {"shipped": (ROOT / "content", "sam-example", datetime.date(2026, 11, 2)),
         "clinic-two": (FIXTURES / "clinic-two", "casey", datetime.date(2026, 11, 2))}


@pytest.fixture
def clinic(request, tmp_path, monkeypatch, cli):
    """A writable copy of a content tree, built, with the working folder beside it."""
    source, patient, start = TREES[request.param]
    shutil.copytree(source, tmp_path / "content", ignore=shutil.ignore_patterns(".sheet-salt", "*.log.yaml"))
    monkeypatch.chdir(tmp_path)
    assert cli("build")[0] == 0
    return tmp_path, patient, start


def sheet_of(folder, patient, cli):
    code, out, _ = cli("sheets")
    (line,) = [row for row in out.splitlines() if row.startswith(f"content/patients/{patient}.yaml")]
    return folder / line.split(" → ")[1]


def phone(browser, when):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install(time=when)
    return page, errors


def on_the_phone(browser, clinic, cli, days_in=0):
    """The patient's sheet opened on a phone `days_in` days after its start, at 09:00:
    (folder, patient id, sheet file, start day, page, the page's script errors)."""
    folder, patient, start = clinic
    sheet = sheet_of(folder, patient, cli)
    page, errors = phone(browser, datetime.datetime.combine(start + datetime.timedelta(days=days_in), datetime.time(9)))
    page.goto(sheet.as_uri())
    return folder, patient, sheet, start, page, errors


def use_for_a_fortnight(page, url, start):
    """Each day: tick the first session or two of what is due, rate pain; skip a day now and then."""
    page.goto(url)
    for n in range(14):
        page.clock.set_system_time(datetime.datetime.combine(start + datetime.timedelta(days=n), datetime.time(9)))
        page.reload()
        if n % 5 == 4:
            continue  # a day missed
        for group in page.locator(".group:not(.other-day) [data-ticks]").all():
            for button in group.locator("button[data-session]").all()[: 1 + n % 2]:
                button.click()
        page.locator(f'[data-check="during"] [data-pain="{(2, 3, 5, 2, 4, 6)[n % 6]}"]').click()
        if n % 3:
            page.locator(f'[data-check="morning"] [data-pain="{(1, 2, 1)[n % 3]}"]').click()


def show_my_physio(page):
    page.get_by_role("button", name="Show my physio").click()
    return page.locator("[data-summary-text]").input_value()


def decoded(path):
    with Image.open(path) as image:
        return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("clinic", ["shipped", "clinic-two"], indirect=True)
def test_a_fortnight_on_the_phone_reaches_the_report_and_the_next_sheet(browser, clinic, cli):
    folder, patient, start = clinic
    sheet = sheet_of(folder, patient, cli)
    page, errors = phone(browser, datetime.datetime.combine(start, datetime.time(9)))
    use_for_a_fortnight(page, sheet.as_uri(), start)
    text = show_my_physio(page)
    lines = re.findall(r"^HEP1:.*$", text, re.M)
    assert len(lines) == 1
    shot = ARTIFACTS / f"handover-{patient}.png"
    page.locator("[data-summary]").screenshot(path=str(shot))
    assert decoded(shot) == lines  # the QR code holds exactly the text's line
    assert not errors
    page.context.close()
    code, out, err = cli("log", "add", f"content/patients/{patient}.yaml", shot)
    assert code == 0, err
    assert re.fullmatch(r"content/patients/\S+\.log\.yaml: 1[34] new days\.", out.splitlines()[0]), out
    assert cli("build")[0] == 0 and cli("report")[0] == 0
    # Every group's sessions, as the phone counted them, are in the log and add up on the report.
    done = sum(int(d) for d in re.findall(r": sessions done (\d+)", text))
    due = sum(int(d) for d in re.findall(r": sessions done \d+ of (\d+)", text))
    report = text_of(next(p for p in (folder / "reports").iterdir() if p.name != "index.html").read_text())
    over = re.search(r"above (\d+): (\d+) of (\d+) rated", text)
    assert f"Pain during above {over[1]} {over[2]} day" in report
    assert f"Days with pain rated {over[3]}" in report
    next_sheet = text_of(sheet.read_text())
    if "a week)" not in text:  # only days-set groups: the totals are the phone's
        assert f"Sessions done {done} of {due} due" in report
        assert f"you did {done} of the {due} sessions that were due" in next_sheet
    else:  # a weekly group counts once a day, up to its days a week
        assert re.search(r"you did \d+ of the \d+ sessions that were due", next_sheet)
    assert f"Your pain went above {over[1]} on {over[2]} days." in next_sheet


@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_a_long_log_splits_into_numbered_codes_that_each_decode(browser, clinic, cli):
    folder, patient, sheet, start, page, _ = on_the_phone(browser, clinic, cli)
    page.locator('[data-check="during"] [data-pain="2"]').click()
    page.clock.set_system_time(datetime.datetime.combine(start + datetime.timedelta(days=40), datetime.time(9)))
    page.reload()
    page.locator('[data-check="during"] [data-pain="3"]').click()
    text = show_my_physio(page)
    lines = re.findall(r"^HEP1:.*$", text, re.M)
    assert [line.split(":")[2] for line in lines] == ["1/2", "2/2"]
    assert "Your log needs 2 codes" in page.inner_text("[data-summary]")
    for number, line in enumerate(lines, start=1):
        shot = ARTIFACTS / f"handover-part-{number}.png"
        page.locator(f'[data-qr="{number}"] svg').screenshot(path=str(shot))
        assert decoded(shot) == [line]
    both = ARTIFACTS / "handover-both-parts.png"
    page.locator(".qr-codes").screenshot(path=str(both))
    assert sorted(decoded(both)) == sorted(lines)  # one photo of both codes is enough
    page.context.close()
    (folder / "both.txt").write_text(text)
    code, out, err = cli("log", "add", f"content/patients/{patient}", folder / "both.txt")
    assert (code, out.splitlines()[0], err) == (0, f"content/patients/{patient}.log.yaml: 41 new days.", "")
    # Past the 60 days a phone keeps, the summary starts at the oldest day it can still have.
    page, _ = phone(browser, datetime.datetime.combine(start + datetime.timedelta(days=100), datetime.time(9)))
    page.goto(sheet.as_uri())
    page.locator('[data-check="during"] [data-pain="3"]').click()
    lines = re.findall(r"^HEP1:.*$", show_my_physio(page), re.M)
    first = start + datetime.timedelta(days=100 - 59)
    assert [line.split(":")[2:4] for line in lines] == [["1/3", f"{first:%Y%m%d}"], ["2/3", f"{first + datetime.timedelta(days=28):%Y%m%d}"],
                                                        ["3/3", f"{first + datetime.timedelta(days=56):%Y%m%d}"]]
    page.context.close()


@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_the_reminders_download_from_a_file_sheet_is_the_calendar_beside_it(browser, clinic, cli):
    folder, patient, sheet, start, page, _ = on_the_phone(browser, clinic, cli)
    with page.expect_download() as download:
        page.get_by_role("link", name="Add reminders to my calendar").click()
    saved = folder / "downloaded.ics"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "exercise-reminders.ics"
    assert saved.read_bytes() == sheet.with_suffix(".ics").read_bytes()
    page.context.close()


@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_whats_new_says_what_changed_until_dismissed_and_nothing_when_unchanged(browser, clinic, cli):
    folder, patient, sheet, start, page, _ = on_the_phone(browser, clinic, cli)
    box = page.locator("[data-whats-new]")
    tick = page.locator("[data-ticks] button[data-session]").first
    tick.click()
    page.reload()
    assert not box.is_visible()  # the first visit and an unchanged sheet say nothing
    patient_file = folder / "content" / "patients" / f"{patient}.yaml"
    patient_file.write_text(patient_file.read_text() + "doses:\n  double-leg-isometric-bridge: {reps: 5, hold: 45s}\n"
                            "leave_out: [plank-leg-lifts]\n")
    assert cli("build")[0] == 0
    page.reload()
    assert box.is_visible()
    said = re.sub(r"\s+", " ", box.inner_text())
    assert said.startswith("Your physio has changed your exercises")
    assert ("Changed: Double-leg glute bridge hold, 3–4 holds of 30 seconds, 2–3 times a day → 5 holds of 45 "
            "seconds, 2–3 times a day.") in said
    assert "Stopped: Plank with leg lifts." in said and "New:" not in said
    assert tick.get_attribute("aria-pressed") == "true"  # today's progress is kept
    page.get_by_role("button", name="OK, got it").click()
    page.reload()
    assert not box.is_visible()
    page.context.close()


@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_a_log_the_browser_lost_is_said_rather_than_starting_from_zero(browser, clinic, cli):
    folder, patient, sheet, start, page, _ = on_the_phone(browser, clinic, cli, days_in=6)
    notice = page.locator("[data-notice]")
    assert notice.is_visible()
    assert "This phone has no log of the days before today" in notice.inner_text()
    page.reload()
    assert not notice.is_visible()  # said once: the phone has now shown this sheet, and lost nothing since
    page.evaluate("localStorage.clear()")  # what a browser's clean-up does
    page.reload()
    assert notice.is_visible()
    page.locator('[data-check="during"] [data-pain="2"]').click()
    page.clock.set_system_time(datetime.datetime.combine(start + datetime.timedelta(days=7), datetime.time(9)))
    page.reload()
    assert not notice.is_visible()  # yesterday is on this phone
    page.context.close()



@pytest.mark.parametrize("clinic", ["shipped", "clinic-two"], indirect=True)
def test_the_open_summary_is_accessible_and_fits_a_phone(browser, clinic, cli):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_browser import WCAG
    folder, patient, sheet, start, page, errors = on_the_phone(browser, clinic, cli)
    page.locator("[data-ticks] button[data-session]").first.click()
    page.locator('[data-check="during"] [data-pain="6"]').click()
    page.clock.set_system_time(datetime.datetime.combine(start + datetime.timedelta(days=1), datetime.time(9)))
    page.reload()
    page.locator('[data-check="morning"] [data-pain="2"]').click()
    show_my_physio(page)
    summary = page.locator("[data-summary]")
    summary.screenshot(path=str(ARTIFACTS / f"handover-summary-{patient}-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    small = page.evaluate("""() => [...document.querySelectorAll('#show-my-physio button, #show-my-physio a')]
        .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())
        .filter(r => r.height < 44 || r.width < 44).length""")
    assert small == 0
    page.get_by_role("button", name="Copy as text").click()
    from playwright.sync_api import expect
    expect(summary.locator("p[aria-live]")).to_have_text("Copied: paste it into a message or an e-mail to your clinic.")
    assert "Days with pain during the exercises above 3: 1 of 1 rated." in summary.inner_text() or \
        "Days with pain during the exercises above 5: 1 of 1 rated." in summary.inner_text()
    assert not errors
    page.context.close()


@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_without_javascript_the_sheet_says_the_summary_needs_it_and_still_offers_reminders(browser, clinic, cli):
    folder, patient, start = clinic
    sheet = sheet_of(folder, patient, cli)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(sheet.as_uri())
    section = page.locator("#show-my-physio")
    assert "The summary for your physio needs JavaScript, which is off in this browser" in section.inner_text()
    assert page.get_by_role("button", name="Show my physio").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Add reminders to my calendar").click()
    assert download.value.suggested_filename == "exercise-reminders.ics"
    context.close()
