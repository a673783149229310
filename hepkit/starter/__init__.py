"""`hepkit new site DIR`: a clinic's own folder, ready to build, with one example of each kind of
file (in English or Spanish) and a .gitignore that keeps patients, the salt and what is built out
of git. The files beside this module are its templates; `{name}` marks are filled in here."""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from ..files import create_file

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "es")


def new_site(folder: str, clinic: str, language: str, paper: str, command: str = "hepkit") -> int:
    target = Path(folder)
    if language not in LANGUAGES:
        print(f'hepkit has example content in {" and ".join(LANGUAGES)}, not "{language}" — use --language en or '
              "--language es (a site's language can be changed in site.yaml later)", file=sys.stderr)
        return 1
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"{folder} is not empty — pick a new folder name (hepkit new site my-clinic), or empty it first; "
              "nothing was written", file=sys.stderr)
        return 1
    today = datetime.date.today()
    fill = {"{clinic}": clinic, "{paper}": paper, "{language}": language, "{start}": today.isoformat(),
            "{review}": (today + datetime.timedelta(days=14)).isoformat()}
    files = {"site.yaml": HERE / "site.yaml", "README.md": HERE / "README.md", ".gitignore": HERE / "gitignore"}
    examples = HERE / language
    files.update({path.relative_to(examples).as_posix(): path
                  for path in sorted(examples.rglob("*")) if path.is_file()})
    for relative, source in files.items():
        text = source.read_text(encoding="utf-8")
        for mark, value in fill.items():
            text = text.replace(mark, json.dumps(value, ensure_ascii=False) if relative == "site.yaml" and
                                mark == "{clinic}" else value)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        create_file(path, text.encode("utf-8"), replace=False)
    print(f"Made a clinic folder in {folder}/ with an example of each file. Next:\n"
          f"    cd {folder} && {command} build\n"
          f"then open {folder}/output/index.html (the example patient's sheet is in output/sheets/).")
    return 0
