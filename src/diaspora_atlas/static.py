"""Static snapshots with matplotlib (no browser): same layers, colours and sizes.

The map is drawn in Web Mercator like Leaflet, so a snapshot of an area looks like the
interactive map of that area. Symbol sizes are the interactive map's pixels converted
to points (``styles.PX_TO_PT``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import styles
from .borders import land_geometry
from .legend import ATTRIBUTION, LegendItem, legend_items
from .timeline import AtlasView

MERCATOR = "EPSG:3857"
BASE_DPI = 96.0
LABEL_KINDS = ("city", "island")
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Snapshot:
    """What to draw: a view, its layers, the area and the output size."""

    view: AtlasView
    layers: Mapping[str, gpd.GeoDataFrame]
    bbox: tuple[float, float, float, float]  # west, south, east, north (degrees)
    width_px: int = 1600
    height_px: int = 1000
    scale: float = 1.0
    title: str = ""


def render_figure(snapshot: Snapshot) -> Figure:
    """A matplotlib figure of the snapshot: map, title, legend, sources line."""
    dpi = BASE_DPI * snapshot.scale
    fig = plt.figure(
        figsize=(snapshot.width_px / BASE_DPI, snapshot.height_px / BASE_DPI), dpi=dpi
    )
    fig.patch.set_facecolor("white")
    legend_share = 0.22
    ax = fig.add_axes((0.01, 0.07, 0.98 - legend_share, 0.84))
    ax.set_facecolor(styles.SEA_COLOUR)
    ax.set_axis_off()
    ax.add_patch(
        matplotlib.patches.Rectangle(
            (0, 0), 1, 1, transform=ax.transAxes, facecolor=styles.SEA_COLOUR, zorder=-1
        )
    )
    _draw_land(ax, snapshot)
    for name, frame in snapshot.layers.items():
        if len(frame):
            _DRAWERS[name](ax, frame.to_crs(MERCATOR))
    _set_extent(ax, snapshot)
    fig.text(
        0.01,
        0.965,
        snapshot.title or f"Koryo Atlas: {snapshot.view.year}",
        fontsize=16,
        fontweight="bold",
        va="top",
        family=FONT,
    )
    _draw_legend(fig, legend_items(dict(snapshot.layers)), legend_share)
    fig.text(
        0.01,
        0.02,
        sources_line(snapshot),
        fontsize=7,
        va="bottom",
        family=FONT,
        wrap=True,
        color="#333333",
    )
    return fig


def sources_line(snapshot: Snapshot) -> str:
    """Who the visible figures come from, and the basemap."""
    ids: set[str] = set()
    for frame in snapshot.layers.values():
        for value in frame["source_ids"]:
            ids.update(i for i in str(value).split(";") if i)
    titles = sorted(
        {
            snapshot.view.atlas.sources[i].title
            for i in ids
            if i in snapshot.view.atlas.sources
        }
    )
    shown = "; ".join(titles[:12]) + (
        f"; and {len(titles) - 12} more" if len(titles) > 12 else ""
    )
    return f"Sources: {shown or 'none'}. {ATTRIBUTION}."


def _draw_land(ax: plt.Axes, snapshot: Snapshot) -> None:
    land = gpd.GeoSeries([land_geometry(snapshot.view.atlas)], crs="EPSG:4326")
    land.to_crs(MERCATOR).plot(
        ax=ax,
        color=styles.LAND_FILL,
        edgecolor=styles.LAND_STROKE,
        linewidth=0.4,
        zorder=0,
    )


def _pt(px: float) -> float:
    return px * styles.PX_TO_PT


def _dashes(dash: str, weight_px: float) -> tuple[float, ...] | None:
    if not dash:
        return None
    parts = [float(p) for p in dash.split()]
    return tuple(p / max(weight_px, 1.0) for p in parts)


def _draw_borders(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    for row in frame.itertuples():
        gpd.GeoSeries([row.geometry]).plot(
            ax=ax,
            facecolor=row.fill_colour,
            alpha=row.fill_opacity,
            edgecolor="none",
            zorder=1,
        )
        gpd.GeoSeries([row.geometry]).boundary.plot(
            ax=ax, color=row.colour, linewidth=_pt(row.weight), zorder=1.1
        )


def _draw_lines(ax: plt.Axes, frame: gpd.GeoDataFrame, zorder: float) -> None:
    for row in frame.itertuples():
        if row.geometry.geom_type == "LineString":
            xs, ys = row.geometry.xy
            line = Line2D(
                xs,
                ys,
                color=row.colour,
                linewidth=_pt(row.weight),
                alpha=row.opacity,
                zorder=zorder,
                solid_capstyle="round",
            )
            dashes = _dashes(row.dash, row.weight)
            if dashes:
                line.set_dashes(dashes)
            ax.add_line(line)
        else:
            xs, ys = row.geometry.exterior.xy
            ax.fill(
                xs,
                ys,
                color=row.fill_colour or row.colour,
                alpha=row.opacity,
                zorder=zorder + 0.1,
                linewidth=0,
            )


def _draw_routes(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_lines(ax, frame, zorder=3)


def _draw_relations(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_lines(ax, frame, zorder=2)


def _draw_circles(ax: plt.Axes, frame: gpd.GeoDataFrame, zorder: float) -> None:
    rgba = matplotlib.colors.to_rgba
    for row in frame.itertuples():
        diameter_pt = 2 * _pt(row.radius_px)
        ax.scatter(
            [row.geometry.x],
            [row.geometry.y],
            s=diameter_pt**2,
            facecolors=[rgba(row.fill_colour or "#ffffff", row.fill_opacity)],
            edgecolors=[rgba(row.colour, row.opacity)],
            linewidths=_pt(row.weight),
            linestyle="--" if row.dash else "-",
            zorder=zorder,
        )


def _draw_diaspora(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_circles(ax, frame, zorder=4)


def _draw_places(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_circles(ax, frame, zorder=5)
    for row in frame.itertuples():
        if row.kind in LABEL_KINDS:
            ax.annotate(
                str(row.name_in_year),
                (row.geometry.x, row.geometry.y),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7,
                family=FONT,
                zorder=6,
                color="#222222",
            )


def _draw_events(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_circles(ax, frame, zorder=7)


_DRAWERS = {
    "borders": _draw_borders,
    "relations": _draw_relations,
    "routes": _draw_routes,
    "diaspora": _draw_diaspora,
    "places": _draw_places,
    "events": _draw_events,
}


def _set_extent(ax: plt.Axes, snapshot: Snapshot) -> None:
    west, south, east, north = snapshot.bbox
    corners = gpd.GeoSeries(
        gpd.points_from_xy([west, east], [south, north]), crs="EPSG:4326"
    ).to_crs(MERCATOR)
    x0, x1 = corners.x
    y0, y1 = corners.y
    # Fill the axes: widen the shorter side so the map keeps its proportions.
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    axes_ratio = (box.width * fig_w) / (box.height * fig_h)
    cx, cy, w, hgt = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if w / hgt < axes_ratio:
        w = hgt * axes_ratio
    else:
        hgt = w / axes_ratio
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - hgt / 2, cy + hgt / 2)
    ax.set_aspect("auto")  # the limits already match the axes: equal scale, full box


def _handle(item: LegendItem) -> Line2D | Patch:
    if item.shape == "patch":
        return Patch(facecolor=item.fill, edgecolor=item.colour, alpha=item.opacity)
    if item.shape == "line":
        line = Line2D(
            [], [], color=item.colour, linewidth=_pt(item.size_px), alpha=item.opacity
        )
        dashes = _dashes(item.dash, item.size_px)
        if dashes:
            line.set_dashes(dashes)
        return line
    size = 2 * _pt(item.size_px)
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=size,
        markerfacecolor=matplotlib.colors.to_rgba(
            item.fill or "#ffffff", 0.6 if item.fill else 0
        ),
        markeredgecolor=item.colour,
        markeredgewidth=2.2 if item.shape == "ring" else 1.0,
    )


def _draw_size_key(fig: Figure, items: list[LegendItem], share: float) -> None:
    """Nested reference circles, true to the map's scale (too big for a legend row)."""
    if not items:
        return
    biggest = max(i.size_px for i in items)
    side_in = 2 * _pt(biggest) / 72 + 0.3
    fig_w, fig_h = fig.get_size_inches()
    ax = fig.add_axes((1 - share + 0.005, 0.08, side_in * 2.4 / fig_w, side_in / fig_h))
    ax.set_axis_off()
    ax.set_xlim(0, 2.4 * side_in * 72)
    ax.set_ylim(0, side_in * 72)
    ax.set_aspect("equal")
    base = 0.15 * 72
    for item in sorted(items, key=lambda i: -i.size_px):
        r = _pt(item.size_px)
        ax.add_patch(
            matplotlib.patches.Circle(
                (base + _pt(biggest), base + r),
                r,
                facecolor=matplotlib.colors.to_rgba(
                    item.fill, styles.DIASPORA_FILL_OPACITY
                ),
                edgecolor=item.colour,
                linewidth=0.8,
            )
        )
        ax.annotate(
            item.label,
            (base + _pt(biggest), base + 2 * r),
            xytext=(base + 2 * _pt(biggest) + 6, base + 2 * r),
            fontsize=6.5,
            family=FONT,
            va="center",
            arrowprops={"arrowstyle": "-", "linewidth": 0.4, "color": "#555555"},
        )


def _draw_legend(fig: Figure, items: list[LegendItem], share: float) -> None:
    sizes = [i for i in items if i.layer == "diaspora" and not i.dash]
    _draw_size_key(fig, sizes, share)
    items = [i for i in items if i not in sizes]
    handles, labels = [], []
    current = None
    for item in items:
        if item.layer != current:
            current = item.layer
            handles.append(Line2D([], [], linestyle="none"))
            labels.append(styles.LAYER_LABELS[item.layer].upper())
        handles.append(_handle(item))
        labels.append(item.label)
    if not handles:
        return
    columns = max(1, math.ceil(len(handles) / 34))
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(1 - share, 0.91),
        frameon=False,
        fontsize=7,
        ncols=columns,
        handlelength=2.4,
        borderaxespad=0,
        labelspacing=0.55,
        prop={"family": FONT, "size": 7},
    )
