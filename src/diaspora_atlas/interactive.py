"""The folium map: a light base that never changes, and compact year layers.

Streamlit re-sends the whole map component whenever a year layer changes, so what
varies must be small and what is big must not be in it:

- the land and the historical borders (hundreds of kB of polygons) are JSON files
  fetched once by the browser (``/app/static/geo/...``), or inlined in exports;
- each year layer is one compact JSON array drawn by a small renderer that the base
  map defines once (``atlasDraw``), instead of folium's per-marker JavaScript.

The base never changes with the year, so the dashboard mounts it once and swaps only
the layer groups (st_folium's ``feature_group_to_add``): pan and zoom survive and the
map does not flash. Leaflet and jQuery come from the app or are inlined, never a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import folium
import geopandas as gpd
from branca.element import Element
from jinja2 import Template

from . import styles
from .assets import SERVED_BASE, localise
from .elements import RawMacroElement, no_template_syntax
from .legend import ATTRIBUTION
from .popups import h

if TYPE_CHECKING:
    from .data import Atlas


@dataclass(frozen=True)
class Basemap:
    """A background choice: offline land, or tiles for people who are online."""

    label: str
    tiles: str | None
    attribution: str


BASEMAPS: dict[str, Basemap] = {
    "offline": Basemap("Offline (Natural Earth)", None, ""),
    "osm": Basemap(
        "OpenStreetMap (online)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        "contributors",
    ),
    "light": Basemap(
        "Light (CARTO, online)",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
}
MAP_CSS = (
    f"<style>.leaflet-container{{background:{styles.SEA_COLOUR}}}"
    ".leaflet-container .leaflet-control-attribution{font-size:11px;line-height:1.3}"
    ".atlas-popup blockquote{font-size:11px}</style>"
)
COORD_DECIMALS = 3

# Defined once by the base map; the year layers only call it with data.
RUNTIME_JS = """
(function () {
  var geo = %(geo)s;
  var cache = {};
  function load(key) {
    var source = geo[key];
    if (typeof source !== 'string') { return Promise.resolve(source); }
    if (!cache[key]) {
      cache[key] = fetch(source).then(function (r) { return r.json(); });
    }
    return cache[key];
  }
  function bind(layer, tip, pop) {
    if (tip) { layer.bindTooltip(tip, {sticky: true}); }
    if (pop) { layer.bindPopup(pop, {maxWidth: 360}); }
    return layer;
  }
  window.atlasDrawCount = 0;  // for benchmarks and tests: how many layers drawn
  window.atlasDraw = function (group, data) {
    window.atlasDrawCount += 1;
    data.f.forEach(function (f) {
      var style = data.s[f[2]], layer;
      if (f[0] === 'c') { layer = L.circleMarker(f[1], style); }
      else if (f[0] === 'l') { layer = L.polyline(f[1], style); }
      else { layer = L.polygon(f[1], style); }
      group.addLayer(bind(layer, f[3], f[4]));
    });
  };
  window.atlasShapes = function (group, ids) {
    load('polities').then(function (all) {
      ids.forEach(function (id) {
        var p = all[id];
        if (!p) { return; }
        var style = Object.assign({pane: 'atlasBorders'}, p.style);
        group.addLayer(bind(L.geoJSON(p.geometry, {style: style}), p.tip, p.pop));
      });
    });
  };
  window.atlasLand = function (map) {
    map.createPane('atlasLand').style.zIndex = 250;
    map.createPane('atlasBorders').style.zIndex = 350;
    if (!geo.land) { return; }
    load('land').then(function (land) {
      L.geoJSON(land, {pane: 'atlasLand', interactive: false, style: %(land)s})
        .addTo(map);
    });
  };
})();
"""


class _Runtime(RawMacroElement):
    """The renderer functions, the geodata sources, and the land under everything."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.js }}
        atlasLand({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, geo: Mapping[str, Any]):
        super().__init__()
        land = {
            "fillColor": styles.LAND_FILL,
            "color": styles.LAND_STROKE,
            "weight": 0.6,
            "fillOpacity": 1.0,
        }
        self.js = RUNTIME_JS % {
            "geo": _script_json(json.dumps(geo, separators=(",", ":"))),
            "land": json.dumps(land),
        }


class _Attribution(RawMacroElement):
    """Adds a line to Leaflet's attribution control (sources reachable from the map)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl
            .addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class _LayerCall(RawMacroElement):
    """One year layer: a call of the base map's renderer with ready-made JSON."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.function }}({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
    """)

    def __init__(self, function: str, payload: str):
        super().__init__()
        self.function, self.payload = function, payload


def _script_json(text: str) -> str:
    """JSON safe inside a <script> element and from any template pass."""
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return no_template_syntax(text)


def base_map(
    atlas: Atlas,
    basemap: str = "offline",
    *,
    geo: Mapping[str, Any] | None = None,
    asset_base: str = SERVED_BASE,
) -> folium.Map:
    """The year-independent map: land from Natural Earth, tiles only if asked.

    ``geo`` maps ``land`` and ``polities`` to URLs the browser fetches (the
    dashboard) or to the data itself (exports); see ``geo_data``.
    """
    choice = BASEMAPS[basemap]
    fmap = folium.Map(
        location=list(atlas.meta.center),
        zoom_start=atlas.meta.zoom,
        tiles=None,
        min_zoom=2,
        max_zoom=10,
        control_scale=False,
        world_copy_jump=False,
    )
    fmap.get_root().header.add_child(Element(MAP_CSS))
    sources = dict(geo or {})
    if choice.tiles:
        folium.TileLayer(
            choice.tiles, attr=choice.attribution, name=choice.label, max_zoom=18
        ).add_to(fmap)
        sources["land"] = None
    _Runtime(sources).add_to(fmap)
    _Attribution(h(ATTRIBUTION)).add_to(fmap)
    localise(fmap, asset_base)
    return fmap


def compact_layer(frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """Features as [kind, coordinates, style index, tooltip, popup] plus shared styles.

    Tooltips and popups are escaped HTML already (layers.py); coordinates are
    [lat, lon] rounded to about 100 m.
    """
    styles_seen: dict[str, int] = {}
    style_list: list[dict[str, Any]] = []
    features = []
    for row in frame.itertuples(index=False):
        style = _leaflet_style(row)
        key = repr(sorted(style.items()))
        if key not in styles_seen:
            styles_seen[key] = len(style_list)
            style_list.append(style)
        kind, coords = _coords(row.geometry)
        tip = h(row.label) if row.label else ""
        pop = row.popup_html or ""
        features.append([kind, coords, styles_seen[key], tip, pop])
    return {"s": style_list, "f": features}


def _leaflet_style(row: Any) -> dict[str, Any]:
    style: dict[str, Any] = {
        "color": row.colour,
        "weight": round(float(row.weight), 2),
        "opacity": round(float(row.opacity), 2),
    }
    if row.fill_colour:
        style.update(
            fill=True,
            fillColor=row.fill_colour,
            fillOpacity=round(float(row.fill_opacity), 2),
        )
    else:
        style["fill"] = False
    if row.radius_px:
        style["radius"] = round(float(row.radius_px), 1)
    if row.dash:
        style["dashArray"] = row.dash
    return style


def _round(points: Any) -> list[list[float]]:
    return [[round(y, COORD_DECIMALS), round(x, COORD_DECIMALS)] for x, y in points]


def _coords(geometry: Any) -> tuple[str, Any]:
    if geometry.geom_type == "Point":
        return "c", [
            round(geometry.y, COORD_DECIMALS),
            round(geometry.x, COORD_DECIMALS),
        ]
    if geometry.geom_type == "LineString":
        return "l", _round(geometry.coords)
    polygons = getattr(geometry, "geoms", [geometry])
    return "p", [
        [_round(p.exterior.coords), *(_round(r.coords) for r in p.interiors)]
        for p in polygons
    ]


def layer_payload(name: str, frame: gpd.GeoDataFrame) -> str:
    """What the browser needs to draw one layer, as JSON safe inside <script>.

    Borders are only the ids of polities in force (the shapes are fetched once);
    every other layer is ``compact_layer``.
    """
    data = list(frame["polity_id"]) if name == "borders" else compact_layer(frame)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _script_json(text)


def layer_groups(layers: Mapping[str, gpd.GeoDataFrame]) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer, bottom first, ready for ``feature_group_to_add``."""
    return payload_groups(
        {name: layer_payload(name, frame) for name, frame in layers.items()}
    )


def payload_groups(payloads: Mapping[str, str]) -> list[folium.FeatureGroup]:
    """FeatureGroups from ready ``layer_payload`` texts (see prefetch.py)."""
    groups = []
    for name, payload in payloads.items():
        group = folium.FeatureGroup(name=styles.LAYER_LABELS[name])
        call = _LayerCall("atlasShapes" if name == "borders" else "atlasDraw", payload)
        call._id = f"{name}_data"  # stable names: identical reruns are identical
        call.add_to(group)
        groups.append(group)
    return groups


def full_map(
    atlas: Atlas,
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap: str = "offline",
    asset_base: str = SERVED_BASE,
) -> folium.Map:
    """Base map with its geodata inlined and the layers drawn in (exports)."""
    from .geo import geo_data

    fmap = base_map(atlas, basemap, geo=geo_data(atlas), asset_base=asset_base)
    for group in layer_groups(layers):
        group.add_to(fmap)
    return fmap
