"""What docs/patient-log.md says of a sheet opened from file:// in Chromium, checked with a real
browser profile on disk: the log outlives the browser. A module of its own, because it starts
its own Playwright (a persistent profile) and cannot run beside another module's browser."""
import datetime
import shutil

import pytest

from tests.test_handover_browser import clinic, sheet_of  # noqa: F401 (a fixture)


@pytest.mark.browser
@pytest.mark.parametrize("clinic", ["shipped"], indirect=True)
def test_a_sheet_opened_from_a_file_keeps_its_log_when_the_browser_is_closed_and_opened_again(clinic, cli):  # noqa: F811
    """A copy of the sheet in another folder (a second download) finds the same log: Chromium keeps
    one storage for local files, and each sheet keys its own part by its code."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM
    folder, patient, start = clinic
    sheet = sheet_of(folder, patient, cli)
    copy = folder / "Downloads" / sheet.name
    copy.parent.mkdir()
    shutil.copy(sheet, copy)
    when = datetime.datetime.combine(start, datetime.time(9))
    with sync_playwright() as playwright:
        for run, url in enumerate((sheet.as_uri(), sheet.as_uri(), copy.as_uri())):
            context = playwright.chromium.launch_persistent_context(
                str(folder / "profile"), executable_path=CHROMIUM, args=["--no-sandbox"],
                viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.clock.install(time=when)
            page.goto(url)
            pain = page.locator('[data-check="during"] [data-pain="4"]')
            if run == 0:
                pain.click()
            assert pain.get_attribute("aria-pressed") == "true", f"run {run}: the log was not kept"
            context.close()
