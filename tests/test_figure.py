"""Exercise figures: kinematics, staying in frame and on the floor, determinism, validation, pages."""
import re

import pytest

from hepkit.content.model import Pose
from hepkit.content.yaml_lines import parse_yaml
from hepkit.figures.body import placed, pose_body
from hepkit.figures.drawing import draw
from hepkit.figures.poses import POSE_DEFAULTS, parse_illustration
from hepkit.pipeline import check
from tests.conftest import ROOT, sheet_files


def pose(base, **angles):
    full = {joint: (value, value) for joint, value in POSE_DEFAULTS[base].items()}
    full.update({joint: value if isinstance(value, tuple) else (value, value) for joint, value in angles.items()})
    return Pose(base, "", "", tuple(sorted(full.items())))


def rounded(body, *names):
    return [tuple(round(c, 3) for c in body.points[name]) for name in names]


def test_standing_figure_has_adult_proportions():
    body = placed(pose("standing"), ())
    assert rounded(body, "toe.0", "heel.0", "ankle.0", "knee.0", "pelvis", "neck", "head") == [
        (0.17, 0.0), (-0.05, 0.0), (0.0, 0.06), (0.0, 0.49), (0.0, 0.93), (0.0, 1.43), (0.0, 1.57)]
    assert rounded(body, "elbow.0", "hand.0") == [(0.0, 1.09), (0.0, 0.82)]


def test_joint_angles_turn_the_right_way():
    body = pose_body(pose("standing", hip=(90, 0), knee=(90, 0), shoulder=(90, 0), elbow=(90, 0)))
    assert rounded(body, "knee.0", "ankle.0") == [(0.44, 0.0), (0.44, -0.43)]  # thigh forward, shank down
    assert rounded(body, "knee.1") == [(0.0, -0.44)]  # the far leg keeps its own angles
    assert rounded(body, "elbow.0", "hand.0") == [(0.3, 0.46), (0.3, 0.73)]  # arm forward, forearm up


def test_lying_on_the_back_puts_the_head_left_and_feet_right():
    body = placed(pose("supine"), ())
    assert body.points["head"][0] < body.points["pelvis"][0] < body.points["toe.0"][0]
    assert round(body.points["head"][1], 3) == 0.105  # the head rests on the floor


def shipped_illustrations():
    library = check(ROOT / "content")
    return {e.id: e.illustration for e in library.exercises.values()}


@pytest.mark.parametrize("exercise_id", sorted(shipped_illustrations()))
def test_shipped_figures_stay_in_frame_on_the_floor_small_and_repeatable(exercise_id):
    illustration = shipped_illustrations()[exercise_id]
    assert illustration is not None and len(illustration.frames) >= 2
    for frame in illustration.frames:
        body = placed(frame, illustration.props)
        assert round(body.lowest(), 6) >= 0
    panels = draw(illustration)
    assert panels == draw(illustration)
    for svg, caption in panels:
        assert len(svg.encode()) < 10_000 and caption
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
        numbers = [float(n) for n in re.findall(r'(?:x\d?|cx|y\d?|cy)="(-?[\d.]+)"', svg)]
        path_points = [float(n) for n in re.findall(r"-?\d+\.\d", " ".join(re.findall(r'd="([^"]+)"', svg)))]
        assert all(0 <= n <= max(width, height) for n in numbers + path_points)
        assert re.search(r'<svg viewBox="[^"]+" role="img" aria-label="[^"]+"><title>', svg)


def test_figure_text_is_escaped():
    illustration = parse(
        "frames:\n  - {base: supine, caption: '<b>Start</b>', describe: '\"x\" & <y>'}\n  - {base: supine}\n")
    svg, caption = draw(illustration)[0]
    assert 'aria-label="&lt;b&gt;Start&lt;/b&gt;: &quot;x&quot; &amp; &lt;y&gt;"' in svg


def parse(text, errors=None):
    errors = [] if errors is None else errors
    return parse_illustration(parse_yaml(text, "ex.md", errors, 5), "ex.md", 5, errors)


@pytest.mark.parametrize("text, message", [
    ("frames:\n  - {base: supine}\n",
     "ex.md:5: an illustration needs at least two frames (start and end) — add a `- base: ...` entry under `frames:` for each position"),
    ("frames:\n  - {base: lying}\n  - {base: supine}\n",
     'ex.md:6: base "lying" is not known — use one of "hands-knees", "kneeling", "plank", "prone", "side", "sitting", "standing", "supine"'),
    ("frames:\n  - {base: supine, knee: 200}\n  - {base: supine}\n",
     "ex.md:6: a knee angle of 200° is more than a knee can do — use 0° to 160°"),
    ("frames:\n  - {base: supine, hip: {left: -45}}\n  - {base: supine}\n",
     "ex.md:6: a hip angle of -45° is below what a hip can do — use -30° to 140°"),
    ("frames:\n  - {base: supine, nee: 20}\n  - {base: supine}\n",
     'ex.md:6: unknown field "nee" in this frame (did you mean "knee"?) — use one of "ankle", "base", "caption", "contacts", "describe", "elbow", "hip", "hip_open", "knee", "neck", "shoulder", "trunk"'),
    ("frames:\n  - {base: supine, elbow: bent}\n  - {base: supine}\n",
     'ex.md:6: the elbow angle should be a number of degrees, not "bent" — write `elbow: 45`, or `elbow: {left: 45, right: 0}`'),
    ("props: [ball, trampoline]\nframes:\n  - {base: supine}\n  - {base: supine}\n",
     'ex.md:5: prop "trampoline" is not known — use any of "ball", "band", "bench", "chair", "door", "mat", "step", "wall", "weight"'),
])
def test_illustration_mistakes(text, message):
    errors = []
    parse(text, errors)
    assert [str(e) for e in errors] == [message]


def test_a_few_numbers_are_enough():
    illustration = parse("frames:\n  - {base: supine, caption: Start}\n  - {base: supine, knee: 90, hip: 45}\n")
    assert illustration.frames[1].angle("knee", 0) == 90 and illustration.frames[1].angle("elbow", 1) == 0


@pytest.mark.parametrize("props, frame, check_point", [
    ("[chair]", "{base: sitting}", lambda p: round(p["pelvis"][1], 3) == 0.49),  # a 42 cm seat
    ("[bench]", "{base: supine, hip: 80, knee: 90}", lambda p: round(p["pelvis"][1], 3) == 0.52),
    ("[step, band]", "{base: standing}", lambda p: round(min(p["heel.0"][1], p["toe.0"][1]), 3) == 0.18),
    ("[mat, ball]", "{base: supine, trunk: 20, neck: 20}", lambda p: round(p["heel.0"][1], 3) == 0.6),
])
def test_props_carry_the_body_and_stay_in_frame(props, frame, check_point):
    illustration = parse(f"props: {props}\nframes:\n  - {frame}\n  - {frame}\n")
    body = placed(illustration.frames[0], illustration.props)
    assert check_point(body.points) and body.lowest() >= -1e-9
    for svg, _ in draw(illustration):
        width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
        xs = [float(n) for n in re.findall(r'\b(?:x\d?|cx)="(-?[\d.]+)"', svg)]
        ys = [float(n) for n in re.findall(r'\b(?:y\d?|cy)="(-?[\d.]+)"', svg)]
        assert all(0 <= x <= width for x in xs) and all(0 <= y <= height for y in ys)


def test_the_figures_page_shows_every_exercise_with_its_angles(shipped):
    from tests.conftest import text_of
    page = (shipped / "figures.html").read_text(encoding="utf-8")
    text = text_of(page)
    for exercise_id in shipped_illustrations():
        assert f'id="figure-{exercise_id}"' in page
    assert page.count('<table class="angles">') == 6
    assert "Hamstring curl on a ball" in text and "knee 85" not in text and "| 85" not in text
    assert "Roll the ball in (supine)" in text and "left 100, right 0" in text  # the single-leg bridge's knees
    assert 'href="figures.html"' in (shipped / "index.html").read_text(encoding="utf-8")
    for sheet in sheet_files(shipped):
        assert "figures.html" not in sheet.read_text(encoding="utf-8")


@pytest.mark.parametrize("exercise_id", sorted(shipped_illustrations()))
def test_moving_figures_are_small_repeatable_and_hold_each_frame(exercise_id):
    from hepkit.figures.motion import animate
    svg = animate(shipped_illustrations()[exercise_id], "m1", "Moving picture")
    assert svg == animate(shipped_illustrations()[exercise_id], "m1", "Moving picture") and len(svg.encode()) < 15_000
    assert "@keyframes m1-" in svg and "infinite" in svg and 'role="img"' in svg
    # Each frame is held: every keyframe rule names each stop twice (arrive, leave).
    assert re.search(r"0\.00%,\d+\.\d+%\{transform:", svg)


def fixture_figures():
    from hepkit.content.load import load
    from hepkit.output.cache import NO_CACHE
    from hepkit.validate.compose import validate
    library = validate(load(ROOT / "tests" / "fixtures" / "figures", NO_CACHE), NO_CACHE)
    return {e.id: e.illustration for e in library.exercises.values()}


@pytest.mark.parametrize("exercise_id", ["heel-raise-off-step", "seated-knee-extension", "wall-sit"])
def test_declared_contacts_hold_within_half_a_pixel_and_nothing_goes_through_the_floor(exercise_id):
    from hepkit.figures.body import SURFACES, contact_points, prop_boxes
    from hepkit.figures.drawing import SCALE
    illustration = fixture_figures()[exercise_id]
    for pose in illustration.frames:
        body = placed(pose, illustration.props)
        assert pose.contacts and round(body.lowest(), 6) >= -0.005
        boxes = prop_boxes(body, illustration.props, pose)
        for part, surface in pose.contacts:
            for x, y in contact_points(body, pose, part):
                if surface == "wall":
                    assert abs(x - boxes["wall"][1]) * SCALE <= 0.5
                else:
                    assert abs(y - SURFACES[surface]) * SCALE <= 0.5, (pose.caption, part, surface, y)
                if surface == "step edge":
                    assert boxes["step"][0] <= x <= boxes["step"][1]  # the ball of the foot is on the step
        if any(s == "step edge" for _, s in pose.contacts):
            assert body.points["heel.0"][0] < boxes["step"][0]  # the heel hangs off its edge


def test_the_trunk_can_be_solved_from_the_contacts():
    wall_sit = fixture_figures()["wall-sit"].frames[1]
    assert wall_sit.angle("trunk", 0) == 0  # upright: the back flat on the wall and the feet flat on the floor


@pytest.mark.parametrize("frame, message", [
    ("{base: sitting, contacts: [pelvis on chair, feet on floor], knee: 40}",
     'ex.md:7: this frame\'s contacts cannot all hold: "pelvis on chair" and "feet on floor" cannot both hold: they '
     "are 31 cm apart — change the angles of the parts between them, or write `trunk: auto`"),
    ("{base: standing, contacts: [toes on step edge]}",
     'ex.md:7: "toes on step edge" needs the step, which this illustration does not have — add it to the props: '
     "`props: [step]`"),
    ("{base: standing, contacts: [elbows on floor]}",
     'ex.md:7: contact "elbows on floor" is not understood — write it as `part on surface`, the part one of "back", '
     '"feet", "forearms", "hands", "head", "heels", "knees", "pelvis", "toes" (or `left hand`, `right knee`), for example '
     "`hands on floor`"),
    ("{base: standing, contacts: [feet on flor]}",
     'ex.md:7: "flor" in "feet on flor" is not a surface (did you mean "floor"?) — use one of "ball", "bench", "chair", '
     '"floor", "step", "step edge", "wall"'),
])
def test_contacts_that_cannot_hold_are_named(frame, message):
    errors = []
    data = parse_yaml(f"illustration:\n  props: [chair]\n  frames:\n    - {{base: sitting}}\n    - {frame}\n", "ex.md",
                      errors, first_line=3)
    parse_illustration(data["illustration"], "ex.md", 3, errors)
    assert [str(e) for e in errors] == [message]


def every_figure():
    figures = {f"shipped/{k}": v for k, v in shipped_illustrations().items()}
    figures.update({f"fixture/{k}": v for k, v in fixture_figures().items()})
    return figures


@pytest.mark.parametrize("name", sorted(every_figure()))
def test_no_body_part_passes_through_a_prop(name):
    """Each part's centre line, sampled every tenth of its length, stays out of the ball and out
    of every box (bench, chair seat, step, wall, door), with 2-3 cm for the outline."""
    import math

    from hepkit.figures.body import BALL_R, prop_boxes
    from hepkit.figures.drawing import body_parts
    illustration = every_figure()[name]
    for pose in illustration.frames:
        body = placed(pose, illustration.props)
        p = body.points
        boxes = prop_boxes(body, illustration.props, pose)
        ball = (p["heel.0"][0], BALL_R) if "ball" in illustration.props else None
        parts = [(part[1], part[2]) for side in (0, 1) for limb in body_parts(side).values() for part in limb]
        for a, b in parts + [("pelvis", "neck")]:
            for step in range(11):
                x = p[a][0] + (p[b][0] - p[a][0]) * step / 10
                y = p[a][1] + (p[b][1] - p[a][1]) * step / 10
                assert y >= -0.005, (pose.caption, a, b, "below the floor")
                if ball:
                    assert math.hypot(x - ball[0], y - ball[1]) >= BALL_R - 0.03, (pose.caption, a, b, "in the ball")
                for prop, (left, right, top, bottom) in boxes.items():
                    assert not (left + 0.02 < x < right - 0.02 and bottom + 0.02 < y < top - 0.02), \
                        (pose.caption, a, b, f"in the {prop}")


def test_a_clam_opens_the_top_knee_and_keeps_the_feet_together():
    clam = fixture_figures()["side-lying-clam"]
    closed, opened = (placed(pose, clam.props) for pose in clam.frames)
    assert opened.points["knee.0"][1] - closed.points["knee.0"][1] > 0.2  # the top knee lifts
    assert abs(opened.points["ankle.0"][1] - closed.points["ankle.0"][1]) < 0.05  # the feet stay together


def test_hip_open_is_for_lying_on_the_side_only():
    errors = []
    data = parse_yaml("illustration:\n  frames:\n    - {base: supine, hip_open: 30}\n    - {base: supine}\n", "ex.md",
                      errors, first_line=3)
    parse_illustration(data["illustration"], "ex.md", 3, errors)
    assert [str(e) for e in errors] == [
        "ex.md:5: hip_open is only for lying on the side (base: side) — remove it, or use `base: side` for a clam"]
