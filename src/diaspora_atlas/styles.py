"""Colours and sizes shared by the interactive and the static map, so they cannot drift.

Sizes are in screen pixels for the interactive map; the static renderer converts them
to points with ``PX_TO_PT``.
"""

from __future__ import annotations

import math

PX_TO_PT = 0.75  # 1 CSS pixel = 0.75 pt at 96 dpi

LAYER_LABELS: dict[str, str] = {
    "places": "Places",
    "diaspora": "Diaspora size",
    "routes": "Migration routes",
    "events": "Events",
    "relations": "Relations",
    "borders": "Borders",
    "mentions": "Mentions",
}
LAYER_ORDER = (
    "borders",
    "relations",
    "routes",
    "diaspora",
    "mentions",
    "places",
    "events",
)

# Diaspora symbols: circle AREA proportional to people, on one scale for every year.
PEOPLE_PER_SQUARE_PX = 70.0
MIN_RADIUS_PX = 2.5
LEGEND_PEOPLE = (10_000, 50_000, 200_000)
DIASPORA_FILL = "#e6550d"
DIASPORA_STROKE = "#a63603"
DIASPORA_FILL_OPACITY = 0.45

PLACE_STYLE: dict[str, tuple[str, float]] = {  # kind -> (colour, radius px)
    "city": ("#252525", 4.5),
    "town": ("#525252", 3.5),
    "village": ("#737373", 3.0),
    "island": ("#2171b5", 4.0),
    "region": ("#238b45", 4.0),
    "province": ("#238b45", 4.0),
    "site": ("#6a51a3", 4.0),
    "country": ("#969696", 3.0),
}

MOVEMENT_COLOURS: dict[str, str] = {
    "migration": "#1f77b4",
    "deportation": "#d62728",
    "labour_draft": "#8c564b",
    "repatriation": "#2ca02c",
    "return": "#17becf",
    "labour_migration": "#9467bd",
    "delegation": "#ff7f0e",
}
MOVEMENT_LABELS: dict[str, str] = {
    "migration": "Migration",
    "deportation": "Deportation",
    "labour_draft": "Labour draft",
    "repatriation": "Repatriation",
    "return": "Return",
    "labour_migration": "Labour migration",
    "delegation": "Delegation",
}
ROUTE_MIN_WEIGHT_PX = 1.5
ROUTE_MAX_WEIGHT_PX = 9.0
ROUTE_PEOPLE_AT_MAX = 200_000
ROUTE_PAST_OPACITY = 0.3
ROUTE_ACTIVE_OPACITY = 0.9
LEGEND_ROUTE_PEOPLE = (5_000, 50_000, 200_000)

MENTION_COLOUR = "#01665e"
MENTION_FILL_OPACITY = 0.35
LEGEND_MENTIONS = (1, 5, 20)

EVENT_COLOUR = "#ff7f00"
EVENT_RADIUS_PX = 7.0

RELATION_COLOUR = "#54278f"
RELATION_MIN_WEIGHT_PX = 1.5
RELATION_MAX_WEIGHT_PX = 8.0
RELATION_USD_AT_MAX = 20e9

POLITY_FILLS: dict[str, str] = {
    "russia": "#f2c6c2",
    "japan": "#f9dfb9",
    "korea": "#cfe5c8",
    "korea_north": "#c6d9ec",
    "korea_south": "#cfe5c8",
    "central_asia": "#f6ebb4",
    "other": "#e4e4e4",
}
POLITY_STROKE = "#6b6b6b"
POLITY_FILL_OPACITY = 0.55
LAND_FILL = "#f4f1ea"
LAND_STROKE = "#c9c3b6"
SEA_COLOUR = "#dbe9f2"


def diaspora_radius_px(people: int) -> float:
    """Radius whose circle area is proportional to ``people``."""
    return max(MIN_RADIUS_PX, math.sqrt(people / (math.pi * PEOPLE_PER_SQUARE_PX)))


def route_weight_px(people: int | None) -> float:
    """Line width for a movement; unknown numbers get the thinnest line."""
    if not people:
        return ROUTE_MIN_WEIGHT_PX
    share = math.sqrt(min(people, ROUTE_PEOPLE_AT_MAX) / ROUTE_PEOPLE_AT_MAX)
    return ROUTE_MIN_WEIGHT_PX + share * (ROUTE_MAX_WEIGHT_PX - ROUTE_MIN_WEIGHT_PX)


def relation_weight_px(trade_usd: float | None) -> float:
    """Line width for ties: by trade where a figure exists."""
    if not trade_usd:
        return RELATION_MIN_WEIGHT_PX
    share = math.sqrt(min(trade_usd, RELATION_USD_AT_MAX) / RELATION_USD_AT_MAX)
    return RELATION_MIN_WEIGHT_PX + share * (
        RELATION_MAX_WEIGHT_PX - RELATION_MIN_WEIGHT_PX
    )


def mention_radius_px(count: int) -> float:
    """Circle area proportional to how often the documents name a place."""
    return 3.0 * math.sqrt(max(count, 1))
