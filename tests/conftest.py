import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from hepkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
NO_CHROMIUM = f"Chromium is not installed at {CHROMIUM}: browser tests skipped (apt-get install chromium)"


def make_tree(content: Path, exercises: int, programs: int, patients: int) -> None:
    """bench/run.py's synthetic content tree (bench/ is a folder of scripts, not a package)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("hepkit_bench", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.make_tree(content, exercises=exercises, programs=programs, patients=patients)


def pytest_report_header(config):
    return None if Path(CHROMIUM).exists() else NO_CHROMIUM


def pytest_collection_modifyitems(config, items):
    """Every test that opens Chromium is a `browser` test (and one on the big tree a `slow` one).
    Without Chromium they are skipped, with one reason, except under CI (CI=true), where a missing
    browser must fail the run."""
    missing = not Path(CHROMIUM).exists() and os.environ.get("CI") != "true"
    for item in items:
        if "big" in getattr(item, "fixturenames", ()):  # a tree of 40 exercises and 30 patients, built often
            item.add_marker(pytest.mark.slow)
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A writable copy of the minimal content tree at ./content, with the working folder in tmp_path.

    Messages then show paths exactly as a physio sees them: content/exercises/wall-sit.md:3: ...
    """
    shutil.copytree(FIXTURES / "minimal", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


@pytest.fixture
def cli(capsys):
    """Run the command line in-process (it names itself `hepkit` then); returns (exit status, stdout, stderr)."""
    def run(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # a usage error or --help, as the shell would see it
            code = stop.code
        out, err = capsys.readouterr()
        return code, out, err
    return run


def snapshot(folder: Path) -> dict:
    """Every file under folder with its bytes, to prove nothing changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """The shipped content/ built once into a temporary output folder; returns that folder."""
    from hepkit.pipeline import build
    output = tmp_path_factory.mktemp("shipped") / "output"
    build(ROOT / "content", output)
    return output


def shipped_sheet(output: Path, patient_id: str) -> Path:
    from hepkit.pipeline import check
    from hepkit.site.paths import sheet_name
    return output / sheet_name(check(ROOT / "content").site, patient_id)


def found(paths, expected: int) -> list[Path]:
    """The files a test goes through, and there are as many as it expects: a check over no files
    passes whatever the code does."""
    paths = sorted(paths)
    assert len(paths) == expected, f"expected {expected} files, found {len(paths)}: {[p.name for p in paths]}"
    return paths


def sheet_files(output: Path) -> list[Path]:
    """The patients' sheets in output/sheets/ (not its index page, which lists none of them, nor the
    reminders file beside each sheet)."""
    return sorted(p for p in (output / "sheets").glob("*.html") if p.name != "index.html")


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    import html as html_lib
    import re
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|b|i|a|span|code|abbr|bdi)\b[^>]*>", "", html)  # inline: no gap
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def cards(html: str) -> list[str]:
    """The text of each exercise card on a page, in order."""
    import re
    return [text_of(part) for part in re.findall(r'<article class="exercise".*?</article>', html, flags=re.S)]


def section(html: str, element_id: str) -> str:
    """The HTML of the <section id=...> with that id (sections of that kind do not nest)."""
    start = html.index(f'id="{element_id}"')
    return html[start:_section_end(html, start)]


def _section_end(html: str, start: int) -> int:
    depth, position = 1, start
    while depth:
        opening = html.find("<section", position)
        closing = html.find("</section>", position)
        if opening != -1 and opening < closing:
            depth, position = depth + 1, opening + 8
        else:
            depth, position = depth - 1, closing + 10
    return position


# --- Real headless Chromium (Debian's chromium, driven by Playwright; no browser download) ------

ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots and PDFs to look at (git-ignored)


@pytest.fixture(scope="session")
def site(shipped):
    """The shipped output served from 127.0.0.1, so every request the page makes is visible."""
    handler = functools.partial(QuietHandler, directory=str(shipped))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = {
        "index": "/index.html",
        "handout": "/handouts/proximal-hamstring-tendinopathy.html",
        "exercise": "/exercises/single-leg-bridge.html",
        "figures": "/figures.html",
        "sheet-sam": "/" + shipped_sheet(shipped, "sam-example").relative_to(shipped).as_posix(),
        "sheet-jordan": "/" + shipped_sheet(shipped, "jordan-example").relative_to(shipped).as_posix(),
        "sheet-ana": "/" + shipped_sheet(shipped, "ana-example").relative_to(shipped).as_posix(),
        "handout-es": "/handouts/proximal-hamstring-tendinopathy.es.html",
        "exercise-es": "/exercises/single-leg-bridge.es.html",
    }
    yield base, pages
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")  # not longer: Playwright's running event loop would stop asyncio.run elsewhere
def browser():
    from playwright.sync_api import sync_playwright
    assert Path(CHROMIUM).exists(), NO_CHROMIUM.replace("skipped", "cannot run")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


def open_page(browser, url, width=390, height=844, **options):
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return page, requests
