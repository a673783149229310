"""Doses: parsed from friendly YAML, said in the same plain words everywhere."""
import pytest

from hepkit.content.dose import parse_dose
from hepkit.content.model import Dose, Span
from hepkit.content.yaml_lines import parse_yaml
from hepkit.i18n.words import amount_text, dose_text, duration_text, progress_text


def dose(text: str) -> Dose:
    errors = []
    data = parse_yaml(text, "d.yaml", errors)
    result = parse_dose(data, "d.yaml", 1, errors)
    assert errors == []
    return result


@pytest.mark.parametrize("text, words", [
    ("{reps: 3-4, hold: 30s, per_day: 2-3}", "3–4 holds of 30 seconds, 2–3 times a day"),
    ("{reps: 3–4, hold: 30 seconds}", "3–4 holds of 30 seconds"),
    ("{reps: 1, hold: 45s}", "1 hold of 45 seconds"),
    ("{sets: 2, reps: 5, hold: 10s}", "2 sets of 5 holds of 10 seconds"),
    ("{sets: 3, reps: 8, sides: each, per_week: 3}", "3 sets of 8 reps, each side, 3 days a week"),
    ("{sets: 3, reps: 8, days: [mon, wed, fri]}", "3 sets of 8 reps, every Mon, Wed and Fri"),
    ("{reps: 8, days: [Tuesday]}", "8 reps, every Tue"),
    ("{reps: 8, days: [mon, tue, wed, thu, fri, sat, sun]}", "8 reps, every day"),
    ("{sets: 1, reps: 1}", "1 set of 1 rep"),
    ("{hold: 1 min}", "hold 1 minute"),
    ("{hold: 90}", "hold 1 minute 30 seconds"),
    ("{hold: 61}", "hold 1 minute 1 second"),
    ("{hold: 2 minutes, per_day: 1}", "hold 2 minutes, once a day"),
    ("{hold: 20-30s}", "hold 20–30 seconds"),
    ("{reps: 10, load: a 2 kg weight, rest: 60s}", "10 reps, with a 2 kg weight, rest 1 minute between reps"),
    ("{sets: 3, reps: 10, rest: 2 min}", "3 sets of 10 reps, rest 2 minutes between sets"),
    ("{sides: both, reps: 6 to 8}", "6–8 reps, both sides together"),
    ("{per_day: 2}", "Your physiotherapist will set this dose with you, 2 times a day"),
    ("{}", "Your physiotherapist will set this dose with you"),
])
def test_dose_in_words(text, words):
    assert dose_text(dose(text)) == words


@pytest.mark.parametrize("sides, limb, words", [
    ("each", "leg", "3 sets of 8 reps, each leg"), ("both", "leg", "3 sets of 8 reps, both legs together"),
    ("left", "arm", "3 sets of 8 reps, left arm only"), ("right", "side", "3 sets of 8 reps, right side only"),
])
def test_sides_name_the_limb(sides, limb, words):
    assert amount_text(dose(f"{{sets: 3, reps: 8, sides: {sides}}}"), limb) == words


def test_how_often_is_one_choice_when_overridden():
    phase = dose("{reps: 5, per_day: 2-3}")
    assert dose_text(dose("{days: [mon, thu]}").over(phase)) == "5 reps, every Mon and Thu"
    assert dose_text(dose("{per_week: 3}").over(dose("{reps: 5, days: [mon]}"))) == "5 reps, 3 days a week"
    assert dose_text(dose("{reps: 6}").over(phase)) == "6 reps, 2–3 times a day"


def test_progression_target_in_words():
    assert progress_text(dose("{reps: 3-4, hold: 30s, progress_to: {reps: 5, hold: 45s}}")) == "5 holds of 45 seconds"


def test_parsed_values():
    d = dose("{reps: 3-4, hold: 1.5 min, per_day: 2-3}")
    assert (d.reps, d.hold, d.per_day) == (Span(3, 4), Span(90, 90), Span(2, 3))


def test_resolution_order_exercise_then_phase_then_patient():
    exercise = dose("{reps: 3, hold: 30s}")
    phase = dose("{hold: 45s, per_day: 2}")
    patient = dose("{reps: 5, per_week: 3}")
    resolved = patient.over(phase.over(exercise))
    assert dose_text(resolved) == "5 holds of 45 seconds, 3 days a week"


def test_duration_words():
    assert duration_text(Span(1, 1)) == "1 second"
    assert duration_text(Span(60, 120)) == "1–2 minutes"


def test_the_keys_a_dose_may_say_are_the_models_and_each_count_has_its_limit():
    from dataclasses import fields

    from hepkit.content.dose import COUNT_LIMITS, DOSE_KEYS, LONGEST
    from hepkit.content.model import Dose
    assert DOSE_KEYS == [f.name for f in fields(Dose)]
    assert set(COUNT_LIMITS) | set(LONGEST) <= set(DOSE_KEYS)
    assert {"sets", "reps", "hold", "rest", "per_day", "per_week"} <= set(COUNT_LIMITS) | set(LONGEST)
