"""Benchmark: build a synthetic content tree and report wall times. Never part of the tests.

    .venv/bin/python bench/run.py [--exercises 300] [--programs 20] [--patients 1000] [--repeat 3]
"""
import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hepkit.pipeline import build, check  # noqa: E402


def make_tree(root: Path, exercises: int, programs: int, patients: int) -> None:
    rng = random.Random(7)  # the same tree every run
    for folder in ("conditions", "exercises", "programs", "patients"):
        (root / folder).mkdir(parents=True)
    (root / "site.yaml").write_text("clinic: Bench Clinic\nphone: 0100 000 000\n")
    (root / ".sheet-salt").write_text("bench-salt-0123456789\n")
    (root / "conditions" / "c.md").write_text("---\ntitle: A condition\nreferences: [A ref.]\n---\n## What it is\n\nText.\n")
    body = "\n".join(f"## Section {n}\n\nSome words about this part of the exercise. " * 3 + "\n\n1. One\n2. Two\n"
                     for n in range(4))
    for n in range(exercises):
        kind = rng.choice(["isometric", "isotonic", "stretch"])
        (root / "exercises" / f"ex-{n}.md").write_text(
            f"---\ntitle: Exercise {n}\nkind: {kind}\ndose: {{reps: {rng.randint(3, 12)}, hold: 30s}}\n"
            f"cues: [Keep it slow., Breathe.]\ncautions: [Stop if it hurts.]\n---\n{body}")
    for n in range(programs):
        phases = []
        for p in range(3):
            chosen = rng.sample(range(exercises), 5)
            items = "\n".join(f"      - ex-{c}" for c in chosen)
            phases.append(f"  - name: Phase {p + 1}\n    dose: {{per_day: 2-3}}\n    exercises:\n{items}\n"
                          f"    avoid: [running]\n    move_on_when: [no pain]")
        (root / "programs" / f"prog-{n}.yaml").write_text(
            f"title: Program {n}\ncondition: c\npain: {{acceptable_up_to: 5, points: [OK up to 5.]}}\nphases:\n"
            + "\n".join(phases) + "\n")
    for n in range(patients):
        (root / "patients" / f"patient-{n}.yaml").write_text(
            f"name: Patient {n}\nprogram: prog-{n % programs}\nphase: {n % 3 + 1}\nstart: 2026-01-05\n"
            f"review: 2026-02-02\nnotes: Keep going.\n")


def timed(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exercises", type=int, default=300)
    parser.add_argument("--programs", type=int, default=20)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        content, output = Path(folder) / "content", Path(folder) / "output"
        make_tree(content, args.exercises, args.programs, args.patients)
        pages = len(build(content, output).files)  # warm-up, and the page count
        check_time = timed(lambda: check(content), args.repeat)
        build_time = timed(lambda: build(content, output), args.repeat)
        shipped = Path(__file__).resolve().parent.parent / "content"
        shipped_time = timed(lambda: build(shipped, Path(folder) / "shipped"), args.repeat)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"synthetic tree: {args.exercises} exercises, {args.programs} programs, {args.patients} patients")
    print(f"check: {check_time:.2f} s")
    print(f"build: {build_time:.2f} s for {pages} pages ({pages / build_time:.0f} pages/s)")
    print(f"shipped content build: {shipped_time * 1000:.0f} ms")


if __name__ == "__main__":
    main()
