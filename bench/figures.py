"""What drawing the figures costs: 900 illustrations (the shipped and fixture blocks, each varied a
little so none is the same), each read and checked (contacts solved) and drawn as still frames
and as the moving figure, as a cold build does. Prints the figures; asserts nothing.

    .venv/bin/python bench/figures.py [count]           one process, figure by figure
    .venv/bin/python bench/figures.py --build [count]   in real builds: bench/run.py's tree of that
                                                        many exercises, without and with a picture each
"""
from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from hepkit.content.yaml_lines import parse_yaml  # noqa: E402
from hepkit.figures.drawing import draw  # noqa: E402
from hepkit.figures.motion import animate  # noqa: E402
from hepkit.figures.poses import parse_illustration  # noqa: E402


def blocks() -> list[str]:
    found = []
    for folder in (ROOT / "content" / "exercises", ROOT / "tests" / "fixtures" / "figures" / "exercises"):
        for path in sorted(folder.glob("*.md")):
            if path.stem.count(".") == 0:
                front = path.read_text(encoding="utf-8").split("---")[1]
                found.append(front[front.index("illustration:"):])
    return found


def varied(block: str, n: int) -> str:
    """The block with its captions numbered, and each joint angle it gives as one number moved by
    up to 1.5°, differently for each n: every figure is new to the solver's memory, to the
    layout's and to the build cache, as 900 different exercises would be."""
    block = re.sub(r"caption: (.*)", lambda m: f"caption: {m[1]} {n}", block, count=1)
    count = iter(range(1000))

    def moved(m: re.Match) -> str:
        i = next(count)
        return f"{m[1]}{int(m[2]) + random.Random(f'{n} {i}').randint(-3, 3) / 2:g}"

    return re.sub(r"(\b(?:trunk|hip|knee|ankle|shoulder|elbow|left|right): )(-?\d+)\b", moved, block)


def drawable(count: int) -> list[str]:
    """`count` varied blocks that check passes (a varied angle a contact cannot take is left out)."""
    sources, found, n = blocks(), [], 0
    while len(found) < count:
        text = varied(sources[n % len(sources)], n)
        errors: list = []
        if parse_illustration(parse_yaml(text, "bench.md", errors, 1)["illustration"], "bench.md", 1, errors):
            found.append(text)
        n += 1
    return found


def in_builds(count: int) -> None:
    """Cold builds (no cache) of bench/run.py's tree without pictures and with one in every
    exercise, and with a picture each, a build after one exercise's text is edited."""
    import tempfile

    from run import edit, make_tree, timed_build
    pictures = drawable(count)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        plain, drawn = folder / "plain", folder / "drawn"
        make_tree(plain, count, 20, 0)
        make_tree(drawn, count, 20, 0)
        for n, block in enumerate(pictures):
            path = drawn / "exercises" / f"ex-{n}.md"
            head, rest = path.read_text().split("---\n", 2)[1:]
            path.write_text(f"---\n{head}{block.rstrip()}\n---\n{rest}")
        without = statistics.median(timed_build(plain, folder / f"o{n}", cache=False)[0] for n in range(3))
        cold = statistics.median(timed_build(drawn, folder / f"d{n}", cache=False)[0] for n in range(3))
        timed_build(drawn, folder / "kept", cache=True)
        edit(drawn / "exercises" / "ex-7.md", 99)
        one_edit = timed_build(drawn, folder / "kept", cache=True)[0]
    print(f"{count} exercises, cold build without pictures {without:.2f} s, with a picture each {cold:.2f} s "
          f"(pictures {cold - without:.2f} s, {100 * (cold - without) / cold:.0f} % of it); "
          f"one exercise edited afterwards {one_edit:.3f} s")


def main() -> None:
    if "--build" in sys.argv:
        sys.argv.remove("--build")
        in_builds(int(sys.argv[1]) if len(sys.argv) > 1 else 900)
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 900
    sources = blocks()
    timings, reading, sizes, refused = [], [], [], []
    for n in range(count):
        text = varied(sources[n % len(sources)], n)
        began = time.perf_counter()
        errors: list = []
        data = parse_yaml(text, "bench.md", errors, 1)
        illustration = parse_illustration(data["illustration"], "bench.md", 1, errors)
        read = time.perf_counter()
        if illustration is None:  # a varied angle that a contact cannot take: counted apart
            refused.append(read - began)
            continue
        stills = draw(illustration, f"s{n}")
        moving = animate(illustration, f"m{n}", "moving")
        timings.append(time.perf_counter() - began)
        reading.append(read - began)
        sizes.append(len(moving.encode()))
        assert len(stills) == len(illustration.frames)
    print(f"{len(timings)} figures in {sum(timings):.2f} s (reading and checking {sum(reading):.2f} s, drawing "
          f"{sum(timings) - sum(reading):.2f} s): median {1000 * statistics.median(timings):.1f} ms, "
          f"slowest {1000 * max(timings):.0f} ms; moving SVG median {statistics.median(sizes) / 1024:.1f} KB, "
          f"largest {max(sizes) / 1024:.1f} KB ({len(refused)} varied blocks refused by check, "
          f"{sum(refused):.2f} s with their advice)")


if __name__ == "__main__":
    main()
