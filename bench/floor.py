"""The floor: the least a Markdown + Jinja build can do. Reads each exercise's Markdown, converts
it with Python-Markdown, renders it into a one-line Jinja template and writes it.

    python bench/floor.py CONTENT OUTPUT      prints the seconds it took (imports not counted)
"""
import sys
import time
from pathlib import Path

import jinja2
import markdown

started = time.perf_counter()
content, output = Path(sys.argv[1]), Path(sys.argv[2])
output.mkdir(parents=True, exist_ok=True)
template = jinja2.Environment(autoescape=True).from_string("<!doctype html><title>{{ t }}</title>{{ body|safe }}")
md = markdown.Markdown()
for path in sorted((content / "exercises").glob("*.md")):
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[-1]
    html = md.reset().convert(body)
    (output / f"{path.stem}.html").write_text(template.render(t=path.stem, body=html), encoding="utf-8")
print(f"{time.perf_counter() - started:.4f}")
