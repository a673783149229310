"""The pose studio over a real `serve`: drawn by the build's own code, saved into the exercise
file and nowhere else, only for this server's own pages, and never part of output/."""
import json
import shutil
import urllib.error
import urllib.request

import pytest

from tests.conftest import ARTIFACTS, FIXTURES, open_page
from tests.test_serve import eventually, get, serving

pytestmark = pytest.mark.slow


@pytest.fixture
def studio(tmp_path, monkeypatch):
    """serve on a copy of the figure fixtures: (base URL, content folder, output folder)."""
    shutil.copytree(FIXTURES / "figures", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    with serving(tmp_path) as base:
        yield base, tmp_path / "content", tmp_path / "output"


def post(url: str, data: dict, origin: str | None) -> tuple[int, dict | str]:
    request = urllib.request.Request(url, data=json.dumps(data).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **({"Origin": origin} if origin else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def outside_block(text: str) -> list[str]:
    """The file's lines other than the illustration block."""
    lines = text.split("\n")
    start = lines.index("illustration:")
    end = lines.index("---", start)
    return lines[:start] + lines[end:]


def test_only_this_servers_pages_may_change_a_file(studio):
    base, content, _ = studio
    original = (content / "exercises" / "wall-sit.md").read_bytes()
    block = {"frames": [{"base": "standing"}, {"base": "standing", "knee": 30}]}
    for origin in ("http://evil.example", None, "http://127.0.0.1:1"):
        status, _ = post(f"{base}/_studio/api/save", {"id": "wall-sit", "illustration": block}, origin)
        assert status == 403
    request = urllib.request.Request(f"{base}/_studio/api/exercises", headers={"Host": "studio.evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403  # DNS rebinding: another name pointed at 127.0.0.1
    status, answer = post(f"{base}/_studio/api/save", {"id": "../site", "illustration": block}, base)
    assert status == 404  # only exercises, by id, never a path
    assert (content / "exercises" / "wall-sit.md").read_bytes() == original


def test_a_frame_that_cannot_be_right_is_said_in_checks_words_and_not_saved(studio):
    base, content, _ = studio
    original = (content / "exercises" / "seated-knee-extension.md").read_bytes()
    block = {"props": ["chair"], "frames": [{"base": "sitting"}, {
        "base": "sitting", "contacts": ["pelvis on chair", "feet on floor"], "knee": 40, "hip": 90, "ankle": 0}]}
    status, answer = post(f"{base}/_studio/api/save", {"id": "seated-knee-extension", "illustration": block}, base)
    assert status == 200 and not answer["ok"]
    assert answer["errors"][0].startswith("content/exercises/seated-knee-extension.md:")
    assert "this frame's contacts cannot all hold: the balls of both feet are 30 cm above the floor" in answer["errors"][0]
    assert "bend both knees about 45° more" in answer["errors"][0]
    assert (content / "exercises" / "seated-knee-extension.md").read_bytes() == original


def test_move_a_slider_save_and_undo_in_chromium(browser, studio):
    base, content, output = studio
    path = content / "exercises" / "bird-dog.md"
    exercise = path.stem
    original = path.read_bytes()
    figures = get(base + "/figures.html")[1]
    assert 'href="/_studio/"' in figures  # linked while serving
    page, requests = open_page(browser, f"{base}/_studio/?exercise={exercise}", 1280, 900)
    page.wait_for_selector("#figure svg")
    controls, picture = page.locator(".controls").bounding_box(), page.locator(".picture").bounding_box()
    for box in page.locator("#joints input").all():  # every slider and number box is in the controls,
        edge = box.bounding_box()                      # none under the picture
        assert edge["x"] + edge["width"] <= min(controls["x"] + controls["width"], picture["x"]) + 0.5, edge
    page.click("#frames button:nth-child(2)")
    page.wait_for_function("() => document.querySelector('#frames button[aria-pressed=true]').textContent === 'Reach out'")
    page.wait_for_timeout(500)  # the frame's own drawing arrives
    before = page.inner_html("#figure")
    arm = page.locator('tr[data-joint="shoulder"] input[type=range]').first
    arm.fill("60")  # the reaching hand would go into the floor: said in place, in check's words
    page.wait_for_function("() => document.querySelector('#errors').textContent.includes('inside the floor')")
    assert "content/exercises/bird-dog.md:11: this frame cannot be drawn as it is: the left hand would be" in \
        page.inner_text("#errors")
    arm.fill("150")
    page.wait_for_function("(before) => document.querySelector('#figure').innerHTML !== before", arg=before)
    page.wait_for_function("() => document.querySelector('#errors').textContent === ''")
    page.screenshot(path=str(ARTIFACTS / "studio.png"))
    page.click("#save")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('Saved')")
    saved = path.read_text()
    assert "shoulder: {left: 150, right: 90}" in saved
    assert outside_block(saved) == outside_block(original.decode())  # nothing else in the file changed
    page.click("#undo")
    page.wait_for_function("() => document.querySelector('#status').textContent.startsWith('The earlier')")
    assert path.read_bytes() == original  # the earlier block, byte for byte
    assert all(url.startswith(base) for url in requests)
    page.context.close()
    eventually(lambda: (output / "figures.html").exists(), bool)
    for built in output.rglob("*"):
        if built.is_file() and built.suffix in (".html", ".js", ".css", ".json"):
            assert "_studio" not in built.read_text(encoding="utf-8", errors="replace"), built


def test_on_a_phone_the_figure_stays_in_sight_while_the_joints_move(browser, studio):
    """At 390 px the controls came first and the figure last, below twenty rows of joints, and the
    joints table ran off the right edge: a slider's effect could not be seen. On a narrow screen the
    figure now comes first and stays at the top as the joints scroll past, and the table fits."""
    base, _, _ = studio
    page, _ = open_page(browser, f"{base}/_studio/?exercise=bird-dog")
    page.wait_for_selector("#figure svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("#figure").bounding_box()["y"] < page.locator("#exercise").bounding_box()["y"]
    knee = page.locator('tr[data-joint="knee"] input[type=range]').first
    knee.scroll_into_view_if_needed()
    figure = page.locator("#figure svg").bounding_box()
    assert figure["y"] >= 0 and figure["y"] + figure["height"] <= page.locator('tr[data-joint="knee"]').bounding_box()["y"]
    for box in page.locator("#joints input").all():
        edge = box.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= 390, edge
    before = page.inner_html("#figure")
    knee.fill("60")
    page.wait_for_function("(before) => document.querySelector('#figure').innerHTML !== before", arg=before)
    page.screenshot(path=str(ARTIFACTS / "studio-phone.png"))
    page.context.close()
