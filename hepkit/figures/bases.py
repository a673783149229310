"""The base positions, one table: how each turns the body into the world, which way `trunk` tilts
it, the angles a frame starts from (so a simple frame needs only a few numbers), what it rests on
when a frame says nothing, the view it is usually drawn from, and its words."""

from __future__ import annotations

from dataclasses import dataclass, field

from .vectors import IDENTITY, Turn

FACE_UP: Turn = ((0.0, -1.0, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 1.0))  # front up, head to the left
FACE_DOWN: Turn = ((0.0, 1.0, 0.0), (-1.0, 0.0, 0.0), (0.0, 0.0, 1.0))  # front down, head to the right
# On the right side, the head to the right, so that the side view looks at the patient's front.
ON_THE_SIDE: Turn = ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0), (-1.0, 0.0, 0.0))


@dataclass(frozen=True)
class Base:
    name: str
    words: str  # what a screen reader says for a frame with no `describe:`
    turn: Turn  # from the body's frame (x front, y up the trunk, z to the right) to the world's
    tilt: int  # which way a positive `trunk` turns it about the world's z axis
    defaults: dict = field(default_factory=dict)  # starting angles: joint -> degrees, or {0: left, 1: right}
    contacts: tuple = ()  # what it rests on when a frame names nothing (its trunk is then solved)
    view: str = "side"
    upright: bool = False  # stands, sits or kneels: must keep its centre of mass over its base


BASES = {
    b.name: b
    for b in (
        Base("supine", "lying on your back", FACE_UP, 1, {"ankle": 0}),
        Base("prone", "lying face down", FACE_DOWN, 1, {"ankle": 85}),
        Base(
            "side",
            "lying on your side",
            ON_THE_SIDE,
            1,
            {"hip": 45, "knee": 90, "shoulder": {0: 10, 1: 180}, "elbow": {0: 0, 1: 40}},
            view="front",
        ),
        Base("plank", "in a plank on forearms and toes", FACE_DOWN, 1, {"trunk": 12, "shoulder": 80, "elbow": 90}),
        Base("kneeling", "kneeling", IDENTITY, -1, {"knee": 90, "ankle": 80}, upright=True),
        Base("sitting", "sitting", IDENTITY, -1, {"hip": 90, "knee": 90, "shoulder": 20, "elbow": 60}, upright=True),
        Base("standing", "standing", IDENTITY, -1, upright=True),
        Base(
            "hands-knees",
            "on your hands and knees",
            FACE_DOWN,
            1,
            {"neck": -10, "hip": 90, "knee": 90, "ankle": 90, "shoulder": 90},
            (("hands", "floor"), ("knees", "floor")),
        ),
    )
}
