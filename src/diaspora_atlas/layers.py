"""One function per map layer: a view at a year -> a styled GeoDataFrame.

Every layer frame has the same standard columns, so the renderers (interactive.py,
static.py) and exports never need to know which layer they draw:
``geometry, layer, kind, label, popup_html, source_ids, colour, fill_colour,
fill_opacity, opacity, weight, radius_px, dash, place_id`` plus data columns
(people, figure_year, ...) that exports carry as properties. Text from data is escaped
here, once, before it can reach HTML.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, Point, Polygon

from . import styles
from .borders import polity_geometry
from .popups import (
    event_popup,
    figure_popup,
    mention_popup,
    movement_popup,
    place_tooltip,
    polity_popup,
    tie_popup,
)
from .timeline import AtlasView, FigureInView, MovementInView, TieInView

STANDARD_COLUMNS = (
    "layer",
    "kind",
    "label",
    "popup_html",
    "source_ids",
    "colour",
    "fill_colour",
    "fill_opacity",
    "opacity",
    "weight",
    "radius_px",
    "dash",
    "place_id",
)
CRS = "EPSG:4326"
ARC_BEND = 0.12  # control point offset, as a share of the segment's length
ARC_POINTS = 24
ARROW_MAX_DEG = 1.6
SHAPE_CACHE_SIZE = 65_536  # points and route shapes kept for reuse across years


def _frame(rows: list[dict[str, Any]], layer: str) -> gpd.GeoDataFrame:
    columns = ["geometry", *STANDARD_COLUMNS]
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry="geometry", crs=CRS)
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)
    frame["layer"] = layer
    return frame


def _row(geometry: Any, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "geometry": geometry,
        "kind": "",
        "label": "",
        "popup_html": "",
        "source_ids": "",
        "colour": "#000000",
        "fill_colour": "",
        "fill_opacity": 0.0,
        "opacity": 1.0,
        "weight": 1.0,
        "radius_px": 0.0,
        "dash": "",
        "place_id": "",
    }
    base.update(values)
    return base


# --- places -----------------------------------------------------------------------


def places_layer(view: AtlasView) -> gpd.GeoDataFrame:
    """Every place with its own point (regions drawn at a city are left out)."""
    rows = []
    for place in view.places:
        if place.kind in ("union", "country") or place.anchor_id:
            continue
        colour, radius = styles.PLACE_STYLE.get(place.kind, ("#252525", 4.0))
        rows.append(
            _row(
                point(place.lon, place.lat),
                kind=place.kind,
                label=place_tooltip(view, place),
                # A click opens the place's story beside the map; no popup needed.
                popup_html="",
                source_ids=place.coord_source_id or "",
                colour="#ffffff",
                fill_colour=colour,
                fill_opacity=0.95,
                weight=1.0,
                radius_px=radius,
                place_id=place.place_id,
                name_in_year=view.name_of(place.place_id),
                name_en=place.name_en,
                name_ru=place.name_ru or "",
                name_ko=place.name_ko or "",
            )
        )
    return _frame(rows, "places")


# --- diaspora size ----------------------------------------------------------------


def diaspora_layer(view: AtlasView) -> gpd.GeoDataFrame:
    """Proportional circles (area ~ people), largest first so small ones stay on top."""
    rows = [_figure_row(view, shown) for shown in view.figures]
    return _frame(rows, "diaspora")


def _figure_row(view: AtlasView, shown: FigureInView) -> dict[str, Any]:
    figure = shown.figure
    name = view.name_of(shown.place.place_id)
    return _row(
        point(shown.place.lon, shown.place.lat),
        kind=figure.method,
        label=f"{name}: {figure.people:,} Koreans ({figure.year})"
        + (" - sources disagree" if shown.disputed else ""),
        popup_html=figure_popup(view, shown),
        source_ids=";".join(sorted({a.source_id for a in shown.alternatives})),
        colour=styles.DIASPORA_STROKE,
        fill_colour=styles.DIASPORA_FILL,
        fill_opacity=styles.DIASPORA_FILL_OPACITY,
        weight=1.5 if not shown.disputed else 2.5,
        radius_px=styles.diaspora_radius_px(figure.people),
        dash="4 3" if shown.disputed else "",
        place_id=shown.place.place_id,
        people=figure.people,
        people_low=figure.people_low,
        people_high=figure.people_high,
        figure_year=figure.year,
        unit="persons",
        measure=figure.measure,
        method=figure.method,
        disputed=shown.disputed,
        alternatives=len(shown.alternatives),
    )


# --- routes -----------------------------------------------------------------------


def routes_layer(view: AtlasView) -> gpd.GeoDataFrame:
    """Movements as arcs with an arrowhead, width by people, colour by kind."""
    rows = []
    for shown in view.movements:
        rows.extend(_route_rows(view, shown))
    return _frame(rows, "routes")


def _route_rows(view: AtlasView, shown: MovementInView) -> list[dict[str, Any]]:
    movement = shown.movement
    places = view.atlas.places
    points = tuple((places[p].lon, places[p].lat) for p in movement.stops)
    people = shown.figure.people if shown.figure else None
    colour = styles.MOVEMENT_COLOURS[movement.kind]
    opacity = (
        styles.ROUTE_ACTIVE_OPACITY
        if shown.state == "active"
        else styles.ROUTE_PAST_OPACITY
    )
    common = {
        "kind": movement.kind,
        "colour": colour,
        "opacity": opacity,
        # Finished movements stay as faded lines with a tooltip; their full
        # popup returns while they are under way (and in exports' CSV and GeoJSON).
        "popup_html": movement_popup(view, shown) if shown.state == "active" else "",
        "label": _movement_label(shown),
        "source_ids": ";".join(
            sorted({movement.source_id, *(f.source_id for f in shown.alternatives)})
        ),
        "movement_id": movement.movement_id,
        "state": shown.state,
        "people": people,
        "people_low": shown.figure.people_low if shown.figure else None,
        "people_high": shown.figure.people_high if shown.figure else None,
        "unit": "persons",
        "year_from": movement.year_from,
        "year_to": movement.year_to,
        "disputed": shown.disputed,
    }
    weight = styles.route_weight_px(people)
    line, arrow = route_shapes(points, min(ARROW_MAX_DEG, 0.8 + weight * 0.12))
    return [
        _row(line, weight=weight, dash="" if people else "6 4", part="line", **common),
        _row(
            arrow,
            weight=1.0,
            fill_colour=colour,
            fill_opacity=opacity,
            part="arrow",
            **{**common, "popup_html": ""},  # the line carries the popup
        ),
    ]


def _movement_label(shown: MovementInView) -> str:
    movement = shown.movement
    years = (
        str(movement.year_from)
        if movement.year_from == movement.year_to
        else f"{movement.year_from}-{movement.year_to}"
    )
    count = f": {shown.figure.people:,} people" if shown.figure else ""
    return f"{movement.title} ({years}){count}"


@lru_cache(maxsize=SHAPE_CACHE_SIZE)
def point(lon: float, lat: float) -> Point:
    """A shared Point: places are drawn every year, the shapes need not be rebuilt."""
    return Point(lon, lat)


@lru_cache(maxsize=SHAPE_CACHE_SIZE)
def route_shapes(
    points: tuple[tuple[float, float], ...], arrow_size: float
) -> tuple[LineString, Polygon]:
    """A route's line and arrowhead, built once per route and width."""
    line = route_line(list(points))
    return line, arrowhead(line, size=arrow_size)


def route_line(points: list[tuple[float, float]]) -> LineString:
    """Straight legs through waypoints; a single leg bends into a gentle arc."""
    if len(points) == 2:
        return arc(points[0], points[1])
    return LineString(points)


def arc(
    start: tuple[float, float], end: tuple[float, float], bend: float = ARC_BEND
) -> LineString:
    """A quadratic Bezier curve from start to end, bulging to the left."""
    (x0, y0), (x2, y2) = start, end
    dx, dy = x2 - x0, y2 - y0
    cx, cy = (x0 + x2) / 2 - dy * bend, (y0 + y2) / 2 + dx * bend
    coords = []
    for i in range(ARC_POINTS + 1):
        t = i / ARC_POINTS
        coords.append(
            (
                (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x2,
                (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y2,
            )
        )
    return LineString(coords)


def arrowhead(line: LineString, size: float) -> Polygon:
    """A triangle at the end of ``line`` pointing along its last stretch."""
    coords = list(line.coords)
    tip = coords[-1]
    back = _point_back(coords, size)
    angle = math.atan2(tip[1] - back[1], tip[0] - back[0])
    half = size * 0.45
    base = (tip[0] - size * math.cos(angle), tip[1] - size * math.sin(angle))
    left = (base[0] - half * math.sin(angle), base[1] + half * math.cos(angle))
    right = (base[0] + half * math.sin(angle), base[1] - half * math.cos(angle))
    return Polygon([tip, left, right, tip])


def _point_back(
    coords: list[tuple[float, float]], distance: float
) -> tuple[float, float]:
    """The point ``distance`` degrees back along the line (or its start)."""
    tip = coords[-1]
    for point in reversed(coords[:-1]):
        if math.dist(point, tip) >= distance:
            return point
    return coords[0]


# --- events -----------------------------------------------------------------------


def events_layer(view: AtlasView) -> gpd.GeoDataFrame:
    """A ring at each place of each event of the year."""
    rows = []
    for shown in view.events:
        event = shown.event
        for place_id in event.place_ids:
            place = view.atlas.places[place_id]
            rows.append(
                _row(
                    Point(place.lon, place.lat),
                    kind=event.category,
                    label=f"{event.date}: {event.title}",
                    popup_html=event_popup(view, shown),
                    source_ids=";".join(
                        sorted(
                            {
                                event.source_id,
                                *(e.source_id for e in shown.alternatives),
                            }
                        )
                    ),
                    colour=styles.EVENT_COLOUR,
                    fill_colour="#ffffff",
                    fill_opacity=0.6,
                    weight=3.0,
                    radius_px=styles.EVENT_RADIUS_PX,
                    place_id=place_id,
                    event_id=event.event_id,
                    date=str(event.date),
                )
            )
    return _frame(rows, "events")


# --- relations --------------------------------------------------------------------


def relations_layer(view: AtlasView) -> gpd.GeoDataFrame:
    """Lines between capitals of countries with ties; width by trade if known."""
    rows = [_tie_row(view, tie) for tie in view.ties]
    return _frame(rows, "relations")


def _tie_row(view: AtlasView, tie: TieInView) -> dict[str, Any]:
    trade = tie.trade.value_usd if tie.trade else None
    a, b = view.name_of(tie.country_a.place_id), view.name_of(tie.country_b.place_id)
    label = f"{a} - {b}: ties since {tie.ties.date or tie.ties.year}"
    if tie.trade:
        label += f"; trade {format_usd(trade)} ({tie.trade.year})"
    return _row(
        arc(
            (tie.capital_a.lon, tie.capital_a.lat),
            (tie.capital_b.lon, tie.capital_b.lat),
            bend=0.08,
        ),
        kind="diplomatic_ties",
        label=label,
        popup_html=tie_popup(view, tie),
        source_ids=";".join(
            sorted(
                {r.source_id for r in (*tie.alternatives, *filter(None, [tie.trade]))}
            )
        ),
        colour=styles.RELATION_COLOUR,
        opacity=0.75,
        weight=styles.relation_weight_px(trade),
        dash="" if trade else "2 5",
        country_a=tie.country_a.place_id,
        country_b=tie.country_b.place_id,
        ties_year=tie.ties.year,
        trade_usd=trade,
        trade_year=tie.trade.year if tie.trade else None,
    )


def format_usd(value: float | None) -> str:
    """'$698 million', '$18.1 billion'."""
    if value is None:
        return ""
    if value >= 1e9:
        return f"${value / 1e9:,.1f} billion".replace(".0 billion", " billion")
    return f"${value / 1e6:,.0f} million"


# --- borders ----------------------------------------------------------------------


def borders_layer(view: AtlasView, shapes: bool = True) -> gpd.GeoDataFrame:
    """The polities in force in the year, composed from modern polygons.

    ``shapes=False`` leaves the polygons out (geometry None): the interactive map
    and the legend need only which polities are in force, and composing the shapes
    is the slowest part of a first page view.
    """
    rows = []
    for polity in view.polities:
        rows.append(
            _row(
                polity_geometry(view.atlas, polity) if shapes else None,
                kind=polity.style,
                label=polity.name_en,
                popup_html=polity_popup(view, polity),
                source_ids=polity.source_id,
                colour=styles.POLITY_STROKE,
                fill_colour=styles.POLITY_FILLS[polity.style],
                fill_opacity=styles.POLITY_FILL_OPACITY,
                weight=1.2,
                polity_id=polity.polity_id,
                year_from=polity.year_from,
                year_to=polity.year_to,
            )
        )
    return _frame(rows, "borders")


# --- mentions ---------------------------------------------------------------------


def mentions_layer(
    view: AtlasView, documents: frozenset[str] | None = None
) -> gpd.GeoDataFrame:
    """Places the seed documents name, sized by how often (all or chosen documents)."""
    from .sources import find_mentions

    by_place: dict[str, list] = {}
    for mention in find_mentions(view.atlas):
        if documents is None or mention.document in documents:
            by_place.setdefault(mention.place_id, []).append(mention)
    rows = []
    for place_id, mentions in sorted(by_place.items(), key=lambda kv: -len(kv[1])):
        place = view.atlas.places[place_id]
        count = len(mentions)
        docs = sorted({m.document for m in mentions})
        rows.append(
            _row(
                Point(place.lon, place.lat),
                kind="mention",
                label=f"{view.name_of(place_id)}: named {count} time"
                f"{'s' if count != 1 else ''} in {len(docs)} seed document"
                f"{'s' if len(docs) != 1 else ''}",
                popup_html=mention_popup(view, place_id, mentions),
                source_ids=";".join(sorted(_seed_sources(view, docs))),
                colour=styles.MENTION_COLOUR,
                fill_colour=styles.MENTION_COLOUR,
                fill_opacity=styles.MENTION_FILL_OPACITY,
                weight=1.5,
                radius_px=styles.mention_radius_px(count),
                place_id=place_id,
                mentions=count,
                documents=";".join(docs),
            )
        )
    return _frame(rows, "mentions")


def _seed_sources(view: AtlasView, docs: list[str]) -> set[str]:
    return {s.source_id for s in view.atlas.sources.values() if s.seed_file in docs}


LAYER_BUILDERS: dict[str, Callable[[AtlasView], gpd.GeoDataFrame]] = {
    "places": places_layer,
    "diaspora": diaspora_layer,
    "routes": routes_layer,
    "events": events_layer,
    "relations": relations_layer,
    "borders": borders_layer,
    "mentions": mentions_layer,
}


@lru_cache(maxsize=512)
def borders_without_shapes(view: AtlasView) -> gpd.GeoDataFrame:
    """The Borders layer of a view with no polygons (see ``borders_layer``)."""
    return borders_layer(view, shapes=False)


@lru_cache(maxsize=512)
def layer_at(
    view: AtlasView, name: str, documents: frozenset[str] | None = None
) -> gpd.GeoDataFrame:
    """One layer of a view, built once (views are themselves cached per year)."""
    if name == "mentions":
        return mentions_layer(view, documents)
    return LAYER_BUILDERS[name](view)


def build_layers(
    view: AtlasView,
    enabled: Iterable[str],
    documents: frozenset[str] | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """The enabled layers in drawing order (bottom first).

    ``documents`` limits the Mentions layer to some seed documents (None: all).
    """
    return {
        name: layer_at(view, name, documents if name == "mentions" else None)
        for name in in_drawing_order(enabled)
    }


def in_drawing_order(enabled: Iterable[str]) -> list[str]:
    """The enabled layer names, bottom first (styles.LAYER_ORDER)."""
    wanted = set(enabled)
    return [name for name in styles.LAYER_ORDER if name in wanted]
