"""The dev server, for real: a subprocess serving on 127.0.0.1, an HTTP client and a websocket."""
import asyncio
import contextlib
import html
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tornado.websocket import websocket_connect

from tests.conftest import ROOT, sheet_files

PATIENT_ERROR = "content/patients/pat.yaml:7: reps must be at least 1, not 0 — give a number of 1 or more for reps"

pytestmark = pytest.mark.slow  # a real server in a subprocess for each test


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def eventually(read, wanted, limit: float = 30.0):
    """Poll `read()` until `wanted(value)`; fail (not time anything) if it never happens."""
    deadline = time.monotonic() + limit
    while True:
        value = read()
        if wanted(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened; last value: {value!r}"[:2000])
        time.sleep(0.2)


# build.py serve, with Python's faulthandler set to print every thread's stack on SIGUSR1: a server
# that does not stop when told shows where it is stuck instead of only timing out
SERVE = ("import faulthandler, runpy, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
         "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")


@contextlib.contextmanager
def serving(folder):
    """`build.py serve` run in `folder` (which holds content/), up and answering: its base URL.
    Its output goes to a file, not a pipe nobody reads (a full pipe would stop the server)."""
    port = free_port()
    log = open(Path(folder) / "serve.log", "w+")
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(ROOT / "build.py"), "serve", "--port", str(port)],
                               cwd=folder, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            return get(base + "/")[0] == 200
        except OSError:
            return process.poll() is not None
    try:
        eventually(up, bool)
        assert process.poll() is None, Path(log.name).read_text()
        yield base
    finally:  # a server that never came up is stopped too
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGUSR1)
            time.sleep(1)
            process.kill()
            process.wait()
            raise AssertionError("serve did not stop within 10 s of SIGTERM; its output and stacks:\n"
                                 + Path(log.name).read_text()[-6000:]) from None
        finally:
            log.close()


@pytest.fixture
def server(tree):
    with serving(tree.parent) as base:
        yield base


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_serves_pages_with_reload_script_but_files_stay_clean(server, tree):
    status, page = get(server + "/exercises/wall-sit.html")
    assert status == 200 and "<h1" in page and "Wall sit" in page
    assert "livereload.js" in page
    on_disk = (tree.parent / "output" / "exercises" / "wall-sit.html").read_text()
    assert "livereload" not in on_disk, on_disk[-300:]
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]
    built = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', on_disk)[1]
    # Served pages keep the build's policy; only livereload.js from this server and its socket are added.
    port = server.rsplit(":", 1)[1]
    assert html.unescape(policy) == html.unescape(built).replace(
        "; base-uri", " 'self'; base-uri", 1) + f"; connect-src ws://127.0.0.1:{port}"
    assert "unsafe-inline" not in html.unescape(policy).split("script-src", 1)[1]
    assert get(server + "/no-such-page.html")[0] == 404


def test_edit_rebuilds_error_shows_in_page_and_fix_brings_it_back(server, tree):
    edit(tree / "exercises" / "wall-sit.md", "title: Wall sit", "title: Wall squat hold")
    eventually(lambda: get(server + "/exercises/wall-sit.html")[1], lambda page: "Wall squat hold" in page)
    # the edited page is written first and the rest after it: wait for the index too, or the next edit
    # can land before it and the "last good" index would still hold the old title
    eventually(lambda: get(server + "/index.html")[1], lambda page: "Wall squat hold" in page)

    edit(tree / "patients" / "pat.yaml", "reps: 10", "reps: 0")
    page = eventually(lambda: get(server + "/index.html")[1], lambda page: "hepkit-build-error" in page)
    assert PATIENT_ERROR in page
    assert "Wall squat hold" in page  # the last good pages are still served

    edit(tree / "patients" / "pat.yaml", "reps: 0", "reps: 12")
    eventually(lambda: get(server + "/index.html")[1], lambda page: "hepkit-build-error" not in page)
    sheet = sheet_files(tree.parent / "output")[0].name
    assert "3 sets of 12 reps" in get(f"{server}/sheets/{sheet}")[1]


def test_broken_template_is_shown_and_server_survives(server, tree, monkeypatch):
    # A content folder renamed away is an error in the page, and putting it back recovers.
    tree.rename(tree.parent / "content-moved")
    eventually(lambda: get(server + "/index.html")[1], lambda page: "the content folder does not exist" in page)
    (tree.parent / "content-moved").rename(tree)
    eventually(lambda: get(server + "/index.html")[1], lambda page: "hepkit-build-error" not in page)


def test_browser_is_told_to_reload_after_each_of_two_quick_edits(server, tree):
    async def scenario():
        socket_url = server.replace("http://", "ws://") + "/livereload"
        connection = await websocket_connect(socket_url)
        await connection.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        assert json.loads(await connection.read_message())["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": server + "/"}))
        reloads = []
        for title in ("First edit", "Second edit"):
            edit(tree / "exercises" / "wall-sit.md", "title: ", f"title: {title} ")
            while True:
                message = json.loads(await asyncio.wait_for(connection.read_message(), 30))
                if message["command"] == "reload":
                    reloads.append(message)
                    break
        connection.close()
        return reloads

    assert len(asyncio.run(scenario())) == 2
    page = get(server + "/exercises/wall-sit.html")[1]
    assert "Second edit First edit Wall sit" in page


@pytest.fixture
def app_copy(tree):
    """A copy of hepkit itself beside the content, so a test can break its templates."""
    app = tree.parent / "app"
    for part in ("hepkit", "templates", "static"):
        shutil.copytree(ROOT / part, app / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", app / "build.py")
    return app


def test_survives_half_written_file_deleted_file_and_broken_template(tree, app_copy):
    port = free_port()
    process = subprocess.Popen([sys.executable, str(app_copy / "build.py"), "serve", "--port", str(port)],
                               cwd=tree.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: _status(base), lambda status: status == 200)
        index = lambda: get(base + "/index.html")[1]  # noqa: E731

        patient = tree / "patients" / "pat.yaml"
        whole = patient.read_text()
        patient.write_text(whole[: whole.index("doses:") + 12])  # saved half-written
        page = eventually(index, lambda page: "hepkit-build-error" in page)
        assert "content/patients/pat.yaml:" in page
        patient.write_text(whole)
        eventually(index, lambda page: "hepkit-build-error" not in page)

        exercise = tree / "exercises" / "step-up.md"
        kept = exercise.read_text()
        exercise.unlink()
        page = eventually(index, lambda page: "hepkit-build-error" in page)
        assert 'there is no exercise "step-up"' in html.unescape(page)
        exercise.write_text(kept)
        eventually(index, lambda page: "hepkit-build-error" not in page)

        template = app_copy / "templates" / "index.html"
        good = template.read_text()
        template.write_text(good.replace("{% endblock %}", "{% endblok %}", 1))
        page = eventually(index, lambda page: "hepkit-build-error" in page)
        assert f"{app_copy / 'templates' / 'index.html'}:" in html.unescape(page) and "template error" in page
        template.write_text(good)
        eventually(index, lambda page: "hepkit-build-error" not in page)
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)


def _status(base):
    try:
        return get(base + "/")[0]
    except OSError:
        return None


def test_reload_socket_refuses_other_origins_and_reloads_only_changed_pages(server, tree):
    from tornado.httpclient import HTTPClientError, HTTPRequest

    socket_url = server.replace("http://", "ws://") + "/livereload"
    sheet = "/sheets/" + sheet_files(tree.parent / "output")[0].name

    async def browser_showing(page):
        connection = await websocket_connect(HTTPRequest(socket_url, headers={"Origin": server}))
        await connection.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        await connection.read_message()
        await connection.write_message(json.dumps({"command": "info", "url": server + page}))
        return connection

    async def next_reload(connection):
        while True:
            message = json.loads(await asyncio.wait_for(connection.read_message(), 30))
            if message["command"] == "reload":
                return message

    async def scenario():
        with pytest.raises(HTTPClientError) as refused:  # any other web page open in the physio's browser
            await websocket_connect(HTTPRequest(socket_url, headers={"Origin": "https://evil.example"}))
        assert refused.value.code == 403
        on_sheet, on_index = await browser_showing(sheet), await browser_showing("/")
        await asyncio.sleep(0.2)  # let the server read both "info" messages before the edits
        edit(tree / "patients" / "pat.yaml", "notes: Go gently.", "notes: Go very gently.")
        sheet_message = await next_reload(on_sheet)
        edit(tree / "exercises" / "wall-sit.md", "title: Wall sit", "title: Wall sit hold")
        index_message = await next_reload(on_index)  # the first it gets: the patient edit did not touch it
        page = get(server + "/index.html")[1]
        on_sheet.close()
        on_index.close()
        return sheet_message, index_message, page

    sheet_message, index_message, index_page = asyncio.run(scenario())
    assert sheet_message["path"] == "__livereload__" and "patients" not in json.dumps(sheet_message)
    assert "Wall sit hold" in index_page


@pytest.mark.parametrize("path", ["/%00", "/" + "a" * 5000, "/%252e%252e/%252e%252e/etc/passwd", "/../../etc/passwd"])
def test_odd_paths_are_not_found_never_an_error(server, path):
    status, page = get(server + path)
    assert status == 404 and "Traceback" not in page and "root:" not in page


@pytest.mark.parametrize("port, message", [
    ("70000", "python build.py: argument --port: '70000' is not a port: use a number from 1 to 65535, "
              "such as 8000"),
    ("busy", "Cannot serve on 127.0.0.1:{port}: address already in use — pass another port, for example --port {next}")])
def test_a_bad_or_busy_port_is_said_plainly(tree, port, message):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        chosen = str(busy) if port == "busy" else port
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", chosen],
                                cwd=tree.parent, capture_output=True, text=True, timeout=60)
    assert result.returncode == (2 if port == "70000" else 1) and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[0] == message.format(port=busy, next=busy + 1)


def test_a_theme_edit_is_served(server, tree):
    (tree / "theme" / "templates").mkdir(parents=True)
    (tree / "theme" / "templates" / "_contact.html").write_text('<footer class="contact"><p>Themed footer</p></footer>')
    eventually(lambda: get(server + "/index.html")[1], lambda page: "Themed footer" in page)


def test_a_translation_edit_is_served_on_the_patients_sheet(server, tree):
    from hepkit.pipeline import check
    from hepkit.site.paths import sheet_name
    (tree / "exercises" / "step-up.es.md").write_text("---\ntitle: Subir un escalón\n---\n## Pasos\n\n1. Suba.\n")
    edit(tree / "patients" / "pat.yaml", "notes: Go gently.", "notes: Con calma.\nlanguage: es")
    sheet = server + "/" + sheet_name(check(tree).site, "pat")
    eventually(lambda: get(sheet)[1], lambda page: "Subir un escalón" in page and '<html lang="es">' in page)
    edit(tree / "exercises" / "step-up.es.md", "Subir un escalón", "Subir a un escalón")
    eventually(lambda: get(sheet)[1], lambda page: "Subir a un escalón" in page)


def test_livereload_is_customised_through_its_public_parts():
    """DevServer routes /livereload to our socket without replacing anything of livereload's: its
    own handler accepts any origin, ours refuses another site's page."""
    import livereload.handlers
    import livereload.server
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

    from hepkit.serve import DevServer, DevWatcher

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [b"<!doctype html><html><head><title>t</title></head><body>page</body></html>"]

    port = free_port()
    base, socket_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/livereload"

    async def scenario():
        listening = DevServer(app=app, watcher=DevWatcher()).application(port, "127.0.0.1")
        try:
            page = (await AsyncHTTPClient().fetch(base + "/")).body.decode()
            script = (await AsyncHTTPClient().fetch(base + "/livereload.js")).body.decode()
            with pytest.raises(HTTPClientError) as refused:
                await websocket_connect(HTTPRequest(socket_url, headers={"Origin": "https://evil.example"}))
            connection = await websocket_connect(HTTPRequest(socket_url, headers={"Origin": base}))
            await connection.write_message(json.dumps({"command": "hello", "protocols": [
                "http://livereload.com/protocols/official-7"]}))
            hello = json.loads(await connection.read_message())
            connection.close()
            return page, script, refused.value.code, hello
        finally:
            listening.stop()

    page, script, refused, hello = asyncio.run(scenario())
    assert f'<script src="/livereload.js?port={port}"></script></head>' in page
    assert "LiveReload" in script and refused == 403 and hello["command"] == "hello"
    assert livereload.server.LiveReloadHandler is livereload.handlers.LiveReloadHandler
    assert livereload.handlers.LiveReloadHandler.DEFAULT_RELOAD_TIME == 3


def test_serving_a_clinic_folder_does_not_rebuild_on_its_own_writes(tmp_path):
    """A clinic's folder (hepkit new site) holds its own output/ and cache: serve must not take what
    it writes there for an edit, or it rebuilds for ever."""
    from hepkit.cli import main
    assert main(["new", "site", str(tmp_path / "clinic")]) == 0
    clinic, port = tmp_path / "clinic", free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                               cwd=clinic, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = f"http://127.0.0.1:{port}/exercises/example-bridge-hold.html"
        eventually(lambda: _status(page), lambda status: status == 200)
        edit(clinic / "exercises" / "example-bridge-hold.md", "Glute bridge hold (example)", "Bridge hold (example)")
        eventually(lambda: get(page)[1], lambda text: "Bridge hold (example)" in text)
        record = clinic / "output" / ".hepkit-record.json"
        time.sleep(1.0)
        stamp = record.stat().st_mtime_ns
        time.sleep(1.5)  # quiet: nothing was edited, so nothing may be written
        assert record.stat().st_mtime_ns == stamp
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert out.count("Rebuilt in") == 2, out  # the first build and the edit


def test_serve_prints_its_own_lines_and_the_builds_warnings_once(tmp_path):
    """livereload's log lines ("Serving on ...", "Start watching changes", each 404) are hidden
    without --verbose; the warnings a build prints come once, not again on every rebuild."""
    shutil.copytree(ROOT / "content", tmp_path / "content", ignore=shutil.ignore_patterns(".sheet-salt"))
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: _answers(base + "/"), bool)
        assert _answers(base + "/not-here.html") is True  # a 404 answered
        page = tmp_path / "content" / "exercises" / "plank-leg-lifts.md"
        page.write_text(page.read_text().replace("title: ", "title: Edited ", 1))
        eventually(lambda: "Edited" in get(base + "/exercises/plank-leg-lifts.html")[1], bool)
    finally:
        process.terminate()
        out = process.communicate(timeout=10)[0]
    lines = out.splitlines()
    assert sum("warning: sheet_salt is the example's" in line for line in lines) == 1, out
    assert any(line.startswith(f"Serving {base}/") for line in lines), out
    assert len([line for line in lines if line.startswith("Rebuilt in ")]) >= 2, out
    assert not [line for line in lines if re.match(r"\[[IWE] \d", line)], out


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True
