"""The map's runtime in a real browser: a step changes only what changed, and the
map then shows exactly the new year's features, in the data's order.

The runtime is driven the way st_folium drives it on a slider step: the last
step's groups are removed from the map, then the new groups' calls run.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page

from diaspora_atlas.assets import inline_html
from diaspora_atlas.geo import geo_data
from diaspora_atlas.interactive import CANVAS_FROM, base_map
from diaspora_atlas.prefetch import year_payloads

LAYERS = ("places", "diaspora", "routes", "events")
LAYER_URL = "http://127.0.0.1:9/layers/"  # answered by the test (page.route)
CORS = {"Access-Control-Allow-Origin": "*"}  # the test page's origin is about:blank

# What st_folium does on a step, then: for each layer on the map, the tooltips of its
# features in drawing order (SVG: document order; canvas: the renderer's list).
STEP_JS = """
([mapName, calls]) => {
  const map = window[mapName];
  (window.stepGroups || []).forEach(g => map.removeLayer(g));
  window.stepGroups = calls.map(([name, fn, arg]) => {
    const group = L.featureGroup();
    group.atlasName = name;
    window[fn](group, arg);
    group.addTo(map);
    return group;
  });
}
"""
SHOWN_JS = """
() => {
  const out = {};
  Object.entries(atlasLayers).forEach(([name, entry]) => {
    if (!entry.group._map) { return; }
    const layers = entry.group.getLayers();
    const svg = layers.filter(l => l._path);
    svg.sort((a, b) => a._path.compareDocumentPosition(b._path) & 4 ? -1 : 1);
    const canvas = [];
    for (let o = entry.canvas && entry.canvas._drawFirst; o; o = o.next) {
      canvas.push(o.layer);
    }
    out[name] = [...svg, ...canvas].map(l => l.atlasTip);
  });
  return out;
}
"""


@pytest.fixture
def runtime_page(page: Page, atlas) -> tuple[Page, str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    fmap = base_map(atlas, geo=geo_data(atlas))
    page.set_content(inline_html(fmap.get_root().render()))
    page.wait_for_function("() => typeof atlasDraw === 'function'")
    yield page, fmap.get_name()
    assert errors == []


def step(page: Page, map_name: str, calls: list[tuple[str, str, object]]) -> None:
    before = page.evaluate("() => atlasDrawCount")
    page.evaluate(STEP_JS, [map_name, calls])
    page.wait_for_function(
        "n => atlasDrawCount >= n && !atlasDrawPending", arg=before + len(calls)
    )


def tips(payload: str) -> list[str]:
    return [f[3] for f in json.loads(payload)["f"]]


def test_each_step_shows_exactly_the_years_features_in_order(
    runtime_page, atlas
) -> None:
    page, map_name = runtime_page
    for year in (1930, 1937, 1938, 1945, 1937, 1991, 1864, 2020):
        payloads = year_payloads(atlas, year, LAYERS)
        calls = [(n, "atlasDraw", json.loads(text)) for n, text in payloads.items()]
        step(page, map_name, calls)
        shown = page.evaluate(SHOWN_JS)
        assert shown == {n: tips(t) for n, t in payloads.items()}, year
        counts = page.evaluate("() => atlasShownCounts()")
        assert counts == [len(tips(t)) for t in payloads.values()], year


def test_unchanged_features_are_kept_and_order_is_restored(runtime_page) -> None:
    """A step keeps the features that did not change (same Leaflet objects); a
    new feature that belongs under kept ones is drawn under them."""
    page, map_name = runtime_page
    style = [{"color": "#000", "weight": 1, "radius": 5}]
    a = ["c", [50.0, 60.0], 0, "A", ""]
    b = ["c", [51.0, 61.0], 0, "B", ""]
    new = ["c", [52.0, 62.0], 0, "New", ""]
    step(page, map_name, [("diaspora", "atlasDraw", {"s": style, "f": [a, b]})])
    page.evaluate(
        "() => atlasLayers.diaspora.group.getLayers()"
        ".forEach(l => { l.keptMark = l.atlasTip; })"
    )
    step(page, map_name, [("diaspora", "atlasDraw", {"s": style, "f": [new, a, b]})])
    assert page.evaluate(SHOWN_JS) == {"diaspora": ["New", "A", "B"]}
    kept = page.evaluate(
        "() => atlasLayers.diaspora.group.getLayers().map(l => l.keptMark || null)"
    )
    assert sorted(kept, key=str) == ["A", "B", None]
    # the same feature with another style is a different feature
    bold = [{"color": "#000", "weight": 3, "radius": 5}]
    step(page, map_name, [("diaspora", "atlasDraw", {"s": bold, "f": [a]})])
    assert page.evaluate(
        "() => atlasLayers.diaspora.group.getLayers().map(l => l.options.weight)"
    ) == [3]


def test_a_layer_turned_off_is_hidden_and_comes_back_right(runtime_page, atlas) -> None:
    page, map_name = runtime_page
    payloads = year_payloads(atlas, 1937, LAYERS)
    calls = [(n, "atlasDraw", json.loads(t)) for n, t in payloads.items()]
    step(page, map_name, calls)
    step(page, map_name, [c for c in calls if c[0] != "routes"])
    page.wait_for_function("() => !atlasLayers.routes.group._map")
    assert "routes" not in page.evaluate(SHOWN_JS)
    later = year_payloads(atlas, 1991, LAYERS)
    step(page, map_name, [(n, "atlasDraw", json.loads(t)) for n, t in later.items()])
    assert page.evaluate(SHOWN_JS) == {n: tips(t) for n, t in later.items()}


def test_a_late_layer_file_never_overwrites_a_newer_year(runtime_page, atlas) -> None:
    """A big layer is fetched by URL; if the user has moved on before it arrives,
    the newer year stays on the map."""
    page, map_name = runtime_page
    old = year_payloads(atlas, 1937, ["routes"])["routes"]
    held = []  # the slow file's request, answered after the newer year is drawn

    def serve(route) -> None:
        if route.request.url.endswith("slow"):
            held.append(route)
            return
        route.fulfill(body=old, content_type="application/json", headers=CORS)

    page.route(f"{LAYER_URL}**", serve)
    step(page, map_name, [("routes", "atlasDrawFrom", LAYER_URL + "fast")])
    assert page.evaluate(SHOWN_JS) == {"routes": tips(old)}  # files do arrive
    step(page, map_name, [])
    page.evaluate(
        STEP_JS, [map_name, [("routes", "atlasDrawFrom", LAYER_URL + "slow")]]
    )
    newer = year_payloads(atlas, 1991, ["routes"])["routes"]
    page.evaluate(STEP_JS, [map_name, [("routes", "atlasDraw", json.loads(newer))]])
    page.wait_for_function("() => atlasShownCounts().length === 1")
    assert page.evaluate(SHOWN_JS) == {"routes": tips(newer)}
    for _ in range(50):  # the request reaches the handler while playwright waits
        if held:
            break
        page.wait_for_timeout(100)
    held[0].fulfill(body=old, content_type="application/json", headers=CORS)
    page.wait_for_function("() => !atlasDrawPending", timeout=10_000)
    page.wait_for_timeout(300)
    assert page.evaluate(SHOWN_JS) == {"routes": tips(newer)}


def test_a_big_layer_is_drawn_on_a_canvas(runtime_page) -> None:
    page, map_name = runtime_page
    style = [{"color": "#000", "weight": 1, "radius": 3}]
    features = [
        ["c", [40 + i % 50 * 0.2, 50 + i // 50 * 0.5], 0, f"P{i}", ""]
        for i in range(CANVAS_FROM + 1)
    ]
    step(page, map_name, [("places", "atlasDraw", {"s": style, "f": features})])
    assert page.evaluate(SHOWN_JS)["places"] == [f[3] for f in features]
    assert (
        page.evaluate(
            "() => document.querySelectorAll('.atlas-places-pane canvas, "
            ".leaflet-atlas-places-pane canvas').length"
        )
        == 1
    )
