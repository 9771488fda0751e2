"""Words for the page: the headline of a year and the story of a place.

Plain text and small records only; the page decides how to show them. Numbers are
always paired with where they come from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .records import Event, Movement, PlaceName
from .sources import Mention, passages_for
from .timeline import AtlasView, FigureInView, MovementInView, figure_history

if TYPE_CHECKING:
    from .data import Atlas

MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md_escape(text: str) -> str:
    """Text from data, safe to put in st.markdown (no markup, no HTML)."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))


def short_title(title: str, limit: int = 48) -> str:
    """A source title short enough for a headline."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def people_phrase(people: int, approximate: bool = False) -> str:
    """'about 7,000 people'."""
    return f"{'about ' if approximate else ''}{people:,} people"


def _figure_range(figures: tuple) -> str:
    values = sorted({f.people for f in figures})
    if len(values) < 2:
        return ""
    return f" (sources give {values[0]:,} to {values[-1]:,})"


@dataclass(frozen=True)
class Headline:
    """What happened in a year and the key figures in view."""

    year: int
    happenings: tuple[str, ...]
    figures: tuple[str, ...]


def movement_sentence(view: AtlasView, shown: MovementInView) -> str:
    """One line on a movement: its whole's title and number, with the source."""
    movement = shown.movement
    whole = shown.whole
    figures = shown.whole_figures if whole else shown.alternatives
    default = next((f for f in figures if f.is_default), None)
    title = whole.title if whole else movement.title
    count = ""
    if default is not None:
        source = short_title(view.atlas.sources[default.source_id].title)
        count = (
            f": {people_phrase(default.people, default.approximate)} "
            f"(per {source}){_figure_range(figures)}"
        )
    return f"{title}{count}"


def headline(view: AtlasView) -> Headline:
    """The year's events and starting movements, then the largest communities."""
    happenings: list[str] = []
    seen_wholes: set[str] = set()
    for shown in view.movements:
        if shown.movement.year_from != view.year:
            continue
        key = shown.whole.movement_id if shown.whole else shown.movement.movement_id
        if key not in seen_wholes:
            seen_wholes.add(key)
            happenings.append(movement_sentence(view, shown))
    happenings += [f"{e.event.date}: {e.event.title}" for e in view.events]
    figures = [_figure_text(view, f) for f in (*view.totals, *view.figures[:3])]
    return Headline(view.year, tuple(happenings), tuple(figures))


def _figure_text(view: AtlasView, shown: FigureInView) -> str:
    figure = shown.figure
    name = view.name_of(shown.place.place_id)
    approx = "about " if figure.approximate else ""
    disputed = " (sources disagree)" if shown.disputed else ""
    return f"{name}: {approx}{figure.people:,} Koreans in {figure.year}{disputed}"


@dataclass(frozen=True)
class PlaceStory:
    """Everything the place panel shows."""

    place_id: str
    title: str
    names: tuple[str, ...]
    other_names: tuple[PlaceName, ...]
    history: tuple[FigureInView, ...]
    movements: tuple[Movement, ...]
    events: tuple[Event, ...]
    passages: tuple[Mention, ...]


def place_story(atlas: Atlas, place_id: str) -> PlaceStory:
    """Names, figures, movements, events and passages of one place."""
    place = atlas.places[place_id]
    names = tuple(n for n in (place.name_en, place.name_ru, place.name_ko) if n)
    other = tuple(
        sorted(
            (n for n in atlas.place_names if n.place_id == place_id),
            key=lambda n: (n.year_from or math.inf, n.name),
        )
    )
    movements = tuple(m for m in atlas.movements.values() if place_id in m.stops)
    events = tuple(e for e in atlas.events if place_id in e.place_ids and e.is_default)
    return PlaceStory(
        place_id,
        place.name_en,
        names,
        other,
        figure_history(atlas, place_id),
        movements,
        events,
        tuple(passages_for(atlas, place_id)),
    )


def nearest_place(
    atlas: Atlas, lat: float, lon: float, max_degrees: float = 0.35
) -> str | None:
    """The drawn place closest to a clicked point, if any is close enough."""
    best, best_distance = None, max_degrees
    for place in atlas.places.values():
        if place.kind == "union":
            continue
        distance = math.hypot(
            place.lat - lat, (place.lon - lon) * math.cos(math.radians(lat))
        )
        if distance < best_distance or (
            distance == best_distance and place.anchor_id is None
        ):
            best, best_distance = place.place_id, distance
    return best
