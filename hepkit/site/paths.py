"""Where each page is written, relative to output/: the library's pages, a handout, an exercise
page, a sheet (named by a salted code) and a published address. Plain text work only, so that a
build with nothing changed can say where things are without loading the renderer."""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import urllib.parse

# Templates link with these and the `url` filter, which makes a link relative to the page it is on.
INDEX, FIGURES, SHEETS_INDEX = "index.html", "figures.html", "sheets/index.html"


def handout_path(program_id: str, language: str = "") -> str:
    return f"handouts/{program_id}.{language}.html" if language else f"handouts/{program_id}.html"


def exercise_path(exercise_id: str, language: str = "") -> str:
    return f"exercises/{exercise_id}.{language}.html" if language else f"exercises/{exercise_id}.html"


def public_address(site, path: str) -> str:
    """Where a library page is published (site.yaml's base_url), or "" when the site is not.
    Sheets are never given one: they are private and are sent, not published."""
    return f"{site.base_url.rstrip('/')}/{urllib.parse.quote(path)}" if site.base_url else ""


@functools.lru_cache(maxsize=256)  # the clinic's name, for every sheet
def _slug(text: str, longest: int = 24) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > longest:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "clinic"


def sheet_name(site, patient_id: str) -> str:
    """A sheet's file name: the clinic, then its code, so that the name says what the file is
    ("riverbend-physio-exercises-…") but neither the patient's name nor their file id can be read off it."""
    return f"sheets/{_slug(site.clinic)}-exercises-{sheet_code(site.sheet_salt, patient_id)}.html"


@functools.lru_cache(maxsize=65536)
def sheet_code(salt: str, patient_id: str) -> str:
    """A sheet's code: a salted hash of the patient file's id (the sheet's script keys its log by it)."""
    return hashlib.sha256(f"{salt}\0{patient_id}".encode()).hexdigest()[:16]
