"""Which parts of a frame miss their surfaces, told as a physio sees it.

A body may be set anywhere up or down (and a wall anywhere along), so a miss has no fixed zero:
settle() puts the body halfway between its highest and lowest miss, which shares one part's miss
out among all ("the buttocks 22 cm below the chair, the left heel 22 cm above the floor" when only
the heel is off). Here the misses are measured from the contact the weight is on (the one nearest
below the centre of mass) or, failing that, the one the others gather round; and a foot (or both
sides) that misses as one is named once."""

from __future__ import annotations

from dataclasses import replace

from .contacts import TOLERANCE, Need
from .vectors import Vec

SAME = 0.01  # metres: parts that miss by this little apart miss as one
WHOLE = {"heel": "foot", "ball of the foot": "foot", "elbow": "forearm", "wrist": "forearm", "shin": "shin",
         "ankle": "shin"}
BOTH = {"heel": "both heels", "foot": "both feet", "ball of the foot": "the balls of both feet", "knee": "both knees",
        "hand": "both hands", "forearm": "both forearms", "elbow": "both elbows", "wrist": "both wrists",
        "toes": "the toes of both feet", "shin": "both shins", "ankle": "both ankles"}


def missing(found: list[Need], centre: Vec) -> list[Need]:
    """The parts that miss, the furthest first, each named once; none when the frame as settled
    holds (measured from one contact, a frame within its tolerance could miss by twice as much).
    `centre`: the centre of mass."""
    measured = _from_anchor([n for n in found if n.surface != "wall"], centre) + [
        n for n in found if n.surface == "wall"]
    far = [n for n in measured if abs(n.gap) > TOLERANCE] if any(abs(n.gap) > TOLERANCE for n in found) else []
    far = _joined(_joined(far, _whole), _both)
    seen, told = set(), []
    for need in sorted(far, key=lambda n: -round(abs(n.gap), 3)):  # to a millimetre, so that parts as far
        if need.words not in seen:  # (a body that rises to meet one contact and leaves another) keep their order
            seen.add(need.words)
            told.append(need)
    return told


def _from_anchor(found: list[Need], centre: Vec) -> list[Need]:
    """The misses measured from the contact nearest below the centre of mass when it holds all
    along (a foot flat, not tilted); else, with three contacts or more, from the one that most
    others hold with (then: nearest to all the others), when that one is clearly it; else as settled."""
    by_contact: dict[str, list[Need]] = {}
    for need in found:
        by_contact.setdefault(need.contact, []).append(need)
    if len(by_contact) < 2:
        return found

    def off_centre(needs: list[Need]) -> float:
        return min((x - centre[0]) ** 2 + (z - centre[2]) ** 2 for x, z in (n.at for n in needs))

    carrying = min(by_contact.values(), key=off_centre)
    if max(n.gap for n in carrying) - min(n.gap for n in carrying) <= TOLERANCE:
        zero = sum(n.gap for n in carrying) / len(carrying)
        return [replace(n, gap=n.gap - zero) for n in found]
    if len(by_contact) < 3:
        return found
    by_contact = {contact: [n.gap for n in needs] for contact, needs in by_contact.items()}
    means = [sum(gaps) / len(gaps) for gaps in by_contact.values()]

    def rank(zero: float) -> tuple[int, float]:
        holding = sum(all(abs(g - zero) <= TOLERANCE for g in gaps) for gaps in by_contact.values())
        return -holding, round(sum(abs(m - zero) for m in means), 3)

    ranked = sorted((rank(zero), zero) for zero in means)
    (best, zero), (second, _) = ranked[0], ranked[1]
    if best == second or best[0] == 0:
        return found
    return [replace(n, gap=n.gap - zero) for n in found]


def _joined(found: list[Need], joined_words) -> list[Need]:
    """Pairs that miss the same surface by as much, the same way, said once in joined_words."""
    out, used = [], set()
    for i, a in enumerate(found):
        if i in used:
            continue
        for j in range(i + 1, len(found)):
            b = found[j]
            words = j not in used and a.surface == b.surface and joined_words(a.words, b.words)
            if words and a.gap * b.gap > 0 and abs(a.gap - b.gap) <= SAME:
                used.add(j)
                a = replace(a, words=words, gap=(a.gap + b.gap) / 2)
                break
        out.append(a)
    return out


def _whole(a: str, b: str) -> str | None:
    """"the left heel" and "the left ball of the foot": "the left foot"."""
    side_a, part_a = _side(a)
    side_b, part_b = _side(b)
    if side_a and side_a == side_b and part_a != part_b and WHOLE.get(part_a, 0) == WHOLE.get(part_b, 1):
        return f"the {side_a} {WHOLE[part_a]}"
    return None


def _both(a: str, b: str) -> str | None:
    """"the left foot" and "the right foot": "both feet"."""
    side_a, part_a = _side(a)
    side_b, part_b = _side(b)
    if {side_a, side_b} == {"left", "right"} and part_a == part_b and part_a in BOTH:
        return BOTH[part_a]
    return None


def _side(words: str) -> tuple[str, str]:
    """"the left heel": ("left", "heel"); ("", words) for a part without a side."""
    parts = words.split(" ", 2)
    if len(parts) == 3 and parts[1] in ("left", "right"):
        return parts[1], parts[2]
    return "", words
