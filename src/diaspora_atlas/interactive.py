"""The folium map: a static base (land, optional tiles) and one group per year layer.

The base never changes with the year, so the dashboard mounts it once and swaps only
the layer groups (st_folium's ``feature_group_to_add``): pan and zoom survive and the
map does not flash. Leaflet and jQuery come from the app or are inlined, never a CDN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import mapping

from . import styles
from .assets import localise
from .borders import land_geometry
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


def js_safe(html: str) -> str:
    r"""Make HTML safe inside folium's JS template literals (backticks, ${, \)."""
    return html.replace("\\", "&#92;").replace("`", "&#96;").replace("${", "&#36;{")


class _Attribution(MacroElement):
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


def base_map(
    atlas: Atlas, basemap: str = "offline", *, asset_base: str | None = None
) -> folium.Map:
    """The year-independent map: land from Natural Earth, tiles only if asked."""
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
    if choice.tiles:
        folium.TileLayer(
            choice.tiles, attr=choice.attribution, name=choice.label, max_zoom=18
        ).add_to(fmap)
    else:
        folium.GeoJson(
            _land_geojson(atlas),
            name="land",
            interactive=False,
            style_function=lambda _f: {
                "fillColor": styles.LAND_FILL,
                "color": styles.LAND_STROKE,
                "weight": 0.6,
                "fillOpacity": 1.0,
            },
        ).add_to(fmap)
    _Attribution(h(ATTRIBUTION)).add_to(fmap)
    localise(fmap, **({"base": asset_base} if asset_base else {}))
    return fmap


@lru_cache(maxsize=4)
def _land_geojson(atlas: Atlas) -> dict:
    return {
        "type": "Feature",
        "properties": {},
        "geometry": mapping(land_geometry(atlas)),
    }


def layer_groups(
    layers: Mapping[str, gpd.GeoDataFrame], *, asset_base: str | None = None
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per layer, bottom first, ready for ``feature_group_to_add``."""
    groups = []
    for name, frame in layers.items():
        group = folium.FeatureGroup(name=styles.LAYER_LABELS[name])
        for row in frame.itertuples(index=False):
            _add_row(group, row)
        localise(group, **({"base": asset_base} if asset_base else {}))
        _stable_ids(group, name)
        groups.append(group)
    return groups


def _stable_ids(group: folium.FeatureGroup, prefix: str) -> None:
    """Name every element by its place in the layer instead of a random uuid.

    The same year and layers then give byte-identical JavaScript, so the browser
    keeps the drawn layers (and any open popup) when the page reruns for a click or
    a pan, and the component receives nothing new to evaluate.
    """
    stack = list(group._children.values())
    count = 0
    while stack:
        node = stack.pop(0)
        node._id = f"{prefix}_{count}"
        count += 1
        stack.extend(node._children.values())
        html = getattr(node, "html", None)
        if html is not None and hasattr(html, "_id"):
            html._id = f"{prefix}_{count}_html"
            stack.extend(html._children.values())
            count += 1


def _add_row(group: folium.FeatureGroup, row: object) -> None:
    geometry = row.geometry
    tooltip = folium.Tooltip(js_safe(h(row.label)), sticky=True) if row.label else None
    popup = (
        folium.Popup(js_safe(row.popup_html), max_width=360, lazy=True)
        if row.popup_html
        else None
    )
    dash = row.dash or None
    if geometry.geom_type == "Point":
        folium.CircleMarker(
            location=(geometry.y, geometry.x),
            radius=row.radius_px,
            color=row.colour,
            weight=row.weight,
            opacity=row.opacity,
            fill=True,
            fill_color=row.fill_colour or row.colour,
            fill_opacity=row.fill_opacity,
            dash_array=dash,
            tooltip=tooltip,
            popup=popup,
        ).add_to(group)
    elif geometry.geom_type == "LineString":
        folium.PolyLine(
            locations=[(y, x) for x, y in geometry.coords],
            color=row.colour,
            weight=row.weight,
            opacity=row.opacity,
            dash_array=dash,
            tooltip=tooltip,
            popup=popup,
        ).add_to(group)
    else:
        style = {
            "color": row.colour,
            "weight": row.weight,
            "opacity": row.opacity,
            "fillColor": row.fill_colour,
            "fillOpacity": row.fill_opacity,
        }
        if dash:
            style["dashArray"] = dash
        layer = folium.GeoJson(mapping(geometry), style_function=lambda _f, s=style: s)
        if tooltip is not None:
            layer.add_child(tooltip)
        if popup is not None:
            layer.add_child(popup)
        layer.add_to(group)


def full_map(
    atlas: Atlas,
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap: str = "offline",
    asset_base: str | None = None,
) -> folium.Map:
    """Base map with the layers drawn in (exports: no dashboard to swap layers)."""
    fmap = base_map(atlas, basemap, asset_base=asset_base)
    for group in layer_groups(layers, asset_base=asset_base):
        group.add_to(fmap)
    return fmap
