"""The body's measures: segment lengths and masses from Winter's anthropometric table, girths for
the outline, and what each joint can do.

Lengths are fractions of body height from D. A. Winter, *Biomechanics and Motor Control of Human
Movement*, 4th ed. (Wiley, 2009), table 4.1 and figure 4.1, for an adult HEIGHT tall. Masses are
fractions of body mass and centres of mass fractions of the segment from its upper end, from the
same table. Girths (half-widths of each cross-section) are drawn to look like an average adult in
clinical line art; they do not change where any joint is.
"""

from __future__ import annotations

HEIGHT = 1.75  # metres
H = HEIGHT

# Winter's segment lengths (fractions of height).
THIGH, SHANK = 0.245 * H, 0.246 * H  # hip to knee, knee to ankle
ANKLE_HEIGHT = 0.039 * H  # ankle joint above the sole
FOOT = 0.152 * H  # heel to toe tip
HEEL = 0.19 * FOOT  # the heel's back behind the ankle
UPPER_ARM, FOREARM, HAND = 0.186 * H, 0.146 * H, 0.108 * H  # shoulder-elbow, elbow-wrist, wrist-fingertip
TRUNK = 0.288 * H  # hip joints to shoulder joints (greater trochanter 0.530 H to shoulder 0.818 H)
HIP_APART = 0.5 * 0.191 * H * 0.52  # each hip joint from the middle (joint centres, inside the hip width)
SHOULDER_APART = 0.5 * 0.259 * H * 0.8  # each shoulder joint from the middle (inside the acromia)
LUMBAR = 0.30 * TRUNK  # where the lower back bends, above the hip joints
NECK = 0.052 * H  # shoulder line to the base of the skull (chin 0.870 H)

# Winter's segment masses (fraction of body mass) and centre of mass (fraction from the upper end).
MASSES = {
    "head": (0.081, None),
    "trunk": (0.497, 0.5),
    "upper_arm": (0.028, 0.436),
    "forearm": (0.016, 0.430),
    "hand": (0.006, 0.506),
    "thigh": (0.100, 0.433),
    "shank": (0.0465, 0.433),
    "foot": (0.0145, 0.5),
}

# Cross-sections along each segment: (fraction of its length, half-width across, depth in front of
# the centre line, depth behind it), in metres. "In front" is the segment's own front: the front of
# the thigh, the back of the hand, the top of the foot.
GIRTHS = {
    "thigh": (
        (0.0, 0.085, 0.075, 0.085),
        (0.18, 0.084, 0.08, 0.075),
        (0.5, 0.072, 0.068, 0.062),
        (0.85, 0.054, 0.05, 0.048),
        (1.0, 0.05, 0.047, 0.043),
    ),
    "shank": (
        (0.0, 0.048, 0.046, 0.042),
        (0.12, 0.048, 0.04, 0.054),
        (0.32, 0.05, 0.036, 0.064),
        (0.62, 0.037, 0.03, 0.038),
        (0.9, 0.027, 0.026, 0.024),
        (1.0, 0.03, 0.028, 0.027),
    ),
    "upper_arm": (
        (0.0, 0.05, 0.05, 0.052),
        (0.22, 0.047, 0.046, 0.05),
        (0.62, 0.039, 0.04, 0.04),
        (1.0, 0.033, 0.031, 0.034),
    ),
    "forearm": ((0.0, 0.033, 0.035, 0.034), (0.25, 0.036, 0.038, 0.036), (1.0, 0.018, 0.027, 0.027)),
    "hand": (
        (0.0, 0.016, 0.026, 0.026),
        (0.42, 0.016, 0.045, 0.04),
        (0.75, 0.012, 0.04, 0.034),
        (1.0, 0.008, 0.018, 0.018),
    ),
    "foot": (
        (0.0, 0.028, 0.036, 0.002),
        (0.14, 0.032, 0.066, 0.006),
        (0.3, 0.035, 0.072, 0.0),
        (0.52, 0.04, 0.05, -0.01),
        (0.73, 0.045, 0.027, 0.007),
        (0.9, 0.04, 0.017, 0.006),
        (1.0, 0.028, 0.01, 0.005),
    ),
    "neck": ((0.0, 0.055, 0.05, 0.055), (1.0, 0.05, 0.045, 0.05)),
}
# The torso from the bottom of the buttocks to the neck: (height above the hip joints in the
# pelvis's frame, or above the lower back in the chest's frame; half-width; front; back).
PELVIS_GIRTHS = (
    (-0.095, 0.12, 0.03, 0.08),
    (-0.04, 0.17, 0.07, 0.115),
    (0.05, 0.165, 0.085, 0.105),
    (LUMBAR - 0.01, 0.14, 0.1, 0.085),
)
CHEST_GIRTHS = (
    (0.09, 0.15, 0.112, 0.088),
    (0.2, 0.168, 0.125, 0.108),
    (0.28, 0.178, 0.115, 0.11),
    (TRUNK - LUMBAR - 0.02, 0.18, 0.085, 0.088),
    (TRUNK - LUMBAR + 0.02, 0.13, 0.055, 0.065),
)
# The head in its own frame (origin at the base of the skull): ellipsoid centres and half-axes
# (front, up, across), and the face: nose tip, eye, ear, mouth.
CRANIUM = ((-0.015, 0.112, 0.0), (0.097, 0.112, 0.077))
JAW = ((0.03, 0.045, 0.0), (0.056, 0.05, 0.055))
NOSE = ((0.112, 0.07, 0.0), (0.083, 0.1, 0.0), (0.086, 0.058, 0.0))  # tip, bridge, base
EYE = (0.066, 0.098, 0.034)
EAR = (-0.005, 0.085, 0.077)
MOUTH = (0.088, 0.03, 0.0)

# What each joint can do, in degrees, and which way a positive angle goes. `trunk` tilts the whole
# body away from its base position; the others are turns of one body part on the one above it.
JOINTS = {
    "trunk": ((-30, 90), "tilts the whole body away from its base position"),
    "lower_back": ((-50, 60), "bends the chest forwards on the pelvis (negative: arches back, as in a press-up)"),
    "side_bend": ((-40, 40), "bends the chest to the left (negative: to the right)"),
    "trunk_rotation": ((-60, 60), "turns the chest to the left (negative: to the right)"),
    "neck": ((-30, 60), "brings the chin to the chest (negative: looks up)"),
    "neck_rotation": ((-70, 70), "turns the head to the left (negative: to the right)"),
    "hip": ((-30, 140), "brings the thigh forwards (flexion; negative: behind the body)"),
    "hip_abduction": ((-30, 50), "takes the thigh out to the side (negative: across the other)"),
    "hip_rotation": ((-45, 60), "turns the thigh outwards (negative: inwards)"),
    "hip_open": ((0, 80), "lying on the side: lifts the top knee with the feet together (a clam)"),
    "knee": ((0, 160), "bends the knee"),
    "ankle": ((-30, 90), "points the foot (negative: pulls the toes up)"),
    "ankle_inversion": ((-20, 35), "turns the sole inwards (negative: outwards); a foot that rests flat finds it"),
    "shoulder": ((-60, 180), "raises the arm forwards (flexion; negative: behind the body)"),
    "shoulder_abduction": ((-30, 180), "raises the arm out to the side"),
    "shoulder_rotation": ((-90, 90), "turns the arm outwards, the forearm away from the belly (negative: inwards)"),
    "elbow": ((0, 150), "bends the elbow"),
}
JOINT_LIMITS = {name: limits for name, (limits, _) in JOINTS.items()}
ONE_PER_BODY = ("trunk", "lower_back", "side_bend", "trunk_rotation", "neck", "neck_rotation")
