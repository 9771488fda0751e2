"""Legends as data, drawn as HTML (dashboard, exported HTML) or by matplotlib.

Items come from the layer frames actually shown, so a legend never lists what the map
does not draw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from . import styles
from .popups import h

if TYPE_CHECKING:
    from .timeline import AtlasView

ATTRIBUTION = (
    "Natural Earth 1:10m v5.1.1 (public domain); historical borders "
    "composed by Koryo Atlas"
)


@dataclass(frozen=True)
class LegendItem:
    """One swatch and its label."""

    layer: str
    label: str
    shape: str  # circle, ring, line, patch
    colour: str
    fill: str = ""
    size_px: float = 6.0  # circle radius or line width
    dash: str = ""
    opacity: float = 1.0


def legend_items(layers: dict[str, gpd.GeoDataFrame]) -> list[LegendItem]:
    """One group of items per visible layer, in the layers' order."""
    items: list[LegendItem] = []
    for name in styles.LAYER_LABELS:
        if name in layers:
            items += _ITEMS[name](layers[name])
    return items


def _places(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    present = set(frame["kind"].unique())
    kinds = [k for k in styles.PLACE_STYLE if k in present]
    return [
        LegendItem(
            "places",
            kind,
            "circle",
            "#ffffff",
            styles.PLACE_STYLE[kind][0],
            styles.PLACE_STYLE[kind][1],
        )
        for kind in kinds
    ]


def _diaspora(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    items = [
        LegendItem(
            "diaspora",
            f"{people:,} Koreans",
            "circle",
            styles.DIASPORA_STROKE,
            styles.DIASPORA_FILL,
            styles.diaspora_radius_px(people),
        )
        for people in styles.LEGEND_PEOPLE
    ]
    if len(frame) and frame["disputed"].any():
        items.append(
            LegendItem(
                "diaspora",
                "dashed: sources disagree",
                "circle",
                styles.DIASPORA_STROKE,
                styles.DIASPORA_FILL,
                6.0,
                dash="4 3",
            )
        )
    return items


def _routes(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    present = set(frame["kind"].unique())
    kinds = [k for k in styles.MOVEMENT_COLOURS if k in present]
    items = [
        LegendItem(
            "routes",
            styles.MOVEMENT_LABELS[k],
            "line",
            styles.MOVEMENT_COLOURS[k],
            size_px=3.0,
        )
        for k in kinds
    ]
    items += [
        LegendItem(
            "routes",
            f"{people:,} people",
            "line",
            "#555555",
            size_px=styles.route_weight_px(people),
        )
        for people in styles.LEGEND_ROUTE_PEOPLE
    ]
    if len(frame) and (frame["state"] == "past").any():
        items.append(
            LegendItem(
                "routes",
                "faded: finished",
                "line",
                "#555555",
                size_px=3.0,
                opacity=styles.ROUTE_PAST_OPACITY,
            )
        )
    if len(frame) and frame["people"].isna().any():
        items.append(
            LegendItem(
                "routes",
                "dashed: number unknown",
                "line",
                "#555555",
                size_px=2.0,
                dash="6 4",
            )
        )
    return items


def _events(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    return [
        LegendItem(
            "events",
            "event of the year",
            "ring",
            styles.EVENT_COLOUR,
            "#ffffff",
            styles.EVENT_RADIUS_PX,
        )
    ]


def _relations(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    return [
        LegendItem(
            "relations",
            "diplomatic ties, no trade figure",
            "line",
            styles.RELATION_COLOUR,
            size_px=styles.RELATION_MIN_WEIGHT_PX,
            dash="2 5",
        ),
        LegendItem(
            "relations",
            "trade $1 billion",
            "line",
            styles.RELATION_COLOUR,
            size_px=styles.relation_weight_px(1e9),
        ),
        LegendItem(
            "relations",
            "trade $20 billion",
            "line",
            styles.RELATION_COLOUR,
            size_px=styles.relation_weight_px(20e9),
        ),
    ]


def _borders(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    return [
        LegendItem(
            "borders",
            str(row.label),
            "patch",
            styles.POLITY_STROKE,
            styles.POLITY_FILLS[row.kind],
            opacity=styles.POLITY_FILL_OPACITY,
        )
        for row in frame.itertuples()
    ]


def _mentions(frame: gpd.GeoDataFrame) -> list[LegendItem]:
    return [
        LegendItem(
            "mentions",
            f"named {count} time{'s' if count != 1 else ''}",
            "circle",
            styles.MENTION_COLOUR,
            styles.MENTION_COLOUR,
            styles.mention_radius_px(count),
        )
        for count in styles.LEGEND_MENTIONS
    ]


_ITEMS = {
    "places": _places,
    "diaspora": _diaspora,
    "routes": _routes,
    "events": _events,
    "relations": _relations,
    "borders": _borders,
    "mentions": _mentions,
}


def _swatch(item: LegendItem) -> str:
    """The item's symbol drawn with CSS (a styled empty span).

    Not an SVG image: the dashboard draws the legend again on every slider step, and
    twenty data-URI images to decode each time cost more than the rest of the step's
    page update (measured in chromium, `make bench`). Inline SVG is not an option:
    Streamlit's HTML sanitiser drops it.
    """
    base = "display:inline-block;box-sizing:border-box;flex:none;"
    colour = _css_colour(item.colour)
    if item.shape in ("circle", "ring"):
        r = max(item.size_px, 2.0)
        stroke = 3 if item.shape == "ring" else 1.5
        fill = _css_colour(item.fill, 0.6) if item.fill else "transparent"
        style = (
            f"width:{2 * r + stroke:.1f}px;height:{2 * r + stroke:.1f}px;"
            f"border-radius:50%;background:{fill};"
            f"border:{stroke}px {_line_style(item.dash)} {colour}"
        )
    elif item.shape == "line":
        style = (
            f"width:30px;height:0;margin:0 2px;opacity:{item.opacity};"
            f"border-top:{item.size_px:.1f}px {_line_style(item.dash)} "
            f"{colour}"
        )
    else:
        style = (
            f"width:20px;height:12px;margin:0 1px;"
            f"background:{_css_colour(item.fill, item.opacity)};"
            f"border:1px solid {colour}"
        )
    return f'<span style="{base}{style}"></span>'


def _line_style(dash: str) -> str:
    """CSS's nearest border style to a dash pattern: "2 5" dots, "6 4" dashes."""
    if not dash:
        return "solid"
    first = dash.replace(",", " ").split()[0]
    return (
        "dotted"
        if first.replace(".", "", 1).isdigit() and float(first) <= 2
        else "dashed"
    )


def _css_colour(colour: str, alpha: float = 1.0) -> str:
    """A #rrggbb colour as rgba() with ``alpha``; anything else is dropped to grey."""
    hex_digits = colour.strip().lstrip("#")
    if re.fullmatch("[0-9a-fA-F]{6}", hex_digits):
        red, green, blue = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    else:
        red = green = blue = 128
    return f"rgba({red},{green},{blue},{round(float(alpha), 3)})"


def legend_html(items: list[LegendItem]) -> str:
    """A compact legend: a heading per layer, a swatch and label per item."""
    parts = ['<div class="atlas-legend" style="font:12px sans-serif;line-height:1.3">']
    current = None
    for item in items:
        if item.layer != current:
            current = item.layer
            parts.append(
                f'<div style="font-weight:bold;margin-top:4px">'
                f"{h(styles.LAYER_LABELS[item.layer])}</div>"
            )
        parts.append(
            f'<div style="display:flex;align-items:center;gap:6px">'
            f"{_swatch(item)}<span>{h(item.label)}</span></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def sources_line(view: AtlasView, layers: Mapping[str, Any]) -> str:
    """Who the visible figures come from, and the basemap: the footer of snapshots."""
    ids: set[str] = set()
    for frame in layers.values():
        for value in frame["source_ids"]:
            ids.update(i for i in str(value).split(";") if i)
    sources = view.atlas.sources
    titles = sorted({sources[i].title for i in ids if i in sources})
    shown = "; ".join(titles[:12]) + (
        f"; and {len(titles) - 12} more" if len(titles) > 12 else ""
    )
    return f"Sources: {shown or 'none'}. {ATTRIBUTION}."
