"""The shipped proximal hamstring tendinopathy handout and sheets, checked on the rendered pages."""
import re

import pytest

from tests.conftest import cards, section, shipped_sheet, text_of

ISOMETRIC = ["Double-leg glute bridge hold", "Double-leg glute bridge with leg lifts", "Plank with leg lifts"]
ISOTONIC = ["Single-leg bridge", "Hamstring curl lying face down", "Hamstring curl on a ball"]
PHASE_1_DOSE = "3–4 reps, hold 30 seconds, 2–3 times a day"
PHASE_1_TARGET = "progress to 5 reps, hold 45 seconds"
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
        assert f"Dose: {PHASE_1_DOSE}" in card
        assert f"When this feels easy: {PHASE_1_TARGET}" in card


def test_phase_2_and_3_have_the_three_strength_exercises_with_no_invented_dose(handout):
    for number in (2, 3):
        phase = section(handout, f"phase-{number}")
        assert titles(phase) == ISOTONIC
        for card in cards(phase):
            dose_line = card.split("Dose: ")[1].split(" Position:")[0]
            assert dose_line == PHYSIO_SETS
            assert not re.search(r"\d", dose_line)
    assert "Your physiotherapist sets the sets and reps for these exercises with you." in text_of(section(handout, "phase-2"))


def test_handout_teaches_the_condition_and_pain_rules(handout):
    text = text_of(handout)
    for fact in ["ischial tuberosity", "24 to 48 hours after", "Sitting on hard seats hurts",
                 "deep lunges", "deadlifts", "running fast, or running uphill", "Exercise is the treatment with the best evidence",
                 "pain up to 5 out of 10 is OK", "If it has not, do less next time",
                 "Yes. Swimming is fine while you do your rehab.",
                 "Be guided by your physiotherapist. Everyone responds differently"]:
        assert fact in text, fact


def test_every_reference_appears_in_the_handout(handout):
    text = text_of(handout)
    for reference in REFERENCES:
        assert reference in text


def test_phase_1_sheet_has_the_holds_at_the_article_dose(sam):
    assert titles(sam) == ISOMETRIC
    for card in cards(sam):
        assert f"Dose: {PHASE_1_DOSE}" in card and PHASE_1_TARGET in card
    text = text_of(sam)
    assert "Phase 1 of 3: Settle the pain" in text
    assert "Do this session 2–3 times a day." in text
    assert "Avoid for now sitting or driving for a long time" in text


def test_phase_2_sheet_shows_the_physios_doses_and_the_override(jordan):
    assert titles(jordan) == ISOTONIC + ["Double-leg glute bridge hold"]
    doses = [card.split("Dose: ")[1].split(" Position:")[0] for card in cards(jordan)]
    assert doses == ["3 sets of 8 reps, each side, 3 days a week",
                     "3 sets of 10 reps, each side, 3 days a week",
                     "3 sets of 6–8 reps, 3 days a week",
                     "5 reps, hold 45 seconds, once a day"]
    text = text_of(jordan)
    assert "3–4 reps" not in text and "hold 30 seconds" not in text and PHYSIO_SETS not in text
    assert "Note from your physio: Keep this hold as your warm-up before the strength exercises." in text
    assert "Keep your runs flat and easy until your review." in text


def test_sheets_show_pain_guidance_and_say_the_patient_is_fictional(sam, jordan):
    for sheet in (sam, jordan):
        text = text_of(sheet)
        assert "During exercise, pain up to 5 out of 10 is OK." in text
        assert "24 to 48 hours after the exercise" in text
        assert "Silbernagel KG" in text
        assert "(fictional patient)" in text
        assert "Riverbend Physio (example clinic)" in text and "01632 960 123" in text


def test_no_patient_appears_outside_their_own_sheet(shipped):
    for page in shipped.rglob("*.html"):
        if page.parent.name == "sheets":
            continue
        text = page.read_text(encoding="utf-8")
        assert "Sam Example" not in text and "Jordan Example" not in text and "sheets/" not in text, page
