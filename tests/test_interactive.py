"""The folium map as text: offline assets, layer contents, escaping, basemaps."""

from __future__ import annotations

import json

from diaspora_atlas import load_atlas
from diaspora_atlas.interactive import base_map, full_map, js_safe, layer_groups
from diaspora_atlas.layers import build_layers

from atlas_factory import ROWS, write_atlas

ALL = ("places", "diaspora", "routes", "events", "relations", "borders")


def rendered(atlas, year: int, layers=ALL) -> str:
    return full_map(atlas, build_layers(atlas.at(year), layers)).get_root().render()


def test_offline_map_has_no_tiles_and_no_cdn(tiny_atlas) -> None:
    html = base_map(tiny_atlas).get_root().render()
    assert "tileLayer" not in html
    for host in ("cdn.jsdelivr", "code.jquery.com", "cdnjs", "bootstrapcdn"):
        assert host not in html
    assert "/app/static/vendor/leaflet.js" in html
    assert "Natural Earth" in html  # the attribution names the basemap


def test_online_basemap_carries_its_attribution(tiny_atlas) -> None:
    html = base_map(tiny_atlas, "osm").get_root().render()
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap" in html


def test_one_marker_per_point_feature(tiny_atlas) -> None:
    layers = build_layers(tiny_atlas.at(1959), ALL)
    points = sum(int((f.geometry.geom_type == "Point").sum()) for f in layers.values())
    html = full_map(tiny_atlas, layers).get_root().render()
    assert html.count("L.circleMarker(") == points


def test_one_group_per_layer_in_drawing_order(tiny_atlas) -> None:
    layers = build_layers(tiny_atlas.at(1937), ["places", "routes", "borders"])
    groups = layer_groups(layers)
    assert [g.layer_name for g in groups] == ["Borders", "Migration routes", "Places"]


def test_data_text_is_escaped_in_tooltips_and_popups(tmp_path) -> None:
    rows = json.loads(json.dumps(ROWS))
    rows["places"][0]["name_en"] = "<img src=x onerror=alert(1)>"
    rows["places"][0]["name_ru"] = "`${alert(2)}`\\"
    atlas = load_atlas(write_atlas(tmp_path, rows))
    html = rendered(atlas, 1937)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "${alert(2)}" not in html  # cannot close folium's JS template literal
    assert "&#96;&#36;{alert(2)}&#96;&#92;" in html


def test_js_safe_neutralises_template_literal_syntax() -> None:
    assert js_safe("a`b${c}\\d") == "a&#96;b&#36;{c}&#92;d"


def test_real_1937_map_draws_the_deportation(atlas) -> None:
    html = rendered(atlas, 1937, ["routes"])
    assert "1937 deportation to the Kazakh SSR" in html
    assert "#d62728" in html  # deportation colour
