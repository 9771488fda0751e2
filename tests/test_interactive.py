"""The folium map as text: offline assets, layer contents, escaping, basemaps."""

from __future__ import annotations

import json

from diaspora_atlas import load_atlas
from diaspora_atlas.interactive import base_map, compact_layer, full_map, layer_groups
from diaspora_atlas.layers import build_layers

from atlas_factory import ROWS, write_atlas

ALL = ("places", "diaspora", "routes", "events", "relations", "borders")


def rendered(atlas, year: int, layers=ALL) -> str:
    return full_map(atlas, build_layers(atlas.at(year), layers)).get_root().render()


def test_offline_map_has_no_tiles_and_no_cdn(tiny_atlas) -> None:
    html = base_map(tiny_atlas).get_root().render()
    assert "tile_layer" not in html and "L.tileLayer" not in html
    for host in ("cdn.jsdelivr", "code.jquery.com", "cdnjs", "bootstrapcdn"):
        assert host not in html
    assert "/app/static/vendor/leaflet.js" in html
    assert "Natural Earth" in html  # the attribution names the basemap


def test_online_basemap_carries_its_attribution(tiny_atlas) -> None:
    html = base_map(tiny_atlas, "osm").get_root().render()
    assert "tile.openstreetmap.org" in html
    assert "OpenStreetMap" in html


def test_one_compact_feature_per_row(tiny_atlas) -> None:
    layers = build_layers(tiny_atlas.at(1959), ALL)
    for name, frame in layers.items():
        if name == "borders":
            continue
        data = compact_layer(frame)
        assert len(data["f"]) == len(frame), name
        kinds = {"Point": "c", "LineString": "l", "Polygon": "p"}
        assert [f[0] for f in data["f"]] == [
            kinds[g] for g in frame.geometry.geom_type
        ], name


def test_borders_send_only_ids_the_shapes_come_once(tiny_atlas) -> None:
    layers = build_layers(tiny_atlas.at(1959), ["borders"])
    [group] = layer_groups(layers)
    [shapes] = group._children.values()
    assert (shapes.function, json.loads(shapes.payload)) == ("atlasShapes", ["union"])


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
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html
    [tip] = [
        f[3]
        for f in compact_layer(build_layers(atlas.at(1937), ["places"])["places"]).get(
            "f"
        )
        if "alert(1)" in f[3]
    ]
    assert tip.startswith("&lt;img src=x onerror=alert(1)&gt;")


def test_real_1937_map_draws_the_deportation(atlas) -> None:
    html = rendered(atlas, 1937, ["routes"])
    assert "1937 deportation to the Kazakh SSR" in html
    assert "#d62728" in html  # deportation colour


def test_year_layers_stay_small(atlas) -> None:
    """What a slider step sends is the year layers: keep them light (issue 7)."""
    from streamlit_folium import _get_feature_group_string

    fmap = base_map(atlas, geo={"land": "l.json", "polities": "p.json"})
    layers = build_layers(atlas.at(2010), ALL)
    sent = sum(
        len(_get_feature_group_string(g, fmap, i))
        for i, g in enumerate(layer_groups(layers))
    )
    assert sent < 60_000


def test_template_syntax_in_data_is_shown_as_text(tmp_path) -> None:
    """branca re-reads rendered pieces as Jinja templates: data must not be one."""
    from streamlit_folium import _get_feature_group_string

    rows = json.loads(json.dumps(ROWS))
    rows["places"][0]["name_en"] = "Braces {{ 7*7 }} {% if %} {# c"
    atlas = load_atlas(write_atlas(tmp_path, rows))
    html = rendered(atlas, 1937)  # a TemplateSyntaxError before the fix
    assert "{{ 7*7 }}" not in html and "{\\u007b 7*7 }}" in html
    fmap = base_map(atlas, geo={"land": "l.json", "polities": "p.json"})
    layers = build_layers(atlas.at(1937), ["places"])
    [group] = layer_groups(layers)
    sent = _get_feature_group_string(group, fmap, 0)
    [tip] = [f[3] for f in json.loads(group_payload(sent))["f"] if "Braces" in f[3]]
    assert tip.startswith("Braces {{ 7*7 }} {% if %} {# c")


def group_payload(script: str) -> str:
    """The JSON argument of the atlasDraw call in a feature group's script."""
    start = script.index("atlasDraw(")
    start = script.index(", ", start) + 2
    end = script.index(");", start)
    return script[start:end]
