"""The sheet's script in real Chromium: counters that follow the dose exactly, one hold timer at a
time, progress kept for the day, midnight, corrupt storage, and the pain check-ins.

The page clock is Playwright's, so holds and midnights take no real time.
"""
import datetime
import json
import re

import pytest

from tests.conftest import ARTIFACTS

# A Wednesday: Jordan's strength exercises (Mon, Wed, Fri) are due.
WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0)


def sheet(browser, site, name, when=WEDNESDAY, storage=None):
    """Open a sheet with the page clock set to `when` and, optionally, this value already stored."""
    base, pages = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install(time=when)
    url = base + pages[name]
    page.goto(url)
    if storage is not None:  # stored before the script runs: set it, then load the page again
        key = "hepkit:v2:" + re.search(r"-([0-9a-f]{16})\.html$", url)[1]
        page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, storage])
        page.reload()
    return page, errors


def tap(card, name, times=1):
    for _ in range(times):
        card.get_by_role("button", name=name, exact=True).click()


def counted(card):
    """The counter's words: where in the dose, and how far."""
    return " · ".join(t for t in (card.locator(".where").inner_text(), card.locator(".count").inner_text()) if t)


def never_over(text):
    """No "X of Y" with X above Y, whether Y is a number or a range."""
    for done, target in re.findall(r"(\d+) of (\d+(?:–\d+)?)", text):
        assert int(done) <= int(target.split("–")[-1]), text


def test_counter_follows_sets_reps_and_sides_exactly(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan")
    card = page.locator("#ex-2")  # Single-leg bridge: 3 sets of 8 reps, each leg
    assert counted(card) == "Set 1 of 3 · left leg · Rep 0 of 8".replace("Rep ", "")
    seen = []
    for rep in range(1, 49):
        assert not card.locator(".finished").is_visible(), f"finished early, after {rep - 1} reps"
        tap(card, "+1 rep")
        seen.append(counted(card))
        never_over(seen[-1])
    # One side then the other, as the card's steps say: every set with the left leg, then the right.
    assert seen[4] == "Set 1 of 3 · left leg · 5 of 8"
    assert seen[8 + 4] == "Set 2 of 3 · left leg · 5 of 8"
    assert seen[16 + 4] == "Set 3 of 3 · left leg · 5 of 8"
    assert seen[24 + 4] == "Set 1 of 3 · right leg · 5 of 8"
    assert seen[-1] == "Set 3 of 3 · right leg · 8 of 8"
    assert card.locator(".finished").inner_text() == "Done ✓"  # exactly 3 × 8 × 2 = 48 reps
    assert card.get_by_role("button", name="+1 rep").is_disabled()
    assert page.locator('[data-status="ex-2"]').inner_text() == "Done ✓"
    page.screenshot(path=str(ARTIFACTS / "sheet-jordan-counter-done.png"))
    assert errors == []
    page.context.close()


def test_a_range_is_done_at_its_low_end_with_extra_reps_up_to_its_top(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan")
    card = page.locator("#ex-4")  # Hamstring curl on a ball: 3 sets of 6–8 reps
    tap(card, "+1 rep", 6)
    assert counted(card) == "Set 1 of 3 · 6 of 6–8 ✓ · you may do 2 more"
    tap(card, "+1 extra rep")
    assert counted(card) == "Set 1 of 3 · 7 of 6–8 ✓ · you may do 1 more"
    tap(card, "+1 extra rep")  # the top of the range: the set is full, so the counter moves on
    assert counted(card) == "Set 2 of 3 · 0 of 6–8"
    tap(card, "+1 rep", 6)
    tap(card, "Next set")
    tap(card, "+1 rep", 5)
    assert not card.locator(".finished").is_visible()
    tap(card, "+1 rep")
    assert card.locator(".finished").inner_text() == "Done ✓"  # 8 + 6 + 6: each set at least 6
    never_over(counted(card))
    assert errors == []
    page.context.close()


def test_hold_timer_counts_the_hold_after_a_lead_in_and_one_runs_at_a_time(browser, site):
    page, errors = sheet(browser, site, "sheet-sam")
    first, second = page.locator("#ex-1"), page.locator("#ex-2")
    clock = first.locator(".clock")
    assert clock.inner_text() == "0:30" and counted(first) == "Hold 0 of 3–4"
    tap(first, "Start hold")
    assert clock.inner_text() == "Get ready 3"
    page.clock.run_for(3_000)
    assert clock.inner_text() == "0:30"
    page.clock.run_for(10_000)
    assert clock.inner_text() == "0:20"
    tap(first, "Pause")
    page.clock.run_for(5_000)
    assert clock.inner_text() == "0:20"
    tap(first, "Carry on")
    page.clock.run_for(20_500)
    assert counted(first) == "Hold 1 of 3–4" and clock.inner_text() == "0:30"
    tap(first, "Start hold")
    page.clock.run_for(8_000)
    tap(first, "Stop this hold")  # a stopped hold does not count, and the tally stays
    assert counted(first) == "Hold 1 of 3–4" and clock.inner_text() == "0:30"
    tap(first, "Start hold")
    page.clock.run_for(5_000)
    tap(second, "Start hold")  # starting another hold stops this one
    page.clock.run_for(40_000)
    assert counted(first) == "Hold 1 of 3–4" and counted(second) == "Hold 1 of 3–4"
    for _ in range(2):
        tap(first, "Start hold")
        page.clock.run_for(33_500)
    assert counted(first) == "Hold 3 of 3–4 ✓ · you may do 1 more"
    assert first.locator(".finished").inner_text() == "Done ✓"
    page.screenshot(path=str(ARTIFACTS / "sheet-sam-timer.png"))
    assert errors == []
    page.context.close()


def test_finishing_every_exercise_ticks_the_session(browser, site):
    page, errors = sheet(browser, site, "sheet-sam")
    status = page.locator('[data-ticks="0"] .sessions-status')
    assert status.inner_text() == "0 of 2–3 done today"
    for card_id in ("#ex-1", "#ex-2", "#ex-3"):
        for _ in range(3):
            tap(page.locator(card_id), "Start hold")
            page.clock.run_for(33_500)
    assert page.get_by_role("button", name="Session 1", exact=True).get_attribute("aria-pressed") == "true"
    assert status.inner_text() == "1 of 2–3 done today"
    tap(page.locator("#ex-1"), "Start session 2")
    assert counted(page.locator("#ex-1")) == "Hold 0 of 3–4"
    page.get_by_role("button", name="Session 2", exact=True).click()
    assert status.inner_text() == "All of today's sessions done ✓"
    assert errors == []
    page.context.close()


def test_progress_survives_a_reload_and_a_new_day_starts_at_midnight(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan", when=datetime.datetime(2026, 11, 4, 23, 59, 0))
    card = page.locator("#ex-3")
    tap(card, "+1 rep", 12)
    page.locator('[data-ticks="0"]').get_by_role("button", name="Mark as done today").click()
    page.reload()
    assert counted(card) == "Set 2 of 3 · left leg · 2 of 10"
    assert page.locator('[data-ticks="0"]').get_by_role("button", name="Mark as done today").get_attribute("aria-pressed") == "true"
    page.clock.run_for(90_000)  # past midnight: Thursday, a day off for the strength exercises
    assert counted(card) == "Set 1 of 3 · left leg · 0 of 10"
    assert page.locator('[data-ticks="0"]').get_by_role("button", name="Mark as done today").get_attribute("aria-pressed") == "false"
    assert page.locator('[data-ticks="1"]').inner_text() == "Not due today. Next: Fri 6 Nov"
    page.locator('[data-ticks="0"]').get_by_role("button", name="Mark as done today").click()
    stored = json.loads(page.evaluate("Object.entries({...localStorage}).find(([k]) => !k.endsWith(':seen'))[1]"))
    assert sorted(stored["days"]) == ["2026-11-04", "2026-11-05"]
    assert stored["days"]["2026-11-05"]["ticks"] == {"0": [True]}
    assert errors == []
    page.context.close()


CORRUPT = ["42", '"x"', "null", "[]", "{", '{"v": 1, "days": {}}', '{"v": 2, "days": []}',
           '{"v": 2, "days": {"2026-11-04": {"ticks": 5, "ex": {}, "during": null, "morning": null}}}',
           '{"v": 2, "days": {"2026-11-04": {"ticks": {}, "ex": {"single-leg-bridge": {"round": 0, "set": -1, "side": 0, "rep": 3}}, "during": null, "morning": null}}}',
           '{"v": 2, "days": {"2026-11-04": {"ticks": {}, "ex": {}, "during": 11, "morning": null}}}',
           '{"v": 2, "days": {"not a day": {}}}']


@pytest.mark.parametrize("stored", CORRUPT)
def test_corrupt_storage_is_discarded_and_every_button_still_works(browser, site, stored):
    page, errors = sheet(browser, site, "sheet-jordan", storage=stored)
    notice = page.locator("[data-notice]")
    assert notice.inner_text() == "Some saved progress on this phone could not be read, so it was cleared."
    card = page.locator("#ex-2")
    tap(card, "+1 rep")
    assert counted(card) == "Set 1 of 3 · left leg · 1 of 8"
    page.locator("#ex-1").get_by_role("button", name="Start hold").click()
    page.clock.run_for(48_500)
    assert counted(page.locator("#ex-1")) == "Hold 1 of 5"
    page.locator('[data-check="during"] [data-pain="3"]').click()
    assert page.locator('[data-check="during"] .advice').inner_text().startswith("3 out of 10 is OK")
    assert errors == []
    page.context.close()


def test_pain_check_ins_answer_with_the_programs_one_rule(browser, site):
    yesterday = json.dumps({"v": 2, "days": {"2026-11-03": {"ticks": {}, "ex": {}, "during": 4, "morning": 2}}})
    page, errors = sheet(browser, site, "sheet-sam", storage=yesterday)
    during = page.locator('[data-check="during"]')
    morning = page.locator('[data-check="morning"]')
    during.locator("[data-pain='7']").click()
    assert during.locator(".advice").inner_text() == (
        "7 out of 10 is more than 5. Stop for today. Next time do less: fewer reps or shorter holds. "
        "If it has not settled by tomorrow morning, call the clinic. Next time, for example: Double-leg glute "
        "bridge hold, 3 holds of 30 seconds; Double-leg glute bridge with leg lifts, 3 holds of 30 seconds; Plank "
        "with leg lifts, 3 holds of 30 seconds.")
    during.locator("[data-pain='5']").click()
    assert during.locator(".advice").inner_text() == "5 out of 10 is OK: up to 5 is fine. See how it feels tomorrow morning."
    morning.locator("[data-pain='4']").click()
    assert morning.locator(".advice").inner_text() == (
        "4 out of 10 is more than your usual morning level (2). It has not settled: do less today. "
        "If it is still up tomorrow morning, call the clinic.")
    morning.locator("[data-pain='2']").click()
    assert morning.locator(".advice").inner_text() == (
        "2 out of 10: back to your usual morning level (2), so it has settled. Carry on as planned.")
    morning.locator("[data-pain='6']").click()
    assert morning.locator(".advice").inner_text().startswith("6 out of 10 is more than 5. It has not settled")
    page.reload()
    assert page.locator('[data-check="morning"] [data-pain="6"]').get_attribute("aria-pressed") == "true"
    page.screenshot(path=str(ARTIFACTS / "sheet-sam-checkin.png"), full_page=False)
    assert errors == []
    page.context.close()


def test_works_where_storage_is_blocked(browser, site):
    base, pages = site
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new Error('blocked'); }});")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(base + pages["sheet-sam"])
    page.get_by_role("button", name="Session 1", exact=True).click()
    assert page.get_by_role("button", name="Session 1", exact=True).get_attribute("aria-pressed") == "true"
    assert "cannot save your progress" in page.inner_text("[data-notice]")
    assert errors == []
    context.close()


def test_a_clock_set_back_during_a_hold_does_not_stretch_it(browser, site):
    page, errors = sheet(browser, site, "sheet-sam")
    card = page.locator("#ex-1")
    tap(card, "Start hold")
    page.clock.run_for(13_000)
    page.clock.set_system_time(WEDNESDAY - datetime.timedelta(hours=1))  # the phone's clock is corrected back
    page.clock.run_for(20_500)
    assert counted(card) == "Hold 1 of 3–4"
    assert errors == []
    page.context.close()


def test_the_spanish_sheet_counts_and_answers_in_spanish(browser, site):
    """The script's words come from the page: the counter, its sides, the days and the pain answers."""
    page, errors = sheet(browser, site, "sheet-ana")  # a Wednesday: Ana's strength days are Tue, Thu and Sat
    assert page.locator('[data-ticks="1"]').inner_text() == "Hoy no toca. Próximo día: jueves, 5 nov"
    assert page.locator('[data-status="ex-2"]').inner_text() == ""  # said once, for the group
    card = page.locator("#ex-2")  # the single-leg bridge: 3 sets of 8 reps, each leg
    tap(card, "+1 repetición")
    assert counted(card) == "Serie 1 de 3 · pierna izquierda · 1 de 8"
    tap(card, "+1 repetición", 7)
    assert counted(card) == "Serie 2 de 3 · pierna izquierda · 0 de 8"  # the first set of the left leg is done
    assert page.locator("#ex-1").get_by_role("button", name="Empezar a aguantar").is_visible()
    page.locator(".checkin").get_by_role("button", name="7").last.click()
    assert "7 sobre 10 es más de 5. Pare por hoy." in page.inner_text(".checkin")
    text = page.inner_text("body")
    for english in (r"\+1 rep\b", "Start hold", "left leg", "Set 1", "Mark as done today", "How much pain", r"\bof \d"):
        assert not re.search(english, text), english
    page.screenshot(path=str(ARTIFACTS / "sheet-ana-counting.png"))
    assert errors == []
    page.context.close()


def test_on_a_day_off_for_a_group_it_follows_under_other_days(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan", when=datetime.datetime(2026, 11, 5, 10, 0))  # a Thursday
    daily, strength = page.locator('[data-group="0"]'), page.locator('[data-group="1"]')
    heading = page.locator("[data-other-days]")
    assert heading.inner_text() == "Other days" and heading.is_visible()
    assert daily.bounding_box()["y"] < heading.bounding_box()["y"] < strength.bounding_box()["y"]
    assert not page.locator("[data-rest-day]").is_visible()  # the daily hold is due: not a day off
    assert strength.locator('[data-ticks="1"]').inner_text() == "Not due today. Next: Fri 6 Nov"
    page.context.close()
    page, errors = sheet(browser, site, "sheet-jordan")  # Wednesday: everything is due, no heading
    assert not page.locator("[data-other-days]").is_visible() and not page.locator("[data-rest-day]").is_visible()
    assert errors == []
    page.context.close()


def test_after_the_review_date_the_sheet_says_to_ask_for_a_new_one(browser, site):
    said = ("Your review date, Mon 30 Nov, has passed: ask your physio for a new sheet. You can go on with these "
            "exercises until then.")
    page, errors = sheet(browser, site, "sheet-jordan", when=datetime.datetime(2026, 11, 30, 18, 0))
    assert not page.locator("[data-review-passed]").is_visible()  # the review day itself: not passed yet
    page.clock.run_for(6 * 3_600_000 + 60_000)  # past midnight
    notice = page.locator("[data-review-passed]")
    assert notice.is_visible() and notice.inner_text() == said
    assert page.locator("#ex-1 [data-tools] button").first.is_enabled()  # the exercises stay usable
    assert errors == []
    page.context.close()


def test_the_printed_page_does_not_depend_on_the_day(browser, site):
    shots = []
    for when in (WEDNESDAY, datetime.datetime(2026, 11, 5, 10, 0), datetime.datetime(2026, 12, 9, 10, 0)):
        page, errors = sheet(browser, site, "sheet-jordan", when=when)  # strength due; a day off for it; review passed
        page.emulate_media(media="print")
        shots.append(page.screenshot(full_page=True))
        assert errors == []
        page.context.close()
    assert shots[0] == shots[1] == shots[2]


def test_undo_steps_back_across_a_set_and_a_side_and_a_restart_can_be_undone(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan")
    card = page.locator("#ex-2")  # Single-leg bridge: 3 sets of 8 reps, each leg
    tap(card, "+1 rep", 8)
    assert counted(card) == "Set 2 of 3 · left leg · 0 of 8"  # the 8th rep moved it on by itself
    tap(card, "Undo")
    assert counted(card) == "Set 1 of 3 · left leg · 7 of 8"  # that rep, and the move, taken back
    tap(card, "+1 rep", 10)
    assert counted(card) == "Set 3 of 3 · left leg · 1 of 8"
    tap(card, "+1 rep", 7)
    assert counted(card) == "Set 1 of 3 · right leg · 0 of 8"
    tap(card, "Undo")
    assert counted(card) == "Set 3 of 3 · left leg · 7 of 8"
    tap(card, "+1 rep", 3)
    tap(card, "Start this exercise again")
    assert counted(card) == "Set 1 of 3 · left leg · 0 of 8"
    assert card.get_by_role("button", name="Undo").is_enabled()  # a stray tap on restart can be taken back
    tap(card, "Undo")
    assert counted(card) == "Set 1 of 3 · right leg · 2 of 8"
    page.reload()
    assert counted(page.locator("#ex-2")) == "Set 1 of 3 · right leg · 2 of 8"
    assert errors == []
    page.context.close()


def test_the_hold_that_is_running_is_counted_and_each_counter_is_named_for_what_it_is(browser, site):
    page, errors = sheet(browser, site, "sheet-jordan")
    hold = page.locator("#ex-1")  # the daily isometric bridge: holds
    assert counted(hold) == "Hold 0 of 5"
    tap(hold, "Start hold")
    assert counted(hold) == "Hold 1 of 5"  # the first one, while it runs
    page.clock.run_for(48_500)
    assert counted(hold) == "Hold 1 of 5"
    assert hold.locator("[data-tools]").get_attribute("aria-label") == "Hold timer for Double-leg glute bridge hold"
    assert page.locator("#ex-2 [data-tools]").get_attribute("aria-label") == "Rep counter for Single-leg bridge"
    assert errors == []
    page.context.close()


def test_a_dose_can_alternate_sides_set_by_set(browser, tmp_path):
    import shutil

    from hepkit.pipeline import build
    from tests.conftest import ROOT, shipped_sheet
    shutil.copytree(ROOT / "content", tmp_path / "content")
    jordan = tmp_path / "content" / "patients" / "jordan-example.yaml"
    jordan.write_text(jordan.read_text().replace("single-leg-bridge: {sets: 3, reps: 8, sides: each",
                                                 "single-leg-bridge: {sets: 3, reps: 8, sides: each, order: alternate"))
    build(tmp_path / "content", tmp_path / "output")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.clock.install(time=WEDNESDAY)
    page.goto(shipped_sheet(tmp_path / "output", "jordan-example").as_uri())
    card = page.locator("#ex-2")
    tap(card, "+1 rep", 8)
    assert counted(card) == "Set 1 of 3 · right leg · 0 of 8"
    tap(card, "+1 rep", 8)
    assert counted(card) == "Set 2 of 3 · left leg · 0 of 8"
    page.close()


def test_the_morning_answer_remembers_the_week(browser, site):
    """Pain 7 during exercise, then 3 the next morning, is not "settled" when the usual morning is 1;
    mornings that climb day after day are pain building up. The page clock moves the days on."""
    page, errors = sheet(browser, site, "sheet-sam", when=datetime.datetime(2026, 11, 2, 8, 0))

    def rate(kind, n):
        box = page.locator(f'[data-check="{kind}"]')
        box.locator(f"[data-pain='{n}']").click()
        return box.locator(".advice").inner_text()

    def next_day():
        page.clock.run_for(24 * 3_600_000)
    assert rate("morning", 1) == "1 out of 10: your pain has settled. Carry on as planned."  # nothing to compare yet
    next_day()
    assert rate("morning", 1) == "1 out of 10: back to your usual morning level (1), so it has settled. Carry on as planned."
    assert rate("during", 7).startswith("7 out of 10 is more than 5. Stop for today.")
    next_day()
    assert rate("morning", 3) == ("3 out of 10, after 7 during yesterday's exercises: it has not settled yet. Do less "
                                  "today. If it is still up tomorrow morning, call the clinic.")
    next_day()
    assert rate("morning", 4) == ("Your morning pain has gone up day after day this week (1 to 4): it is building up. "
                                  "Do less, and call the clinic if it goes on.")
    next_day()
    # the usual level is the middle of the week's mornings (1, 1, 3, 4): 1 again is settled
    assert rate("morning", 1) == "1 out of 10: back to your usual morning level (1), so it has settled. Carry on as planned."
    assert rate("morning", 2) == ("2 out of 10 is more than your usual morning level (1). It has not settled: do less "
                                  "today. If it is still up tomorrow morning, call the clinic.")
    assert errors == []
    page.context.close()


def test_doing_less_is_said_for_each_dose_due_today(browser, site):
    """Jordan's Wednesday: the daily hold and the three strength exercises; on Thursday only the hold."""
    page, errors = sheet(browser, site, "sheet-jordan")
    page.locator('[data-check="during"] [data-pain="8"]').click()
    advice = page.locator('[data-check="during"] .advice').inner_text()
    assert advice.endswith("Next time, for example: Double-leg glute bridge hold, holds shorter than 45 seconds; "
                           "Single-leg bridge, fewer than 8 reps; Hamstring curl lying face down, fewer than 10 reps; "
                           "Hamstring curl on a ball, 3 sets of 6 reps.")  # the physio's numbers, none invented
    page.context.close()
    page, errors = sheet(browser, site, "sheet-jordan", when=datetime.datetime(2026, 11, 5, 10, 0))
    page.locator('[data-check="during"] [data-pain="8"]').click()
    advice = page.locator('[data-check="during"] .advice').inner_text()
    assert advice.endswith("Next time, for example: Double-leg glute bridge hold, holds shorter than 45 seconds.")
    assert not errors
    page.context.close()
