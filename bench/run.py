"""Benchmark: build synthetic content trees and report wall times and memory. Never part of the tests.

    .venv/bin/python bench/run.py              all sizes (a few minutes)
    .venv/bin/python bench/run.py --quick      300 exercises + 1,000 patients only
    .venv/bin/python bench/run.py --size 900,0 one size

For each size, in the same run and each in a fresh process: the floor script (bench/floor.py),
Hugo's full build of the same pages (when `hugo` is installed: apt-get install hugo), a cold build
(no cache), a warm build (nothing changed; the build's own time, and the whole process from
start to exit), a build after one exercise is edited, the dev server's edit-to-served time (a real
HTTP client polling the edited exercise's page), and the peak memory of the cold build.
"""
import argparse
import os
import platform
import queue
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZES = [(300, 0), (300, 1000), (300, 10000), (900, 0), (900, 1000), (900, 10000)]


def make_tree(root: Path, exercises: int, programs: int, patients: int) -> None:
    rng = random.Random(7)  # the same tree every run
    for folder in ("conditions", "exercises", "programs", "patients"):
        (root / folder).mkdir(parents=True)
    (root / "site.yaml").write_text("clinic: Bench Clinic\nphone: 0100 000 000\n")
    (root / ".sheet-salt").write_text("bench-salt-0123456789\n")
    (root / "conditions" / "c.md").write_text(
        "---\ntitle: A condition\nreferences: [A ref.]\n---\n## What it is\n\nText.\n")
    body = "\n".join(f"## Section {n}\n\nSome words about this part of the exercise. " * 3 + "\n\n1. One\n2. Two\n"
                     for n in range(4))
    for n in range(exercises):
        kind = rng.choice(["isometric", "isotonic", "stretch"])
        (root / "exercises" / f"ex-{n}.md").write_text(
            f"---\ntitle: Exercise {n}\nkind: {kind}\ndose: {{reps: {rng.randint(3, 12)}, hold: 30s}}\n"
            f"cues: [Keep it slow., Breathe.]\ncautions: [Stop if it hurts.]\n---\n{body}\nExercise {n}.\n")
    for n in range(programs):
        phases = []
        for p in range(3):
            chosen = rng.sample(range(exercises), 5)
            items = "\n".join(f"      - ex-{c}" for c in chosen)
            phases.append(f"  - name: Phase {p + 1}\n    dose: {{per_day: 2-3}}\n    exercises:\n{items}\n"
                          f"    avoid: [running]\n    move_on_when: [no pain]")
        (root / "programs" / f"prog-{n}.yaml").write_text(
            f"title: Program {n}\ncondition: c\npain: {{acceptable_up_to: 5, points: [Rest if it flares.]}}\n"
            "phases:\n" + "\n".join(phases) + "\n")
    for n in range(patients):
        (root / "patients" / f"patient-{n}.yaml").write_text(
            f"name: Patient {n}\nprogram: prog-{n % programs}\nphase: {n % 3 + 1}\nstart: 2026-01-05\n"
            f"review: 2026-02-02\nnotes: Keep going.\n")


BUILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
from hepkit.pipeline import build
import hepkit.content.load, hepkit.site.render, hepkit.validate  # imported before the clock, as floor.py does
started = time.perf_counter()
result = build({content!r}, {output!r}, use_cache={cache})
seconds = time.perf_counter() - started
print(seconds, result.pages, len(result.changed), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_build(content: Path, output: Path, cache: bool) -> tuple[float, int, int, int]:
    """One build in a fresh process: (seconds, pages, pages written, peak memory in KiB)."""
    code = BUILD.format(root=str(ROOT), content=str(content), output=str(output), cache=cache)
    line = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return float(line[0]), int(line[1]), int(line[2]), int(line[3])


def hugo(content: Path, folder: Path) -> float | None:
    """Hugo's full build of the same exercise and patient pages (Markdown through one template each),
    the whole process timed; None when Hugo is not installed."""
    if shutil.which("hugo") is None:
        return None
    site = folder / "hugo"
    for kind in ("exercises", "sheets"):
        (site / "content" / kind).mkdir(parents=True)
    for path in (content / "exercises").glob("*.md"):
        (site / "content" / "exercises" / path.name).write_text(path.read_text())
    for path in (content / "patients").glob("*.yaml"):
        (site / "content" / "sheets" / f"{path.stem}.md").write_text(f"---\n{path.read_text()}---\nYour exercises.\n")
    (site / "layouts" / "_default").mkdir(parents=True)
    for name in ("single", "list"):
        (site / "layouts" / "_default" / f"{name}.html").write_text(
            "<!doctype html><title>{{ .Title }}</title>{{ .Content }}{{ range .Pages }}<a href='{{ .RelPermalink }}'>"
            "{{ .Title }}</a>{{ end }}")
    (site / "config.toml").write_text('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    started = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(folder / "hugo-out")], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def whole_process(content: Path, output: Path) -> float:
    """`build.py` from start to exit, as a physio runs it."""
    started = time.perf_counter()
    subprocess.run([PYTHON, str(ROOT / "build.py"), "--content", str(content), "--output", str(output)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def floor(content: Path, folder: Path) -> float:
    out = subprocess.run([PYTHON, str(ROOT / "bench" / "floor.py"), str(content), str(folder / "floor")],
                         check=True, capture_output=True, text=True).stdout
    return float(out)


def edit(path: Path, n: int) -> str:
    text = path.read_text()
    title = f"Exercise edited {n}"
    path.write_text(text.replace(text.split("\n")[1], f"title: {title}", 1))
    return title


def serve_latency(content: Path, folder: Path, edits: int = 7) -> tuple[float, float]:
    """Medians of 7 saves of an exercise: from the save to the server serving its page with the
    change, and the whole rebuild that follows (as serve prints it). Each save waits for the
    previous rebuild to finish, as a physio reading the page would."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([PYTHON, str(ROOT / "build.py"), "serve", "--port", str(port), "--content",
                                str(content), "--output", str(folder / "served")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rebuilt: queue.Queue = queue.Queue()  # the seconds of each "Rebuilt in 1.23 s" line serve prints
    threading.Thread(target=lambda: [rebuilt.put(float(line.split()[2])) for line in process.stdout
                                     if line.startswith("Rebuilt in ")], daemon=True).start()
    url = f"http://127.0.0.1:{port}/exercises/ex-5.html"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError as error:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("serve did not start") from error
                time.sleep(0.05)
        rebuilt.get(timeout=300)  # the first build's line
        served, whole = [], []
        for n in range(edits):
            time.sleep(0.3)
            started = time.perf_counter()
            title = edit(content / "exercises" / "ex-5.md", n)
            while title not in urllib.request.urlopen(url, timeout=5).read().decode():
                time.sleep(0.002)
            served.append(time.perf_counter() - started)
            whole.append(rebuilt.get(timeout=300))
        return statistics.median(served), statistics.median(whole)
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(exercises: int, patients: int, programs: int = 20) -> dict:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        content, output = folder / "content", folder / "output"
        make_tree(content, exercises, programs, patients)
        figures = {"floor": floor(content, folder), "hugo": hugo(content, folder)}
        figures["cold"], pages, _, figures["memory"] = timed_build(content, folder / "cold", cache=False)
        timed_build(content, output, cache=True)
        time.sleep(2.5)  # pages just written are hashed again (their times cannot be trusted yet)
        figures["warm"], _, written, _ = timed_build(content, output, cache=True)
        figures["warm process"] = whole_process(content, output)
        assert written == 0
        edit(content / "exercises" / "ex-7.md", 99)
        figures["one edit"], _, figures["edit pages"], _ = timed_build(content, output, cache=True)
        figures["serve"], figures["serve whole"] = serve_latency(content, folder)
        figures["pages"] = pages
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 exercises + 1,000 patients only")
    parser.add_argument("--size", metavar="EXERCISES,PATIENTS", help="one size only, e.g. 900,0")
    args = parser.parse_args()
    sizes = [(300, 1000)] if args.quick else SIZES
    if args.size:
        sizes = [tuple(int(n) for n in args.size.split(","))]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| exercises + patients | pages | floor | Hugo | cold (× floor) | warm (× cold) | warm, whole process "
          "(× Hugo) | one exercise edited (pages) | serve: edit → served (× cold) | serve: the whole rebuild after "
          "it | peak memory, cold |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for exercises, patients in sizes:
        f = measure(exercises, patients)
        hugo_s = f"{f['hugo']:.2f} s" if f["hugo"] else "–"
        versus = f" ({f['warm process'] / f['hugo']:.2f}×)" if f["hugo"] else ""
        print(f"| {exercises} + {patients:,} | {f['pages']:,} | {f['floor']:.2f} s | {hugo_s} | {f['cold']:.2f} s "
              f"({f['cold'] / f['floor']:.2f}×) | {f['warm']:.3f} s ({f['warm'] / f['cold']:.2f}×) | "
              f"{f['warm process']:.2f} s{versus} | "
              f"{f['one edit']:.3f} s ({f['edit pages']}) | "
              f"{f['serve'] * 1000:.0f} ms ({f['serve'] / f['cold']:.3f}×) | {f['serve whole']:.2f} s | "
              f"{f['memory'] / 1024:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
