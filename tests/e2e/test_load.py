"""Eight people at once: each sees the map of their own year and layers, and the
server's memory levels off instead of growing with every step."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from live import (
    IFRAME,
    ROOT,
    Guard,
    drawn_counts,
    expected_counts,
    start_server,
    stop_server,
    wait_for_map,
)

pytestmark = pytest.mark.e2e
SESSIONS = 8
ROUNDS = 45  # actions per session; a third of them toggle a layer
LABELS = {
    "places": "Places",
    "diaspora": "Diaspora size",
    "routes": "Migration routes",
    "events": "Events",
    "borders": "Borders",
}
KEYS = ("ArrowRight", "ArrowLeft", "PageUp", "PageDown", "ArrowRight")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def open_session(browser: Browser, url: str, guard: Guard, index: int) -> Page:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("pageerror", lambda error: guard.errors.append(f"{index}: {error}"))
    page.on(
        "console",
        lambda msg: (
            guard.errors.append(f"{index}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("dialog", lambda dialog: guard.dialogs.append(dialog.message))
    layers = list(LABELS)[: 2 + index % 4]
    page.goto(f"{url}?year={1900 + 11 * index}&layers={','.join(layers)}")
    return page


def act(page: Page, rng: random.Random) -> None:
    """One thing a person does: a slider step, or a layer ticked or unticked."""
    if rng.random() < 1 / 3:
        label = rng.choice(list(LABELS.values()))
        page.locator("[data-testid='stSidebar']").get_by_text(label, exact=True).click()
    else:
        page.get_by_role("slider", name="Year").press(rng.choice(KEYS))


def session_state(page: Page) -> tuple[int, list[str]]:
    year = int(page.get_by_role("slider", name="Year").get_attribute("aria-valuetext"))
    sidebar = page.locator("[data-testid='stSidebar']")
    layers = [
        name
        for name, label in LABELS.items()
        if sidebar.get_by_role("checkbox", name=label).is_checked()
    ]
    return year, layers


def test_eight_sessions_at_once_each_see_their_own_map(browser: Browser) -> None:
    proc, url = start_server(ROOT / "dashboard.py")
    guard = Guard()
    try:
        pages = [open_session(browser, url, guard, i) for i in range(SESSIONS)]
        for page in pages:
            wait_for_map(page)
        rng = random.Random(1937)
        memory = []
        for round_ in range(ROUNDS):
            for page in pages:
                act(page, rng)
            if round_ % 5 == 4:
                memory.append(rss_mb(proc.pid))
        for page in pages:
            page.wait_for_timeout(1500)
            wait_for_map(page)
        page.wait_for_timeout(1500)
        memory.append(rss_mb(proc.pid))
        for index, page in enumerate(pages):
            year, layers = session_state(page)
            assert page.get_by_role("heading", name=str(year), exact=True).count(), (
                index
            )
            drawn = drawn_counts(page)
            assert drawn == expected_counts(ROOT / "geodata", year, layers), (
                f"session {index} at {year} with {layers} drew {drawn}"
            )
            assert page.frame_locator(IFRAME).locator(".leaflet-pane").count() > 0
        print(f"server memory (MB) every 5 rounds of {SESSIONS} actions: {memory}")
        # Caches fill during the first rounds, then memory must level off.
        settled = memory[len(memory) // 3]
        assert max(memory[len(memory) // 3 :]) < settled * 1.15 + 20, memory
        assert guard.errors == [], guard.errors
        assert guard.dialogs == [] and guard.outside == []
    finally:
        stop_server(proc)
