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
from functools import lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import folium
import geopandas as gpd
import numpy as np
import shapely
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
STYLE_COLUMNS = (
    "colour",
    "weight",
    "opacity",
    "fill_colour",
    "fill_opacity",
    "radius_px",
    "dash",
)
CANVAS_FROM = 2000  # features in one layer from which it is drawn on a canvas
BUILT_KEEP = 24  # year layers the browser keeps built, by URL

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
  // Tooltips and popups of year layers are made on first hover or click, not for
  // every feature up front: a big layer draws several times faster.
  function lazy(group) {
    if (group.atlasLazy) { return; }
    group.atlasLazy = true;
    group.on('mouseover', function (e) {
      var layer = e.propagatedFrom || e.layer;
      if (layer && layer.atlasTip && !layer.getTooltip()) {
        layer.bindTooltip(layer.atlasTip, {sticky: true}).openTooltip(e.latlng);
      }
    });
    group.on('click', function (e) {
      var layer = e.propagatedFrom || e.layer;
      if (layer && layer.atlasPop && !layer.getPopup()) {
        layer.bindPopup(layer.atlasPop, {maxWidth: 360}).openPopup(e.latlng);
      }
    });
  }
  function now() { return performance.timeOrigin + performance.now(); }
  // Past a few thousand features SVG slows down; one shared canvas draws them.
  var canvas = null;
  function build(data) {
    var renderer = null;
    if (data.f.length > CANVAS_FROM) {
      canvas = canvas || L.canvas({padding: 0.5});
      renderer = canvas;
    }
    return data.f.map(function (f) {
      var style = data.s[f[2]], layer;
      if (renderer) { style = Object.assign({renderer: renderer}, style); }
      if (f[0] === 'c') { layer = L.circleMarker(f[1], style); }
      else if (f[0] === 'l') { layer = L.polyline(f[1], style); }
      else { layer = L.polygon(f[1], style); }
      layer.atlasTip = f[3];
      layer.atlasPop = f[4];
      return layer;
    });
  }
  // st_folium removes the previous year's groups from the map but keeps them in a
  // list; empty those so their features can be freed.
  function forgetOldGroups() {
    if (!window.feature_group) { return; }
    window.feature_group = window.feature_group.filter(function (g) {
      if (g._map) { return true; }
      g.clearLayers();
      return false;
    });
  }
  // For tests and benchmarks: how many layers were drawn, how many are still on
  // their way, and when the frame that shows the last one began.
  window.atlasDrawCount = 0;
  window.atlasDrawPending = 0;
  function show(group, layers) {
    forgetOldGroups();
    lazy(group);
    layers.forEach(function (layer) { group.addLayer(layer); });
    window.atlasDrawCount += 1;
    requestAnimationFrame(function () {
      window.atlasDrawPending -= 1;
      window.atlasDrawnAt = now();
    });
  }
  // A layer given as data (exports: everything inline).
  window.atlasDraw = function (group, data) {
    window.atlasDrawPending += 1;
    show(group, build(data));
  };
  // A layer given as the URL of its JSON (the dashboard). URLs name the content,
  // so the features built for the last few URLs are kept and shown again as they
  // are when a year repeats a layer.
  var built = new Map();
  window.atlasDrawFrom = function (group, url) {
    window.atlasDrawPending += 1;
    var layers = built.get(url);
    if (!layers) {
      layers = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
        return r.json();
      }).then(build);
    }
    built.delete(url);
    built.set(url, layers);
    while (built.size > BUILT_KEEP) { built.delete(built.keys().next().value); }
    layers.then(function (ready) { show(group, ready); }, function (error) {
      built.delete(url);
      window.atlasDrawPending -= 1;
      console.error('Koryo Atlas: layer not drawn:', error);
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
        self.js = RUNTIME_JS.replace("CANVAS_FROM", str(CANVAS_FROM)).replace(
            "BUILT_KEEP", str(BUILT_KEEP)
        ) % {
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
    style_index: dict[tuple[Any, ...], int] = {}
    style_list: list[dict[str, Any]] = []
    features = []
    # Whole columns as Python lists: iterating rows of Arrow-backed columns is slow.
    columns = [frame[name].tolist() for name in STYLE_COLUMNS]
    labels = frame["label"].tolist()
    popups = frame["popup_html"].tolist()
    coords_of = _all_coords(frame.geometry.values)
    for i, (kind, coords) in enumerate(coords_of):
        key = tuple(column[i] for column in columns)
        index = style_index.get(key)
        if index is None:
            index = style_index[key] = len(style_list)
            style_list.append(
                _leaflet_style(
                    SimpleNamespace(**dict(zip(STYLE_COLUMNS, key, strict=True)))
                )
            )
        label = labels[i]
        features.append(
            [kind, coords, index, _tip(label) if label else "", popups[i] or ""]
        )
    return {"s": style_list, "f": features}


@lru_cache(maxsize=65_536)
def _tip(label: str) -> str:
    """A tooltip's escaped text (the same labels come back year after year)."""
    return h(label)


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


def _latlngs(geometry: Any) -> list[list[float]]:
    """[[lat, lon], ...] of a line or ring, rounded (shapely and numpy, no loops)."""
    xy = np.round(shapely.get_coordinates(geometry), COORD_DECIMALS)
    return xy[:, ::-1].tolist()


def _all_coords(geometries: Any) -> list[tuple[str, Any]]:
    """Kind and Leaflet coordinates of each geometry; points in one vectorised pass."""
    geometries = np.asarray(geometries, dtype=object)
    kinds = shapely.get_type_id(geometries)
    out: list[tuple[str, Any]] = [("", None)] * len(geometries)
    points = np.flatnonzero(kinds == 0)
    if len(points):
        xy = np.round(shapely.get_coordinates(geometries[points]), COORD_DECIMALS)
        for index, (x, y) in zip(points.tolist(), xy.tolist(), strict=True):
            out[index] = ("c", [y, x])
    for index in np.flatnonzero(kinds != 0).tolist():
        geometry = geometries[index]
        if kinds[index] == 1:  # LineString
            out[index] = ("l", _latlngs(geometry))
        else:
            out[index] = (
                "p",
                [
                    [_latlngs(p.exterior), *(_latlngs(r) for r in p.interiors)]
                    for p in getattr(geometry, "geoms", [geometry])
                ],
            )
    return out


def layer_payload(name: str, frame: gpd.GeoDataFrame) -> str:
    """What the browser needs to draw one layer, as JSON safe inside <script>.

    Borders are only the ids of polities in force (the shapes are fetched once);
    every other layer is ``compact_layer``.
    """
    if name == "borders":  # an empty frame (no polity in force) has no such column
        data = list(frame["polity_id"]) if "polity_id" in frame else []
    else:
        data = compact_layer(frame)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _script_json(text)


def layer_groups(layers: Mapping[str, gpd.GeoDataFrame]) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer with its data inlined (exports), bottom first."""
    return call_groups(
        {
            name: (
                "atlasShapes" if name == "borders" else "atlasDraw",
                layer_payload(name, frame),
            )
            for name, frame in layers.items()
        }
    )


def call_groups(calls: Mapping[str, tuple[str, str]]) -> list[folium.FeatureGroup]:
    """FeatureGroups that each run ``function(group, argument)`` (see RUNTIME_JS)."""
    groups = []
    for name, (function, argument) in calls.items():
        group = folium.FeatureGroup(name=styles.LAYER_LABELS[name])
        call = _LayerCall(function, argument)
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
