"""Legends as data, drawn as HTML (dashboard, exported HTML) or by matplotlib.

Items come from the layer frames actually shown, so a legend never lists what the map
does not draw.
"""

from __future__ import annotations

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


def swatch_svg(item: LegendItem) -> str:
    """A small SVG drawing of the item's symbol."""
    head = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
    if item.shape in ("circle", "ring"):
        r = max(item.size_px, 2.0)
        size = 2 * r + 4
        stroke = 3 if item.shape == "ring" else 1.5
        dash = f' stroke-dasharray="{h(item.dash)}"' if item.dash else ""
        return (
            head.format(w=f"{size:.0f}", h=f"{size:.0f}")
            + f'<circle cx="{size / 2}" cy="{size / 2}" r="{r:.1f}" '
            f'fill="{h(item.fill or "none")}" fill-opacity="{0.6 if item.fill else 0}" '
            f'stroke="{h(item.colour)}" stroke-width="{stroke}"{dash}/></svg>'
        )
    if item.shape == "line":
        dash = f' stroke-dasharray="{h(item.dash)}"' if item.dash else ""
        return (
            head.format(w=34, h=14) + f'<line x1="2" y1="7" x2="32" y2="7" '
            f'stroke="{h(item.colour)}" stroke-width="{item.size_px:.1f}" '
            f'stroke-opacity="{item.opacity}"{dash}/></svg>'
        )
    return (
        head.format(w=22, h=14) + f'<rect x="1" y="1" width="20" height="12" '
        f'fill="{h(item.fill)}" fill-opacity="{item.opacity}" '
        f'stroke="{h(item.colour)}"/></svg>'
    )


def _swatch(item: LegendItem) -> str:
    """The SVG as an <img> data URI: survives HTML sanitisers that drop inline SVG.

    Percent-encoded rather than base64: a third of the size, and the legend is sent
    again with every slider step.
    """
    svg = swatch_svg(item).replace('"', "'")
    for char, code in (("%", "%25"), ("#", "%23"), ("<", "%3C"), (">", "%3E")):
        svg = svg.replace(char, code)
    return f'<img alt="" src="data:image/svg+xml,{svg}">'


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
