"""Static snapshots with matplotlib (no browser): same layers, colours and sizes.

The map is drawn in Web Mercator like Leaflet, so a snapshot of an area looks like the
interactive map of that area. Symbol sizes are the interactive map's pixels converted
to points (``styles.PX_TO_PT``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patches import Polygon as MplPolygon

from . import styles
from .borders import land_geometry
from .legend import LegendItem, legend_items, sources_line
from .timeline import AtlasView

MERCATOR = "EPSG:3857"
BASE_DPI = 96.0
LABEL_KINDS = ("city", "island")
MARGIN_IN = 0.15
TITLE_IN = 0.55
LEGEND_IN = 2.3
LEGEND_PT = 7.0
LEGEND_MIN_PT = 4.5
LEGEND_LABEL_CHARS = 30
FOOTER_PT = 6.5
FOOTER_MAX_LINES = 6
# DejaVu Sans for Latin and Cyrillic, NanumGothic for Hangul and kana (source titles).
FONT = ["DejaVu Sans", "NanumGothic"]


def _register_fonts() -> None:
    """Make the NanumGothic files of koreanize-matplotlib known to matplotlib.

    The files are found through the distribution's metadata: importing the package
    would run its koreanize(), which changes matplotlib's global settings.
    """
    from importlib.metadata import PackageNotFoundError, files

    from matplotlib import font_manager

    try:
        shipped = files("koreanize-matplotlib") or []
    except PackageNotFoundError:
        return  # Hangul then shows as boxes; nothing else changes
    for path in shipped:
        if path.name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
            font_manager.fontManager.addfont(str(path.locate()))


_register_fonts()


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


@dataclass(frozen=True)
class _Layout:
    """Where the title, map, legend column and sources footer go, in inches."""

    width: float
    height: float
    footer: tuple[str, ...]

    @property
    def footer_height(self) -> float:
        return len(self.footer) * FOOTER_PT * 1.4 / 72 + MARGIN_IN

    def rect(self, x: float, y: float, w: float, h: float) -> tuple[float, ...]:
        """Inches from the bottom left -> figure fractions."""
        return (x / self.width, y / self.height, w / self.width, h / self.height)

    @property
    def map_rect(self) -> tuple[float, ...]:
        return self.rect(
            MARGIN_IN,
            self.footer_height,
            self.width - LEGEND_IN - 2 * MARGIN_IN,
            self.height - TITLE_IN - self.footer_height,
        )

    @property
    def legend_x(self) -> float:
        return self.width - LEGEND_IN


def _layout(snapshot: Snapshot) -> _Layout:
    width, height = snapshot.width_px / BASE_DPI, snapshot.height_px / BASE_DPI
    chars = max(40, int((width - 2 * MARGIN_IN) * 72 / (FOOTER_PT * 0.6)))
    lines = textwrap.wrap(sources_line(snapshot.view, snapshot.layers), chars)
    if len(lines) > FOOTER_MAX_LINES:
        lines = [
            *lines[: FOOTER_MAX_LINES - 1],
            "... (every source is listed in the CSV and GeoJSON exports)",
        ]
    return _Layout(width, height, tuple(lines))


def render_figure(snapshot: Snapshot) -> Figure:
    """A matplotlib figure of the snapshot: map, title, legend, sources line."""
    layout = _layout(snapshot)
    fig = plt.figure(
        figsize=(layout.width, layout.height), dpi=BASE_DPI * snapshot.scale
    )
    fig.patch.set_facecolor("white")
    ax = fig.add_axes(layout.map_rect)
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
        MARGIN_IN / layout.width,
        1 - 0.12 / layout.height,
        snapshot.title or f"Koryo Atlas: {snapshot.view.year}",
        fontsize=15,
        fontweight="bold",
        va="top",
        family=FONT[0],  # titles are Latin; NanumGothic has no bold weight here
    )
    _draw_legend(fig, layout, legend_items(dict(snapshot.layers)))
    fig.text(
        MARGIN_IN / layout.width,
        0.5 * MARGIN_IN / layout.height,
        "\n".join(layout.footer),
        fontsize=FOOTER_PT,
        va="bottom",
        family=FONT,
        color="#333333",
        linespacing=1.25,
    )
    return fig


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
    """All polities in one collection: translucent fills, opaque outlines."""
    rgba = matplotlib.colors.to_rgba
    gpd.GeoSeries(frame.geometry.values).plot(
        ax=ax,
        facecolor=[
            rgba(c, a)
            for c, a in zip(frame["fill_colour"], frame["fill_opacity"], strict=True)
        ],
        edgecolor=list(frame["colour"]),
        linewidth=[_pt(w) for w in frame["weight"]],
        zorder=1,
    )


def _draw_lines(ax: plt.Axes, frame: gpd.GeoDataFrame, zorder: float) -> None:
    """Lines in one collection and arrowheads in another, one style per feature."""
    rgba = matplotlib.colors.to_rgba
    lines = frame[frame.geometry.geom_type == "LineString"]
    heads = frame[frame.geometry.geom_type != "LineString"]
    if len(lines):
        collection = LineCollection(
            [list(g.coords) for g in lines.geometry],
            colors=[
                rgba(c, a)
                for c, a in zip(lines["colour"], lines["opacity"], strict=True)
            ],
            linewidths=[_pt(w) for w in lines["weight"]],
            linestyles=[
                _linestyle(d, w)
                for d, w in zip(lines["dash"], lines["weight"], strict=True)
            ],
            capstyle="round",
            zorder=zorder,
        )
        collection.set_gid(f"{frame['layer'].iloc[0]}:lines")
        ax.add_collection(collection)
    if len(heads):
        patches = PatchCollection(
            [MplPolygon(list(g.exterior.coords)) for g in heads.geometry],
            facecolors=[
                rgba(c or o, a)
                for c, o, a in zip(
                    heads["fill_colour"], heads["colour"], heads["opacity"], strict=True
                )
            ],
            linewidths=0,
            zorder=zorder + 0.1,
        )
        ax.add_collection(patches)


def _linestyle(dash: str, weight_px: float) -> Any:
    dashes = _dashes(dash, weight_px)
    return (0, dashes) if dashes else "solid"


def _draw_routes(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_lines(ax, frame, zorder=3)


def _draw_relations(ax: plt.Axes, frame: gpd.GeoDataFrame) -> None:
    _draw_lines(ax, frame, zorder=2)


def _draw_circles(ax: plt.Axes, frame: gpd.GeoDataFrame, zorder: float) -> None:
    """One scatter per layer; marker area in points squared, as the map's pixels."""
    rgba = matplotlib.colors.to_rgba
    collection = ax.scatter(
        frame.geometry.x,
        frame.geometry.y,
        s=[(2 * _pt(r)) ** 2 for r in frame["radius_px"]],
        facecolors=[
            rgba(f or "#ffffff", a)
            for f, a in zip(frame["fill_colour"], frame["fill_opacity"], strict=True)
        ],
        edgecolors=[
            rgba(c, a) for c, a in zip(frame["colour"], frame["opacity"], strict=True)
        ],
        linewidths=[_pt(w) for w in frame["weight"]],
        linestyles=["--" if d else "-" for d in frame["dash"]],
        zorder=zorder,
    )
    collection.set_gid(frame["layer"].iloc[0])


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


def _draw_size_key(fig: Figure, layout: _Layout, items: list[LegendItem]) -> float:
    """Nested reference circles, true to the map's scale; returns the height used."""
    if not items:
        return 0.0
    biggest = _pt(max(i.size_px for i in items))
    side = 2 * biggest / 72 + 0.25
    ax = fig.add_axes(
        layout.rect(layout.legend_x, layout.footer_height, LEGEND_IN - MARGIN_IN, side)
    )
    ax.set_axis_off()
    ax.set_xlim(0, (LEGEND_IN - MARGIN_IN) * 72)
    ax.set_ylim(0, side * 72)
    ax.set_aspect("equal")
    base = 0.12 * 72
    for item in sorted(items, key=lambda i: -i.size_px):
        r = _pt(item.size_px)
        fill = matplotlib.colors.to_rgba(item.fill, styles.DIASPORA_FILL_OPACITY)
        ax.add_patch(
            matplotlib.patches.Circle(
                (base + biggest, base + r),
                r,
                facecolor=fill,
                edgecolor=item.colour,
                linewidth=0.8,
            )
        )
        ax.annotate(
            item.label,
            (base + biggest, base + 2 * r),
            xytext=(base + 2 * biggest + 6, base + 2 * r),
            fontsize=6.5,
            family=FONT,
            va="center",
            arrowprops={"arrowstyle": "-", "linewidth": 0.4, "color": "#555555"},
        )
    return side


def _draw_legend(fig: Figure, layout: _Layout, items: list[LegendItem]) -> None:
    """Grouped legend rows in the right-hand column, shrunk to fit its height."""
    sizes = [i for i in items if i.layer == "diaspora" and not i.dash]
    key_height = _draw_size_key(fig, layout, sizes)
    handles, labels = [], []
    current = None
    for item in (i for i in items if i not in sizes):
        if item.layer != current:
            current = item.layer
            handles.append(Line2D([], [], linestyle="none"))
            labels.append(styles.LAYER_LABELS[item.layer].upper())
        handles.append(_handle(item))
        labels.append("\n".join(textwrap.wrap(item.label, LEGEND_LABEL_CHARS)))
    if not handles:
        return
    top = layout.height - TITLE_IN
    room = top - layout.footer_height - key_height - MARGIN_IN
    rows = sum(label.count("\n") + 1 for label in labels)
    size = max(LEGEND_MIN_PT, min(LEGEND_PT, room * 72 / (rows * 1.75)))
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(layout.legend_x / layout.width, top / layout.height),
        frameon=False,
        handlelength=2.2,
        borderaxespad=0,
        labelspacing=0.45,
        prop={"family": FONT, "size": size},
    )
