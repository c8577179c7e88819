"""Headless Chromium (Debian's) driven by Playwright against the live app, with axe-core checks."""

import io
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here
# are ordinary blocking calls, which Django would otherwise refuse in that context.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
TIMEOUT_MS = 10_000

# Assertions wait as long as actions do: with the suite spread over every CPU, a round trip to
# the live server can take longer than Playwright's default of five seconds.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, live_server, monkeypatch):
    """The demo partnership loaded into the live server's database."""
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "board-demo-2026")
    call_command("load_demo", stdout=io.StringIO())
    return live_server


@pytest.fixture
def page(browser, demo):
    context = browser.new_context(base_url=demo.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def sign_in(page, username, password="board-demo-2026"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


_axe = Axe()
# axe-core leaves WCAG 2.2's target size check (2.5.8, 24 by 24 pixels) off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def assert_accessible(page, name=None):
    """No serious or critical axe-core violation (WCAG 2.2 AA rules) on the page as it is now."""
    results = _axe.run(page, options=AXE_OPTIONS)
    bad = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    if name:
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
        for v in bad
    )


def fill_date(scope, date: str):
    """Type an ISO date into the day, month and year boxes of a GOV.UK date input in `scope`."""
    year, month, day = date.split("-")
    scope.get_by_label("Day").fill(str(int(day)))
    scope.get_by_label("Month").fill(str(int(month)))
    scope.get_by_label("Year").fill(year)
