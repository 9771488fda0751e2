"""The real dashboard on loopback, driven by Debian's chromium through Playwright.

Every request that would leave loopback is aborted and recorded; a test fails if any
was made, or if the page logged an error.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page

from live import CHROMIUM_ARGS, ROOT, Guard, start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, url = start_server(ROOT / "dashboard.py")
    try:
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 1100},
        "accept_downloads": True,
    }


@pytest.fixture
def guard(context: BrowserContext) -> Iterator[Guard]:
    watch = Guard()
    context.route("**/*", watch.route)
    yield watch
    assert watch.outside == [], f"requests left loopback: {watch.outside}"
    assert watch.errors == [], f"page errors: {watch.errors}"
    assert watch.dialogs == [], f"dialogs opened: {watch.dialogs}"


@pytest.fixture
def watched_page(page: Page, guard: Guard) -> Page:
    page.on("pageerror", lambda error: guard.errors.append(str(error)))
    page.on(
        "console",
        lambda msg: guard.errors.append(msg.text) if msg.type == "error" else None,
    )

    def on_dialog(dialog) -> None:
        guard.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page
