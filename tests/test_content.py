"""The shipped proximal hamstring tendinopathy handout and sheets, checked on the rendered pages."""
import re

import pytest

from tests.conftest import cards, found, section, sheet_files, shipped_sheet, text_of

ISOMETRIC = ["Double-leg glute bridge hold", "Double-leg glute bridge with leg lifts", "Plank with leg lifts"]
ISOTONIC = ["Single-leg bridge", "Hamstring curl lying face down", "Hamstring curl on a ball"]
PHASE_1_DOSE = "3–4 holds of 30 seconds, 2–3 times a day"
PHASE_1_TARGET = "your physio may move you on to 5 holds of 45 seconds"
REFERENCES = [
    "Cook J, Purdam C. Is compressive load a factor in the development of tendinopathy? British Journal of "
    "Sports Medicine. 2012;46:163–168.",
    "Fredericson M, Moore W, Guillet M, Beaulieu C. High hamstring tendinopathy in runners: meeting the "
    "challenges of diagnosis, treatment, and rehabilitation. Physician and Sportsmedicine. 2005;33(5):32–43.",
    "Clinical Edge. Proximal hamstring tendinopathy with Tom Goom. Physio Edge podcast, episode 046, 4 May 2016.",
    "Davis J. High hamstring tendinopathy injuries: a pain in the butt. Runners Connect, 2016.",
    "Silbernagel KG, Thomeé R, Eriksson BI, Karlsson J. Continued sports activity, using a pain-monitoring "
    "model, during rehabilitation in patients with Achilles tendinopathy: a randomized controlled study. "
    "American Journal of Sports Medicine. 2007;35:897–906.",
]
PHYSIO_SETS = "Your physiotherapist will set this dose with you"


@pytest.fixture(scope="module")
def handout(shipped):
    return (shipped / "handouts" / "proximal-hamstring-tendinopathy.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sam(shipped):
    return shipped_sheet(shipped, "sam-example").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def jordan(shipped):
    return shipped_sheet(shipped, "jordan-example").read_text(encoding="utf-8")


def titles(html):
    headings = re.findall(r'class="exercise-title">(.*?)</h\d>', html)
    return [re.sub(r"^\d+\. ", "", text_of(heading)) for heading in headings]


def test_phase_1_has_the_three_holds_at_the_article_dose(handout):
    phase = section(handout, "phase-1")
    assert titles(phase) == ISOMETRIC
    for card in cards(phase):
        assert card.split(" When this feels easy")[0].endswith(PHASE_1_DOSE)
        assert f"When this feels easy, {PHASE_1_TARGET}." in card


def test_each_exercise_has_one_card_and_later_phases_link_to_it(handout):
    assert titles(section(handout, "phase-2")) == ISOTONIC
    assert titles(section(handout, "phase-3")) == []
    phase_3 = text_of(section(handout, "phase-3"))
    for number, title in enumerate(ISOTONIC, start=1):
        assert f"{number}. {title} (as in phase 2): {PHYSIO_SETS}" in phase_3
    for card in cards(section(handout, "phase-2")):
        assert PHYSIO_SETS in card and not re.search(r"\d", card.split(PHYSIO_SETS)[0].split(" ", 1)[1])
    assert "Start these only when your physiotherapist says you are ready." in text_of(section(handout, "phase-2"))


def test_handout_opens_with_the_phases_and_when_to_call(handout):
    text = text_of(handout)
    overview = text.index("The program at a glance")
    assert overview < text.index("Call the clinic if") < text.index("What it is") < text.index("Phase 1: Settle the pain Goal")
    for number in (1, 2, 3):
        assert f'<a href="#phase-{number}" class="phase-link">' in handout
    assert f"Double-leg glute bridge hold: {PHASE_1_DOSE}" in text[overview:text.index("Call the clinic if")]


def test_handout_teaches_the_condition_and_the_pain_model(handout):
    text = text_of(handout)
    for fact in ["ischial tuberosity", "24 to 48 hours after", "Sitting on hard seats hurts",
                 "Walking and bending forwards can hurt too", "overstretching your hamstrings",
                 "a sudden increase in one of these, or in deadlifts or stretches in yoga",
                 "deep lunges", "running fast, or running uphill", "Exercise is the treatment with the best evidence",
                 "During the exercises, pain up to 5 out of 10 is OK.",
                 "the pain should be back to its usual level by the next morning",
                 "From week to week, pain and stiffness should not build up.",
                 "comes from research on Achilles tendon pain. Physiotherapists use it for other tendons too.",
                 "Yes. Swimming is fine while you do your rehab.",
                 "Be guided by your physiotherapist. Everyone responds differently"]:
        assert fact in text, fact


def test_references_only_in_the_references_section(handout):
    text = text_of(handout)
    references = text.index("References")
    for reference in REFERENCES:
        assert text.count(reference) == 1 and text.index(reference) > references
    assert "Silbernagel" not in text_of(section(handout, "pain"))


def test_every_page_states_one_pain_threshold_and_no_invented_numbers(shipped):
    for page in found(shipped.rglob("*.html"), 20):
        text = text_of(page.read_text(encoding="utf-8"))
        assert set(re.findall(r"(\d+) out of 10", text)) <= {"5"}, page
        assert not re.search(r"\d+ seconds? (up|down)|about \d+ seconds", text), page  # no tempo the article lacks


def test_pages_that_are_not_sheets_never_mention_a_sheet(shipped):
    for page in found([*shipped.glob("exercises/*.html"), *shipped.glob("handouts/*.html")], 14):
        assert "your sheet" not in text_of(page.read_text(encoding="utf-8")).lower(), page


def test_phase_1_sheet_has_the_holds_at_the_article_dose(sam):
    assert titles(sam) == ISOMETRIC
    for card in cards(sam):
        assert card.split(" When this feels easy")[0].endswith("3–4 holds of 30 seconds") and PHASE_1_TARGET in card
    text = text_of(sam)
    assert "Phase 1 of 3: Settle the pain" in text
    assert text.count("2–3 times a day") == 1  # said once, at the top
    assert "Do these 2–3 times a day, in this order: 1. Double-leg glute bridge hold 3–4 holds of 30 seconds" in text
    assert "Avoid for now sitting or driving for a long time" in text


def test_phase_2_sheet_shows_the_physios_doses_warm_up_first(jordan):
    assert titles(jordan) == ["Double-leg glute bridge hold"] + ISOTONIC
    doses = [re.sub(r"<[^>]+>", "", d) for d in re.findall(r'<p class="dose"><strong>(.*?)</strong>', jordan)]
    assert doses == ["5 holds of 45 seconds", "3 sets of 8 reps, each leg", "3 sets of 10 reps, each leg",
                     "3 sets of 6–8 reps"]
    text = text_of(jordan)
    assert "Do this once a day: 1. Double-leg glute bridge hold" in text
    assert "Do these every Mon, Wed and Fri: 2. Single-leg bridge 3 sets of 8 reps, each leg" in text
    assert "3–4 holds" not in text and "30 seconds" not in text and PHYSIO_SETS not in text
    assert "From your physio: Do this hold every day. On strength days, do it first, as your warm-up." in text
    assert "Keep your runs flat and easy until your review." in text
    assert "Only start this when your physio" not in text


def test_a_phase_that_keeps_an_earlier_list_shows_it(jordan):
    text = text_of(jordan)
    assert ("anything from the phase 1 list below that still brings on your pain, until your physio says you can go "
            "back to it From phase 1 (Settle the pain): sitting or driving for a long time") in text


def test_cards_show_at_most_five_steps_and_fold_the_rest(sam, jordan):
    for sheet in (sam, jordan):
        for card in re.findall(r'<article class="exercise".*?</article>', sheet, flags=re.S):
            steps = card.split('<div class="steps">')[1].split("</div>")[0]
            assert 1 <= steps.count("<li>") <= 5
            assert '<details class="more">' in card and "Common mistakes" in card.split('<details class="more">')[1]
            assert "Stop for today if the pain goes above 5 out of 10." in text_of(card)


def test_sheets_show_the_pain_rule_once_and_the_phone_twice(sam, jordan):
    for sheet in (sam, jordan):
        text = text_of(sheet.split("<main")[1])
        assert text.count("During the exercises, pain up to 5 out of 10 is OK.") == 1
        assert "Call the clinic if your pain has not settled by the next morning, even after you did less" in text
        assert "24 to 48 hours after the exercise" in text
        assert "Silbernagel" not in text
        assert "(fictional patient)" in text
        assert text.count("01632 960 123") == 2  # the call box and the footer


def test_the_log_runs_from_start_to_review_with_boxes_on_due_days(sam, jordan):
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', sam)
    assert [day for day, _ in rows][:2] == ["Mon 2 Nov", "Tue 3 Nov"] and rows[-1][0] == "Sun 15 Nov"
    assert len(rows) == 14
    assert all(cells.count('class="box"') == 2 and cells.count('class="box optional"') == 1 for _, cells in rows)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', jordan)
    assert len(rows) == 28 and rows[-1][0] == "Sun 29 Nov"
    for day, cells in rows:
        warm_up, strength = re.findall(r"<td>(.*?)</td>", cells)[:2]
        assert warm_up.count('class="box"') == 1
        assert strength.count('class="box"') == (1 if day[:3] in ("Mon", "Wed", "Fri") else 0), day


def test_sheet_file_names_say_what_they_are(shipped):
    names = sorted(p.name for p in sheet_files(shipped))
    assert len(names) == 3 and all(re.fullmatch(r"riverbend-physio-example-exercises-[0-9a-f]{16}\.html", n) for n in names)


def test_no_patient_appears_outside_their_own_sheet(shipped):
    for page in found((p for p in shipped.rglob("*.html") if p.parent.name != "sheets"), 16):
        text = page.read_text(encoding="utf-8")
        assert "Sam Example" not in text and "Jordan Example" not in text and "sheets/" not in text, page


def test_the_handout_introduces_the_condition_with_its_title_and_summary(shipped):
    handout = (shipped / "handouts" / "proximal-hamstring-tendinopathy.html").read_text()
    section = re.search(r'<section class="condition".*?</section>', handout, re.S)[0]
    assert '<h2 id="condition-title">Proximal hamstring tendinopathy</h2>' in section
    assert ('<p class="lead">A sore tendon where the hamstring joins the sit bone, and how to load it back to '
            "strength.</p>") in section
    assert "<h3>What it is</h3>" in section  # the text's own headings sit under it
