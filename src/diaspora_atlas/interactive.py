"""The folium map: a light base that never changes, and compact year layers.

Streamlit re-sends the whole map component whenever a year layer changes, so what
varies must be small and what is big must not be in it:

- the land and the historical borders (hundreds of kB of polygons) are JSON files
  fetched once by the browser (``/app/static/geo/...``), or inlined in exports;
- each year layer is one compact JSON array drawn by a small renderer that the base
  map defines once (``atlasDraw``), instead of folium's per-marker JavaScript.

The base never changes with the year, so the dashboard mounts it once and sends only
the layer groups (st_folium's ``feature_group_to_add``): pan and zoom survive and the
map does not flash. The groups only say which data each layer shows now; the runtime
keeps one Leaflet group per layer on the map and changes only the features whose
content changed, so a step costs what changed, not what is drawn. Leaflet comes from
the app or is inlined, never a CDN.
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
import orjson
import shapely
from jinja2 import Template

from . import styles
from .assets import SERVED_BASE, localise
from .elements import RawMacroElement, RawText, no_template_syntax
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
FETCHED_KEEP = 48  # year layers the browser keeps (parsed JSON), by URL: the
# years fetched ahead (up to 5 x 7, prefetch.preload_years) and the year's own
YEAR_SLIDER_LABEL = "Year"  # the dashboard's slider, which the map watches
# The map fetches the next years' layers this long after a step: until then the
# browser is drawing the step, and the server is sending it.
PRELOAD_AFTER_MS = 200

# Defined once by the base map; the year layers only call it with data.
RUNTIME_JS = """
(function () {
  var geo = %(geo)s;
  var cache = {};
  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.json();
    });
  }
  function load(key) {
    var source = geo[key];
    if (typeof source !== 'string') { return Promise.resolve(source); }
    if (!cache[key]) { cache[key] = getJson(source); }
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
  var theMap = null;
  // st_folium removes the previous step's groups from the map but keeps them in a
  // list; empty those so their features can be freed.
  function forgetOldGroups() {
    if (!window.feature_group) { return; }
    window.feature_group = window.feature_group.filter(function (g) {
      if (g._map) { return true; }
      g.clearLayers();
      return false;
    });
  }
  // Each year layer keeps one group on the map from step to step, in a pane of its
  // own so the layers stay in their order. A step's group (st_folium's) only says
  // which data the layer shows now: features that did not change stay drawn, and
  // only those that did are removed or made. At 100x the atlas a step changes a few
  // hundred of ~7,000 features; replacing whole layers cost most of a step.
  var order = %(order)s;
  var shown = window.atlasLayers = {};
  function entryFor(name) {
    var entry = shown[name];
    if (!entry) {
      var pane = 'atlas-' + name;
      theMap.createPane(pane).style.zIndex = 400 + Math.max(0, order.indexOf(name));
      entry = shown[name] = {
        pane: pane, group: L.featureGroup(), byKey: new Map(), canvas: null,
        owner: null, want: null, url: null
      };
      lazy(entry.group);
    }
    return entry;
  }
  function claim(group) {
    forgetOldGroups();
    var entry = entryFor(group.atlasName);
    entry.owner = group;
    if (!entry.group._map) { theMap.addLayer(entry.group); }
    // st_folium removes the last step's groups right before it runs the new ones,
    // in one go: the layer is hidden only if no new group took it over.
    group.once('remove', function () {
      Promise.resolve().then(function () {
        if (entry.owner !== group) { return; }
        entry.owner = entry.want = entry.url = null;
        theMap.removeLayer(entry.group);
      });
    });
    return entry;
  }
  function make(f, style, renderer, pane) {
    var options = Object.assign({pane: pane}, style), layer;
    if (renderer) { options.renderer = renderer; }
    if (f[0] === 'c') { layer = L.circleMarker(f[1], options); }
    else if (f[0] === 'l') { layer = L.polyline(f[1], options); }
    else { layer = L.polygon(f[1], options); }
    layer.atlasTip = f[3];
    layer.atlasPop = f[4];
    return layer;
  }
  // What a feature is: its kind, style, coordinates, tooltip and popup (a repeat
  // gets a mark of its own). Kept with the data: a layer fetched ahead of a step
  // has them made before the step, which then only looks them up (at 100x a layer
  // has ~7,000 features).
  function keysOf(data) {
    if (data.atlasKeys) { return data.atlasKeys; }
    var styles = data.s.map(function (s) { return JSON.stringify(s); });
    var seen = new Set();
    var keys = data.f.map(function (f) {
      var key = f[0] + styles[f[2]] + JSON.stringify(f[1]) + '\u0001' + f[3] +
        '\u0001' + f[4];
      while (seen.has(key)) { key += '\u0002'; }
      seen.add(key);
      return key;
    });
    Object.defineProperty(data, 'atlasKeys', {value: keys});
    return keys;
  }
  // Past a few thousand features SVG slows down; the layer is drawn on a canvas.
  function patch(entry, data) {
    var renderer = null;
    if (data.f.length > CANVAS_FROM) {
      entry.canvas = entry.canvas || L.canvas({padding: 0.5, pane: entry.pane});
      renderer = entry.canvas;
    }
    var keys = keysOf(data);
    var old = entry.byKey, next = new Map(), inOrder = [], made = [], firstMade = -1;
    data.f.forEach(function (f, i) {
      var key = keys[i];
      var layer = old.get(key);
      if (layer && (layer.options.renderer || null) === renderer) {
        old.delete(key);
      } else {
        layer = make(f, data.s[f[2]], renderer, entry.pane);
        made.push(layer);
        if (firstMade < 0) { firstMade = i; }
      }
      next.set(key, layer);
      inOrder.push(layer);
    });
    old.forEach(function (layer) { entry.group.removeLayer(layer); });
    made.forEach(function (layer) { entry.group.addLayer(layer); });
    // New features went on top; when some belong under kept ones (the diaspora
    // circles are drawn largest first), the rest of the layer is put back in order.
    if (made.length && firstMade < inOrder.length - made.length) {
      for (var i = firstMade; i < inOrder.length; i++) { inOrder[i].bringToFront(); }
    }
    entry.byKey = next;
  }
  // For tests and benchmarks: how many layers were drawn, how many are still on
  // their way, when the frame that shows the last one (and the first) began, and
  // what is shown.
  window.atlasDrawCount = 0;
  window.atlasDrawPending = 0;
  function drawn() {
    window.atlasDrawCount += 1;
    requestAnimationFrame(function () {
      window.atlasDrawPending -= 1;
      window.atlasDrawnAt = now();
      window.atlasFirstDrawnAt = window.atlasFirstDrawnAt || window.atlasDrawnAt;
    });
  }
  window.atlasShownCounts = function () {
    return order.filter(function (name) {
      return shown[name] && shown[name].group._map;
    }).map(function (name) { return shown[name].group.getLayers().length; });
  };
  // A layer given as data (small layers, and exports: everything inline).
  window.atlasDraw = function (group, data) {
    var entry = claim(group);
    window.atlasDrawPending += 1;
    entry.want = data;
    entry.url = null;
    patch(entry, data);
    drawn();
  };
  // A layer given as the URL of its JSON (big layers in the dashboard). URLs name
  // the content: the same URL as on the map is nothing to do, and the data of the
  // last few URLs is kept for steps back and forth.
  var fetched = new Map();
  function data(url) {
    var promise = fetched.get(url);
    if (!promise) { promise = getJson(url); }
    fetched.delete(url);
    fetched.set(url, promise);
    while (fetched.size > FETCHED_KEEP) { fetched.delete(fetched.keys().next().value); }
    return promise;
  }
  window.atlasDrawFrom = function (group, url) {
    var entry = claim(group);
    window.atlasDrawPending += 1;
    entry.want = url;
    if (entry.url === url) { drawn(); return; }
    data(url).then(function (ready) {
      if (entry.want !== url) { window.atlasDrawPending -= 1; return; }
      patch(entry, ready);
      entry.url = url;
      drawn();
    }, function (error) {
      fetched.delete(url);
      window.atlasDrawPending -= 1;
      console.error('Koryo Atlas: layer not drawn:', error);
    });
  };
  window.atlasShapes = function (group, ids) {
    forgetOldGroups();
    load('polities').then(function (all) {
      ids.forEach(function (id) {
        var p = all[id];
        if (!p) { return; }
        var style = Object.assign({pane: 'atlasBorders'}, p.style);
        group.addLayer(bind(L.geoJSON(p.geometry, {style: style}), p.tip, p.pop));
      });
    });
  };
  // A slider step drawn at once. After each step the map fetches the layers of the
  // years a step away (year_route.py); when the page's year slider moves to one of
  // them, it runs their calls as the step's own script would, and the step's run,
  // ~100 ms later, finds them drawn. The slider belongs to the host page: it is
  // found by its label and watched for the value it announces. Without it (an
  // export, another page), steps are drawn when the step's run arrives.
  var YEAR_SLIDER = 'input[type="range"][aria-label=' +
    JSON.stringify(%(year_label)s) + ']';
  var RUNNERS = {
    atlasDraw: window.atlasDraw, atlasDrawFrom: window.atlasDrawFrom,
    atlasShapes: window.atlasShapes
  };
  var ahead = new Map(), shownYear = null, shownDigest = null, preloadTimer = null;
  function fetchYear(url) {
    var item = {url: url, body: null};
    getJson(url).then(function (body) {
      // Ready once the layers' own files are here too: a step drawn ahead is then
      // drawn in one go, or left to the page's run.
      return Promise.all(body.calls.filter(function (call) {
        return call[1] === 'atlasDrawFrom';
      }).map(function (call) {
        return data(JSON.parse(call[2])).then(keysOf);
      })).then(function () { item.body = body; });
    }).catch(function (error) {
      console.warn('Koryo Atlas: layers not fetched ahead:', error);
    });
    return item;
  }
  // Run by each step's script, after its layers: the year shown, the digest of its
  // calls (and the calls, to draw it again when the slider comes back), and where
  // the years a step away are, fetched a moment later, while the page draws.
  // A run can answer after the slider has moved on (keys pressed faster than the
  // page answers): its year is then already stale, and the slider's year, if held,
  // is drawn again in the same task, before the browser paints the stale one.
  window.atlasPreload = function (year, shown, urls) {
    shownYear = year;
    shownDigest = shown.digest;
    var slid = sliderYear(), kept = new Map();
    Object.keys(urls).forEach(function (y) {
      var known = ahead.get(y);
      if (known && known.url === urls[y]) { kept.set(y, known); }
    });
    var atSlider = ahead.get(String(slid));  // maybe no neighbour of a stale year
    if (atSlider) { kept.set(String(slid), atSlider); }
    if (shown.calls) { kept.set(String(year), {url: shown.url, body: shown}); }
    ahead = kept;
    window.atlasRuns = (window.atlasRuns || 0) + 1;
    if (slid !== null && slid !== year) { stepTo(slid); }
    clearTimeout(preloadTimer);
    preloadTimer = setTimeout(function () {
      Object.keys(urls).forEach(function (y) {
        if (!ahead.has(y)) { ahead.set(y, fetchYear(urls[y])); }
      });
    }, PRELOAD_AFTER_MS);
  };
  // For tests: the years whose layers are here, ready to draw.
  window.atlasYearsAhead = function () {
    return Array.from(ahead.keys()).filter(function (y) {
      return ahead.get(y).body;
    }).map(Number);
  };
  function stepTo(year) {
    var item = ahead.get(String(year)), body = item && item.body;
    if (!body || year === shownYear || !theMap) { return; }
    shownYear = year;
    if (body.digest === shownDigest) { return; }
    shownDigest = body.digest;
    window.feature_group = window.feature_group || [];
    window.feature_group.forEach(function (g) { theMap.removeLayer(g); });
    body.calls.forEach(function (call) {
      var run = RUNNERS[call[1]];
      if (!run) { return; }
      var group = L.featureGroup();
      group.atlasName = call[0];
      run(group, JSON.parse(call[2]));
      group.addTo(theMap);
      window.feature_group.push(group);
    });
    window.atlasStepsAhead = (window.atlasStepsAhead || 0) + 1;
  }
  function hostPage() {
    try { return window.parent !== window ? window.parent.document : null; }
    catch (error) { return null; }  // another site's page
  }
  function yearOf(slider) {
    var year = slider ? parseInt(slider.getAttribute('aria-valuetext'), 10) : NaN;
    return isFinite(year) ? year : null;
  }
  // The year the page's slider shows now, or null (no slider: exports, other pages).
  function sliderYear() {
    var host = hostPage();
    return host ? yearOf(host.querySelector(YEAR_SLIDER)) : null;
  }
  function watchYearSlider() {
    var host = hostPage();
    if (!host || !host.body) { return; }
    new MutationObserver(function (records) {
      for (var i = records.length - 1; i >= 0; i--) {
        var target = records[i].target;
        if (target.matches && target.matches(YEAR_SLIDER)) {
          var year = yearOf(target);
          if (year !== null) { stepTo(year); }
          return;
        }
      }
    }).observe(host.body, {
      subtree: true, attributes: true, attributeFilter: ['aria-valuetext']
    });
  }
  window.atlasLand = function (map) {
    theMap = map;
    map.createPane('atlasLand').style.zIndex = 250;
    map.createPane('atlasBorders').style.zIndex = 350;
    if (!geo.land) { return; }
    load('land').then(function (land) {
      L.geoJSON(land, {pane: 'atlasLand', interactive: false, style: %(land)s})
        .addTo(map);
    });
    watchYearSlider();
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
        self.js = (
            RUNTIME_JS.replace("CANVAS_FROM", str(CANVAS_FROM))
            .replace("FETCHED_KEEP", str(FETCHED_KEEP))
            .replace("PRELOAD_AFTER_MS", str(PRELOAD_AFTER_MS))
        ) % {
            "year_label": json.dumps(YEAR_SLIDER_LABEL),
            "geo": script_json(json.dumps(geo, separators=(",", ":"))),
            "land": json.dumps(land),
            "order": json.dumps(list(styles.LAYER_ORDER)),
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


class _FeatureGroup(folium.FeatureGroup, RawMacroElement):
    """A FeatureGroup whose script is added as text.

    branca compiles each rendered piece as a Jinja template again, on every step.
    """


class _LayerCall(RawMacroElement):
    """One year layer: a call of the base map's renderer with ready-made JSON."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.atlasName = {{ this.name|tojson }};
        {{ this.function }}({{ this._parent.get_name() }}, {{ this.payload }});
        {% endmacro %}
    """)

    def __init__(self, function: str, payload: str, name: str):
        super().__init__()
        self.function, self.payload, self.name = function, payload, name


def script_json(text: str) -> str:
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
    fmap.get_root().header.add_child(RawText(MAP_CSS))
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
    keys = list(zip(*(frame[name].tolist() for name in STYLE_COLUMNS), strict=True))
    labels = frame["label"].tolist()
    popups = frame["popup_html"].tolist()
    coords_of = _all_coords(frame.geometry.values)
    for key, (kind, coords), label, popup in zip(
        keys, coords_of, labels, popups, strict=True
    ):
        index = style_index.get(key)
        if index is None:
            index = style_index[key] = len(style_list)
            style_list.append(
                _leaflet_style(
                    SimpleNamespace(**dict(zip(STYLE_COLUMNS, key, strict=True)))
                )
            )
        features.append(
            [kind, coords, index, _tip(label) if label else "", popup or ""]
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


def _latlngs(geometries: Any) -> list[list[list[float]]]:
    """[[lat, lon], ...] of each line or ring, rounded, in one pass for all of them.

    One numpy array and one ``tolist`` for every coordinate of a layer, then slices:
    per-geometry calls made a big layer's JSON several times slower.
    """
    xy, owner = shapely.get_coordinates(geometries, return_index=True)
    flat = np.round(xy, COORD_DECIMALS)[:, ::-1].tolist()
    ends = np.cumsum(np.bincount(owner, minlength=len(geometries))).tolist()
    return [flat[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _all_coords(geometries: Any) -> list[tuple[str, Any]]:
    """Kind and Leaflet coordinates of each geometry: points, lines, (multi)polygons."""
    geometries = np.asarray(geometries, dtype=object)
    kinds = shapely.get_type_id(geometries)
    out: list[tuple[str, Any]] = [("", None)] * len(geometries)
    points = np.flatnonzero(kinds == 0)
    if len(points):
        xy = np.round(shapely.get_coordinates(geometries[points]), COORD_DECIMALS)
        for index, (x, y) in zip(points.tolist(), xy.tolist(), strict=True):
            out[index] = ("c", [y, x])
    lines = np.flatnonzero(kinds == 1)
    if len(lines):
        for index, coords in zip(
            lines.tolist(), _latlngs(geometries[lines]), strict=True
        ):
            out[index] = ("l", coords)
    polygons = np.flatnonzero((kinds == 3) | (kinds == 6))  # Polygon, MultiPolygon
    if len(polygons):
        # Leaflet's nesting: polygon -> parts -> rings (exterior first) -> [lat, lon].
        parts, part_of = shapely.get_parts(geometries[polygons], return_index=True)
        rings, ring_of = shapely.get_rings(parts, return_index=True)
        rings_of_part: list[list[Any]] = [[] for _ in range(len(parts))]
        for coords, part in zip(_latlngs(rings), ring_of.tolist(), strict=True):
            rings_of_part[part].append(coords)
        parts_of: list[list[Any]] = [[] for _ in range(len(polygons))]
        for part_rings, polygon in zip(rings_of_part, part_of.tolist(), strict=True):
            parts_of[polygon].append(part_rings)
        for index, value in zip(polygons.tolist(), parts_of, strict=True):
            out[index] = ("p", value)
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
    return script_json(orjson.dumps(data).decode("utf-8"))


def layer_groups(layers: Mapping[str, gpd.GeoDataFrame]) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer with its data inlined (exports), bottom first."""
    return call_groups(
        {
            name: inline_call(name, layer_payload(name, frame))
            for name, frame in layers.items()
        }
    )


def inline_call(name: str, payload: str) -> tuple[str, str]:
    """The runtime call drawing a layer from its ``layer_payload`` text itself.

    Borders name the polities in force (``atlasShapes``); other layers are data.
    """
    return ("atlasShapes" if name == "borders" else "atlasDraw", payload)


def call_groups(calls: Mapping[str, tuple[str, str]]) -> list[folium.FeatureGroup]:
    """FeatureGroups that each run ``function(group, argument)`` (see RUNTIME_JS)."""
    groups = []
    for name, (function, argument) in calls.items():
        group = _FeatureGroup(name=styles.LAYER_LABELS[name])
        call = _LayerCall(function, argument, name)
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
