"""What only a browser can check: the map draws, updates in place, and tells stories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Locator, Page, WebSocketRoute, expect

from live import MAP, ROOT, drawn_counts, expected_counts, wait_for_map

pytestmark = pytest.mark.e2e

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
DEPORTATION = 'path.leaflet-interactive[stroke="#d62728"]'
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def open_map(page: Page, url: str) -> FrameLocator:
    page.goto(url)
    frame = page.frame_locator(IFRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(
        timeout=60_000
    )
    return frame


def wait_for_year(page: Page, year: int) -> None:
    expect(page.get_by_role("heading", name=str(year), exact=True)).to_be_visible(
        timeout=30_000
    )


def live_frame(page: Page):
    """The component iframe's document now (never kept across reruns)."""
    return page.locator(IFRAME).element_handle().content_frame()


def map_view(page: Page) -> tuple[float, float, int]:
    """Centre and zoom of the Leaflet map inside the component iframe."""
    return live_frame(page).evaluate(
        "() => { const c = window.map.getCenter();"
        " return [c.lat, c.lng, window.map.getZoom()]; }"
    )


def test_map_draws_offline_without_errors(watched_page: Page, app_url: str) -> None:
    frame = open_map(watched_page, app_url)
    expect(frame.locator(".leaflet-container")).to_be_visible()
    assert frame.locator("path.leaflet-interactive").count() > 20
    expect(watched_page.get_by_text("Legend", exact=True)).to_be_visible()


def test_slider_to_1937_adds_the_deportation(watched_page: Page, app_url: str) -> None:
    frame = open_map(watched_page, app_url + "?year=1936")
    wait_for_year(watched_page, 1936)
    expect(frame.locator(DEPORTATION)).to_have_count(0)
    slider = watched_page.get_by_role("slider", name="Year")
    slider.focus()
    slider.press("ArrowRight")
    wait_for_year(watched_page, 1937)
    expect(frame.locator(DEPORTATION)).not_to_have_count(0, timeout=30_000)


def test_unticking_routes_keeps_pan_and_zoom(watched_page: Page, app_url: str) -> None:
    frame = open_map(watched_page, app_url + "?year=1937")
    expect(frame.locator(DEPORTATION)).not_to_have_count(0, timeout=30_000)
    frame.locator(".leaflet-control-zoom-in").click()
    watched_page.wait_for_function(
        "() => { const f = document.querySelector("
        "'iframe[title=\"streamlit_folium.st_folium\"]');"
        " return f && f.contentWindow.map && f.contentWindow.map.getZoom() === 4; }"
    )
    before = map_view(watched_page)
    watched_page.locator(IFRAME).evaluate("f => f.dataset.kept = 'yes'")
    sidebar = watched_page.get_by_test_id("stSidebarUserContent")
    sidebar.get_by_text("Migration routes", exact=True).click()
    expect(
        watched_page.get_by_role("checkbox", name="Migration routes")
    ).not_to_be_checked()
    expect(frame.locator(DEPORTATION)).to_have_count(0, timeout=30_000)
    assert (
        watched_page.locator(IFRAME).get_attribute("data-kept") == "yes"
    )  # no remount
    assert map_view(watched_page) == before


def test_clicking_a_place_opens_its_story(watched_page: Page, app_url: str) -> None:
    open_map(watched_page, app_url + "?year=1937&layers=places")
    wait_for_year(watched_page, 1937)
    iframe = watched_page.locator(IFRAME)
    x, y = live_frame(watched_page).evaluate(
        "() => { const p = window.map.latLngToContainerPoint([43.25249, 76.9115]);"
        " return [p.x, p.y]; }"
    )  # Almaty, from geodata/places.csv
    box = iframe.bounding_box()
    watched_page.mouse.click(box["x"] + x, box["y"] + y)
    expect(watched_page.get_by_role("heading", name="Almaty")).to_be_visible(
        timeout=30_000
    )
    expect(watched_page.get_by_text("In the seed documents")).to_be_visible()
    expect(
        watched_page.get_by_text("educational centers in Almaty", exact=False)
    ).to_be_visible()
    # a slider step reruns the year's part of the page only: the story stays
    watched_page.get_by_role("slider", name="Year").press("ArrowRight")
    wait_for_year(watched_page, 1938)
    expect(watched_page.get_by_role("heading", name="Almaty")).to_be_visible()
    assert "place=almaty" in watched_page.url and "year=1938" in watched_page.url


@pytest.mark.parametrize("year", [1900, 1937, 1945, 1991, 2010])
def test_screenshots_of_key_years(watched_page: Page, app_url: str, year: int) -> None:
    frame = open_map(watched_page, f"{app_url}?year={year}")
    wait_for_year(watched_page, year)
    expect(frame.locator("path.leaflet-interactive").first).to_be_visible()
    watched_page.wait_for_timeout(500)  # let Leaflet finish painting for the picture
    SHOTS.mkdir(parents=True, exist_ok=True)
    watched_page.screenshot(path=SHOTS / f"dashboard-{year}.png")
    title = watched_page.title()
    assert re.search("Koryo Atlas", title)


def test_play_walks_through_the_change_years_and_pauses(
    watched_page: Page, app_url: str
) -> None:
    from diaspora_atlas import load_atlas
    from diaspora_atlas.timeline import step_year

    atlas = load_atlas(Path(__file__).resolve().parents[2] / "geodata")
    first = step_year(atlas, 1936, 1)
    second = step_year(atlas, first, 1)
    open_map(watched_page, app_url + "?year=1936")
    wait_for_year(watched_page, 1936)
    watched_page.get_by_role("button", name="▶ Play").click()
    wait_for_year(watched_page, first)
    wait_for_year(watched_page, second)
    watched_page.get_by_role("button", name="⏸").click()
    expect(watched_page.get_by_role("button", name="▶ Play")).to_be_visible()
    stopped = watched_page.get_by_role("slider", name="Year").get_attribute(
        "aria-valuetext"
    )
    watched_page.wait_for_timeout(2500)  # longer than one play step
    assert (
        watched_page.get_by_role("slider", name="Year").get_attribute("aria-valuetext")
        == stopped
    )


def test_mentions_layer_and_sources_dialog(watched_page: Page, app_url: str) -> None:
    frame = open_map(watched_page, app_url + "?year=1992&layers=mentions")
    expect(
        frame.locator('path.leaflet-interactive[stroke="#01665e"]')
    ).not_to_have_count(0, timeout=30_000)
    watched_page.get_by_role("button", name="Sources").click()
    document = watched_page.get_by_test_id("stExpander").filter(
        has_text="Relationship With Korea Today"
    )
    document.locator("summary").click()
    link = document.get_by_role("link", name="Almaty").first
    expect(link).to_be_visible()
    link.click()  # a new view of the map, on the place, in the same year
    expect(watched_page.get_by_role("heading", name="Almaty")).to_be_visible(
        timeout=30_000
    )


def test_a_step_to_a_year_fetched_ahead_is_drawn_at_once(
    watched_page: Page, app_url: str
) -> None:
    """The map fetches the next years after a step and draws one when it comes.

    Drawn while the key is handled, before the page's run could answer; the run's
    own map then agrees with it.
    """
    layers = ["places", "diaspora", "routes", "events", "borders"]
    open_map(watched_page, f"{app_url}?year=1937&layers={','.join(layers)}")
    wait_for_year(watched_page, 1937)
    wait_for_map(watched_page)
    watched_page.wait_for_function(
        f"() => {MAP}.contentWindow.atlasYearsAhead().includes(1938)", timeout=30_000
    )
    ahead = f"() => {MAP}.contentWindow.atlasStepsAhead || 0"
    before = watched_page.evaluate(ahead)
    expected = expected_counts(ROOT / "geodata", 1938, layers)
    assert expected != drawn_counts(watched_page)  # 1938's map differs from 1937's
    slider = watched_page.get_by_role("slider", name="Year")
    slider.focus()
    slider.press("ArrowRight")
    assert watched_page.evaluate(ahead) == before + 1
    assert drawn_counts(watched_page) == expected
    wait_for_year(watched_page, 1938)
    watched_page.wait_for_timeout(300)  # the run's map arrives after the headline
    wait_for_map(watched_page)
    assert drawn_counts(watched_page) == expected
    assert watched_page.evaluate(ahead) == before + 1


STEP_LAYERS = ["places", "diaspora", "routes", "events", "borders"]


def stepped_to_1937(page: Page, app_url: str) -> Locator:
    """The map at 1937 after a step from 1936, 1938 fetched ahead; the slider, focused.

    A step after the page's first: its layers travel as URLs, and its own script
    has run.
    """
    open_map(page, f"{app_url}?year=1936&layers={','.join(STEP_LAYERS)}")
    wait_for_year(page, 1936)
    wait_for_map(page)
    page.wait_for_timeout(1000)  # the map reports back: the run after it
    slider = page.get_by_role("slider", name="Year")
    slider.focus()
    slider.press("ArrowRight")
    wait_for_year(page, 1937)
    page.wait_for_function(
        f"() => {{ const a = {MAP}.contentWindow.atlasYearsAhead();"
        " return a.includes(1937) && a.includes(1938); }",
        timeout=30_000,
    )
    page.wait_for_timeout(500)  # the run's map arrives after the headline
    wait_for_map(page)
    return slider


class HeldAnswers:
    """The page's websocket to the server, with the server's messages held on demand.

    Makes a run's answer arrive when the test says, not when the machine's speed
    says (a test that waited on the race failed in CI about one time in ten).
    """

    def __init__(self) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self.page_side: WebSocketRoute | None = None

    def route(self, ws: WebSocketRoute) -> None:
        self.page_side = ws
        server = ws.connect_to_server()  # the page's messages go on as they are
        server.on_message(self.arrived)

    def arrived(self, message: str | bytes) -> None:
        if self.holding:
            self.held.append(message)
        else:
            self.page_side.send(message)

    def release(self, count: int, keep_holding: bool = True) -> None:
        """Pass on the first ``count`` held messages; all, if not ``keep_holding``."""
        self.holding = keep_holding
        passed, self.held = self.held[:count], self.held[count:]
        for message in passed if keep_holding else passed + self.held:
            self.page_side.send(message)
        if not keep_holding:
            self.held = []


def test_a_run_answering_after_the_slider_moved_on_leaves_the_slider_year(
    watched_page: Page, app_url: str
) -> None:
    """The 1938 run answers after the slider went back to 1937: the map stays on 1937.

    Its script draws 1938's layers; the map, seeing the slider on a year it holds,
    draws that year again in the same task.
    """
    answers = HeldAnswers()
    watched_page.route_web_socket(re.compile(r"/_stcore/stream"), answers.route)
    slider = stepped_to_1937(watched_page, app_url)
    at_1937 = expected_counts(ROOT / "geodata", 1937, STEP_LAYERS)
    assert drawn_counts(watched_page) == at_1937
    answers.holding = True
    slider.press("ArrowRight")  # drawn ahead; the 1938 run's answer is held
    at_1938 = expected_counts(ROOT / "geodata", 1938, STEP_LAYERS)
    assert drawn_counts(watched_page) == at_1938
    watched_page.wait_for_timeout(1500)  # the 1938 run has finished on the server
    answered_1938 = len(answers.held)
    assert answered_1938 > 0
    slider.press("ArrowLeft")  # drawn ahead at once
    assert drawn_counts(watched_page) == at_1937
    runs = f"() => {MAP}.contentWindow.atlasRuns || 0"
    before = watched_page.evaluate(runs)
    answers.release(answered_1938)  # the 1938 run answers now, its script is run
    watched_page.wait_for_function(f"() => ({runs})() > {before}", timeout=30_000)
    assert drawn_counts(watched_page) == at_1937
    answers.release(0, keep_holding=False)  # the 1937 run answers
    wait_for_year(watched_page, 1937)
    watched_page.wait_for_timeout(500)
    wait_for_map(watched_page)
    assert drawn_counts(watched_page) == at_1937


def test_a_step_there_and_back_before_the_page_answers_ends_on_the_right_map(
    watched_page: Page, app_url: str
) -> None:
    """Both steps are drawn ahead; the page's last run must leave the map on 1937.

    st_folium runs a step's script only when it differs from the last one it ran,
    so the map draws the year it came from again by itself.
    """
    slider = stepped_to_1937(watched_page, app_url)
    expected = expected_counts(ROOT / "geodata", 1937, STEP_LAYERS)
    assert drawn_counts(watched_page) == expected
    slider.press("ArrowRight")
    slider.press("ArrowLeft")
    assert drawn_counts(watched_page) == expected  # drawn back at once
    watched_page.wait_for_timeout(1500)  # every run has answered
    wait_for_year(watched_page, 1937)
    wait_for_map(watched_page)
    assert drawn_counts(watched_page) == expected
