"""What drawing the figures costs: 900 illustrations (the shipped and fixture blocks, each varied a
little so none is the same), each read and checked (contacts solved) and drawn as still frames
and as the moving figure, as a cold build does. Prints the figures; asserts nothing.

    .venv/bin/python bench/figures.py [count]
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    """The block with its captions numbered, and one knee or hip a degree or two different, so
    every figure is new to the solver's memory and to the build cache."""
    block = re.sub(r"caption: (.*)", lambda m: f"caption: {m[1]} {n}", block, count=1)
    return re.sub(r"(\bknee: )(\d+)\b", lambda m: f"{m[1]}{int(m[2]) + n % 3}", block, count=1)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 900
    sources = blocks()
    timings, sizes = [], []
    start = time.perf_counter()
    for n in range(count):
        text = varied(sources[n % len(sources)], n)
        began = time.perf_counter()
        errors: list = []
        data = parse_yaml(text, "bench.md", errors, 1)
        illustration = parse_illustration(data["illustration"], "bench.md", 1, errors)
        if illustration is None:  # a varied knee that a contact cannot take: draw the next one instead
            continue
        stills = draw(illustration, f"s{n}")
        moving = animate(illustration, f"m{n}", "moving")
        timings.append(time.perf_counter() - began)
        sizes.append(len(moving.encode()))
        assert len(stills) == len(illustration.frames)
    total = time.perf_counter() - start
    print(f"{len(timings)} figures in {total:.2f} s: median {1000 * statistics.median(timings):.1f} ms, "
          f"slowest {1000 * max(timings):.0f} ms; moving SVG median {statistics.median(sizes) / 1024:.1f} KB, "
          f"largest {max(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
