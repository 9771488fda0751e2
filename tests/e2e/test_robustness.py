"""Bad data, hostile text, odd URLs and odd clicking, in the real page.

Each test starts its own server on the data it needs; the guard fixture fails a test
on any page error, console error or dialog (an alert() from injected script).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from diaspora_atlas import load_atlas

from atlas_factory import ROWS, write_atlas
from live import (
    IFRAME,
    ROOT,
    drawn_counts,
    expected_counts,
    start_server,
    stop_server,
    wait_for_map,
)

pytestmark = pytest.mark.e2e
SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
HOSTILE = {
    "script": f"Alpha {SCRIPT}",
    "img": f"Beta {IMG} \"double\" 'single' `tick` ${{x}}",
    "template": "Gamma {{ 7*7 }} {% if %} {# c",
    "rtl": "\u202eRTL \u05e9\u05dc\u05d5\u05dd \u0627\u0644\u0633\u0644\u0627\u0645"
    " e\u0301\u0301\u0301",
    "long": "Long" + "o" * 400 + "name",
}


def hostile_rows() -> dict:
    rows = json.loads(json.dumps(ROWS))
    places = rows["places"]
    for place, text in zip(places, HOSTILE.values(), strict=False):
        place["name_en"] = text
        place["name_ru"] = text
    for event in rows["events"]:
        event["title"] = f"{SCRIPT}{IMG} {HOSTILE['template']}"
    for movement in rows["movements"]:
        movement["title"] = f"{IMG}{HOSTILE['rtl']}"
    for source in rows["sources"]:
        source["title"] = f"{SCRIPT} {HOSTILE['long']}"
    return rows


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    data = write_atlas(tmp_path_factory.mktemp("hostile"), hostile_rows())
    proc, url = start_server(ROOT / "dashboard.py", {"DIASPORA_ATLAS_DATA": str(data)})
    try:
        yield url, data
    finally:
        stop_server(proc)


def no_injected_elements(page: Page) -> None:
    frame = page.frame_locator(IFRAME)
    for where in (page, frame):
        assert where.locator("img[src='x']").count() == 0
        assert where.locator("script:text('alert')").count() == 0


def test_hostile_text_in_data_stays_text_in_the_dashboard(
    watched_page: Page, hostile_app: tuple[str, Path]
) -> None:
    url, data = hostile_app
    layers = "places,diaspora,routes,events,relations,borders"
    watched_page.goto(f"{url}?year=1992&layers={layers}")
    wait_for_map(watched_page)
    assert drawn_counts(watched_page) == expected_counts(data, 1992, layers.split(","))
    # tooltips and popups are made on hover and click: make them
    paths = watched_page.frame_locator(IFRAME).locator("path.leaflet-interactive")
    for i in range(min(paths.count(), 12)):
        paths.nth(i).hover(force=True)
        paths.nth(i).click(force=True)
    watched_page.wait_for_timeout(500)
    tooltips = watched_page.frame_locator(IFRAME).locator(".leaflet-tooltip")
    assert tooltips.count() > 0
    # the events list and the headline show the titles as text
    expect(watched_page.get_by_text(SCRIPT).first).to_be_visible()
    expect(watched_page.get_by_text("{{ 7*7 }}").first).to_be_visible()
    # the place panel tells the hostile place's story
    place = watched_page.get_by_test_id("stSelectbox").filter(has_text="Place")
    place.locator("input").click()
    place.locator("input").fill("Alpha")
    watched_page.keyboard.press("Enter")
    expect(watched_page.get_by_text(HOSTILE["script"]).first).to_be_visible()
    no_injected_elements(watched_page)


def test_hostile_text_in_the_sources_dialog(
    watched_page: Page, hostile_app: tuple[str, Path]
) -> None:
    url, _ = hostile_app
    watched_page.goto(f"{url}?year=1992")
    wait_for_map(watched_page)
    watched_page.get_by_role("button", name="Sources").click()
    expect(watched_page.get_by_text("Places link to the map")).to_be_visible()
    for expander in watched_page.locator("[data-testid='stExpander'] summary").all():
        expander.click()
    watched_page.wait_for_timeout(500)
    no_injected_elements(watched_page)


def test_broken_data_gives_an_error_page_and_no_map(
    watched_page: Page, tmp_path
) -> None:
    data = write_atlas(tmp_path)
    places = data / "places.csv"
    lines = places.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",", ",,", 1)  # one field too many on line 3
    places.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc, url = start_server(ROOT / "dashboard.py", {"DIASPORA_ATLAS_DATA": str(data)})
    try:
        watched_page.goto(url)
        expect(watched_page.get_by_text("The atlas data has problems")).to_be_visible(
            timeout=60_000
        )
        expect(watched_page.get_by_text("places.csv:3").first).to_be_visible()
        assert watched_page.locator(IFRAME).count() == 0  # never a half-drawn map
        assert watched_page.get_by_text("Traceback").count() == 0
    finally:
        stop_server(proc)


def test_odd_url_parameters_are_explained_and_ignored(
    watched_page: Page, app_url: str
) -> None:
    watched_page.goto(
        f"{app_url}?year=19x7&layers=places,<b>nope</b>,routes&place=%3Cscript%3E"
        "&basemap=zzz&unknown=1"
    )
    wait_for_map(watched_page)
    alerts = watched_page.locator("[data-testid='stAlert']")
    expect(alerts.first).to_be_visible()
    text = " ".join(alerts.all_inner_texts())
    for part in ("Year", "nope", "Place", "Basemap", "unknown"):
        assert part in text, part
    assert watched_page.locator("b:text('nope')").count() == 0
    year = watched_page.get_by_role("slider", name="Year").get_attribute(
        "aria-valuetext"
    )
    atlas = load_atlas(ROOT / "geodata")
    assert atlas.first_year <= int(year) <= atlas.last_year


def test_odd_widget_sequences_leave_the_page_consistent(
    watched_page: Page, app_url: str
) -> None:
    page = watched_page
    page.goto(f"{app_url}?year=1900")
    wait_for_map(page)
    slider = page.get_by_role("slider", name="Year")
    # the slider moved while playing: play stops where the user put it, or goes on
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_timeout(400)
    slider.focus()
    for key in ("End", "Home", "PageUp", "ArrowRight", "ArrowRight"):
        slider.press(key)
    page.wait_for_timeout(2500)
    if page.get_by_role("button", name="⏸").count():
        page.get_by_role("button", name="⏸").click()
    # every layer off, then rapid toggling
    sidebar = page.locator("[data-testid='stSidebar']")
    boxes = sidebar.get_by_role("checkbox")
    for i in range(boxes.count()):
        if boxes.nth(i).is_checked():
            boxes.nth(i).click(force=True)
    page.wait_for_timeout(800)
    expect(page.get_by_text("All layers are off")).to_be_visible()
    for _ in range(3):
        for name in ("Places", "Migration routes", "Events"):
            sidebar.get_by_text(name, exact=True).click()
    page.wait_for_timeout(3000)  # let every rerun land
    wait_for_map(page)
    year = int(slider.get_attribute("aria-valuetext"))
    expect(page.get_by_role("heading", name=str(year), exact=True)).to_be_visible()
    on = [
        name
        for name, label in (
            ("places", "Places"),
            ("diaspora", "Diaspora size"),
            ("routes", "Migration routes"),
            ("events", "Events"),
            ("relations", "Relations"),
            ("borders", "Borders"),
            ("mentions", "Mentions"),
        )
        if sidebar.get_by_role("checkbox", name=label).is_checked()
    ]
    assert on == ["places", "routes", "events"]  # toggled three times each
    assert drawn_counts(page) == expected_counts(ROOT / "geodata", year, on)
    query = parse_qs(urlparse(page.url).query)
    assert query["layers"] == ["places,routes,events"]
    assert query["year"] == [str(year)]


def test_the_page_takes_control_messages_from_no_other_site(app_url: str) -> None:
    """An embedding page may tell Streamlit to rerun, stop or clear caches; the
    origins allowed to do so come from the server (Streamlit's default: its cloud)."""
    with urllib.request.urlopen(app_url + "_stcore/host-config", timeout=10) as reply:
        assert json.load(reply)["allowedOrigins"] == []
