"""The atlas at a year: which figures, movements, events, ties and borders apply.

Every rule about time lives here, so the page and the renderers never do year
arithmetic: a figure shows from its year until a newer one replaces it, and never past
``figure_max_age`` (or its own ``shown_until``); a movement shows while under way and
stays, faded, afterwards; an event shows in its year; borders are those in force.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .records import (
    Event,
    Movement,
    MovementFigure,
    Place,
    Polity,
    Population,
    Relation,
)

if TYPE_CHECKING:
    from .data import Atlas

VIEW_CACHE_SIZE = 256  # more than the atlas's years: every year stays cached, bounded
ROUNDING_CAP = 0.02


def _rounding(figure: Population | MovementFigure) -> float:
    """How far a round figure may be from the exact one.

    Half a unit of its last non-zero digit (96,500 covers 96,453), but never more than
    2% of it, so "around 200,000" does not swallow a census count of 153,156.
    """
    if not figure.approximate or figure.people == 0:
        return 0.0
    digits = str(figure.people)
    zeros = len(digits) - len(digits.rstrip("0"))
    return min(10**zeros / 2, ROUNDING_CAP * figure.people)


def _differs(a: Population | MovementFigure, b: Population | MovementFigure) -> bool:
    """Two sources disagree unless one is the other rounded (96,500 vs 96,453)."""
    return abs(a.people - b.people) > max(_rounding(a), _rounding(b))


@dataclass(frozen=True)
class FigureInView:
    """The Korean population of a place as known in the view's year."""

    place: Place
    figure: Population
    alternatives: tuple[Population, ...]  # every source's figure for that year

    @property
    def disputed(self) -> bool:
        """Another source's figure differs by more than its rounding."""
        return any(_differs(a, self.figure) for a in self.alternatives)


@dataclass(frozen=True)
class MovementInView:
    """A movement under way ('active') or finished ('past') in the view's year."""

    movement: Movement
    state: str
    figure: MovementFigure | None
    alternatives: tuple[MovementFigure, ...]
    whole: Movement | None  # the movement this is a part of
    whole_figures: tuple[MovementFigure, ...]

    @property
    def disputed(self) -> bool:
        """Sources disagree on this movement's number or on its whole's."""
        return any(
            _differs(a, b)
            for group in (self.alternatives, self.whole_figures)
            for a in group
            for b in group
        )


@dataclass(frozen=True)
class EventInView:
    """An event of the year, with other sources' versions of it."""

    event: Event
    alternatives: tuple[Event, ...]  # other sources' versions (other dates) of it


@dataclass(frozen=True)
class TieInView:
    """Diplomatic ties between two countries, drawn between their capitals."""

    country_a: Place
    country_b: Place
    capital_a: Place
    capital_b: Place
    ties: Relation
    alternatives: tuple[Relation, ...]
    trade: Relation | None  # latest trade figure within trade_max_age


@dataclass(frozen=True, eq=False, repr=False)
class AtlasView:
    """What the map shows in one year. Built by ``Atlas.at(year)``.

    Compared and hashed by identity: views are cached per year, and a value hash
    would walk every record of the year each time a per-view cache is consulted.
    """

    atlas: Atlas
    year: int
    places: tuple[Place, ...]
    figures: tuple[FigureInView, ...]  # drawn as symbols
    totals: tuple[FigureInView, ...]  # unions (USSR, former USSR): headline only
    movements: tuple[MovementInView, ...]
    events: tuple[EventInView, ...]
    ties: tuple[TieInView, ...]
    polities: tuple[Polity, ...]

    def __repr__(self) -> str:
        return f"AtlasView({self.atlas!r}, {self.year})"

    def name_of(self, place_id: str, lang: str = "en") -> str:
        """The name a place bore in this year."""
        return _name_in_year()(self.atlas, place_id, self.year, lang)


@cache
def _name_in_year() -> Callable[[Atlas, str, int, str], str]:
    """gazetteer.name_in_year, imported once (the gazetteer imports this module)."""
    from .gazetteer import name_in_year

    return name_in_year


def view_at(atlas: Atlas, year: int) -> AtlasView:
    """The atlas in ``year``; cached per atlas and year with a bound."""
    if not atlas.first_year <= year <= atlas.last_year:
        from .errors import UsageError

        raise UsageError(
            f"year {year} is outside the atlas's range "
            f"{atlas.first_year}-{atlas.last_year}"
        )
    return _view_at(atlas, year)


@lru_cache(maxsize=VIEW_CACHE_SIZE)
def _view_at(atlas: Atlas, year: int) -> AtlasView:
    figures = figures_at(atlas, year)
    return AtlasView(
        atlas=atlas,
        year=year,
        places=tuple(atlas.places.values()),
        figures=tuple(f for f in figures if f.place.kind != "union"),
        totals=tuple(f for f in figures if f.place.kind == "union"),
        movements=movements_at(atlas, year),
        events=events_at(atlas, year),
        ties=ties_at(atlas, year),
        polities=tuple(p for p in atlas.polities if p.in_force(year)),
    )


def figures_at(
    atlas: Atlas, year: int, measure: str = "ethnic_koreans"
) -> tuple[FigureInView, ...]:
    """For each place, its latest figure at or before ``year`` that is not stale."""
    groups = _population_groups(atlas, measure)
    shown = []
    for place_id, by_year in groups.items():
        known = [
            y
            for y, rows in by_year.items()
            if y <= year and any(p.is_default for p in rows)
        ]
        if not known:
            continue
        latest = max(known)
        alternatives = by_year[latest]
        default = next(p for p in alternatives if p.is_default)
        limit = latest + atlas.meta.figure_max_age
        if default.shown_until is not None:
            limit = min(limit, default.shown_until)
        if year <= limit:
            shown.append(FigureInView(atlas.places[place_id], default, alternatives))
    return tuple(sorted(shown, key=lambda f: -f.figure.people))


def figure_history(
    atlas: Atlas, place_id: str, measure: str = "ethnic_koreans"
) -> tuple[FigureInView, ...]:
    """Every year with a figure for a place, oldest first (for the place panel)."""
    by_year = _population_groups(atlas, measure).get(place_id, {})
    place = atlas.places[place_id]
    return tuple(
        FigureInView(place, next((p for p in rows if p.is_default), rows[0]), rows)
        for _year, rows in sorted(by_year.items())
    )


@lru_cache(maxsize=8)
def _population_groups(
    atlas: Atlas, measure: str
) -> dict[str, dict[int, tuple[Population, ...]]]:
    groups: dict[str, dict[int, list[Population]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in atlas.populations:
        if row.measure == measure:
            groups[row.place_id][row.year].append(row)
    return {
        place: {y: tuple(rows) for y, rows in years.items()}
        for place, years in groups.items()
    }


def movements_at(atlas: Atlas, year: int) -> tuple[MovementInView, ...]:
    """Movements begun by ``year``: drawn through their parts, never twice."""
    figures = _movement_figures(atlas)
    has_parts = {m.part_of for m in atlas.movements.values() if m.part_of}
    shown = []
    for movement in atlas.movements.values():
        if movement.movement_id in has_parts or year < movement.year_from:
            continue
        state = "active" if year <= movement.year_to else "past"
        own = figures.get(movement.movement_id, ())
        whole = atlas.movements.get(movement.part_of) if movement.part_of else None
        shown.append(
            MovementInView(
                movement=movement,
                state=state,
                figure=next((f for f in own if f.is_default), None),
                alternatives=own,
                whole=whole,
                whole_figures=figures.get(whole.movement_id, ()) if whole else (),
            )
        )
    return tuple(
        sorted(shown, key=lambda m: (m.state != "active", m.movement.year_from))
    )


@lru_cache(maxsize=8)
def _movement_figures(atlas: Atlas) -> dict[str, tuple[MovementFigure, ...]]:
    grouped: dict[str, list[MovementFigure]] = defaultdict(list)
    for figure in atlas.movement_figures:
        grouped[figure.movement_id].append(figure)
    return {key: tuple(value) for key, value in grouped.items()}


def events_at(atlas: Atlas, year: int) -> tuple[EventInView, ...]:
    """The default version of each event dated in ``year``."""
    by_dispute: dict[str, list[Event]] = defaultdict(list)
    for event in atlas.events:
        if event.dispute_id:
            by_dispute[event.dispute_id].append(event)
    shown = []
    for event in atlas.events:
        if event.year == year and event.is_default:
            others = tuple(
                e for e in by_dispute.get(event.dispute_id or "", ()) if e is not event
            )
            shown.append(EventInView(event, others))
    return tuple(shown)


def capital_of(atlas: Atlas, country_id: str, year: int) -> Place | None:
    """The country's capital in ``year``, if recorded."""
    for row in atlas.capitals:
        if row.country_id == country_id and (row.year_from or 0) <= year <= (
            row.year_to or 9999
        ):
            return atlas.places[row.capital_id]
    return None


def ties_at(atlas: Atlas, year: int) -> tuple[TieInView, ...]:
    """Pairs of countries with diplomatic ties in force in ``year``."""
    ties: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    trade: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for row in atlas.relations:
        pair = (row.country_a, row.country_b)
        if row.measure == "diplomatic_ties":
            ties[pair].append(row)
        elif row.measure == "trade_total" and row.is_default and row.year <= year:
            trade[pair].append(row)
            trade[pair[::-1]].append(row)
    shown = []
    for (a, b), rows in ties.items():
        default = next(r for r in rows if r.is_default)
        capital_a, capital_b = capital_of(atlas, a, year), capital_of(atlas, b, year)
        if default.year > year or capital_a is None or capital_b is None:
            continue
        recent = [r for r in trade[(a, b)] if year - r.year <= atlas.meta.trade_max_age]
        shown.append(
            TieInView(
                atlas.places[a],
                atlas.places[b],
                capital_a,
                capital_b,
                default,
                tuple(rows),
                max(recent, key=lambda r: r.year) if recent else None,
            )
        )
    return tuple(shown)


@lru_cache(maxsize=8)
def change_years(atlas: Atlas) -> tuple[int, ...]:
    """Years in which something on the map appears, changes or goes away.

    Cached per atlas: the page asks on every run, and a big atlas has many rows.
    """
    years: set[int] = set()
    age = atlas.meta.figure_max_age
    for row in atlas.populations:
        years.update((row.year, row.year + age + 1))
        if row.shown_until is not None:
            years.add(row.shown_until + 1)
    for movement in atlas.movements.values():
        years.update((movement.year_from, movement.year_to + 1))
    for event in atlas.events:
        years.update((event.year, event.year + 1))
    for relation in atlas.relations:
        years.add(relation.year)
        if relation.measure == "trade_total":  # a trade figure goes stale
            years.add(relation.year + atlas.meta.trade_max_age + 1)
    years.update(_span_edges(atlas.capitals))  # relation lines move with the capital
    years.update(_span_edges(atlas.polities))
    years.update(_span_edges(atlas.place_names))
    return tuple(sorted(y for y in years if atlas.first_year <= y <= atlas.last_year))


@lru_cache(maxsize=8)
def name_change_years(atlas: Atlas) -> tuple[int, ...]:
    """Years in which a place takes or drops a dated official name.

    All the Places layer depends on: its points are every place, its tooltips the
    names in the year.
    """
    # name_in_year reads only dated official names
    official = [name for name in atlas.place_names if name.kind == "official"]
    years = {atlas.first_year, *_span_edges(official)}
    return tuple(sorted(y for y in years if atlas.first_year <= y <= atlas.last_year))


def _span_edges(rows: Iterable[Any]) -> set[int]:
    """The first year of each row's span and the year after it ends (where given)."""
    edges: set[int] = set()
    for row in rows:
        if row.year_from is not None:
            edges.add(row.year_from)
        if row.year_to is not None:
            edges.add(row.year_to + 1)
    return edges


def epoch_year(atlas: Atlas, year: int, layer: str | None = None) -> int:
    """The year from which the map (or one ``layer``) has looked as in ``year``.

    Nothing on the map changes between two change years, so every year's layers are
    those of the last change year at or before it (built once for all of them). The
    Places layer changes only with names, so it has longer stretches of its own.
    """
    years = name_change_years(atlas) if layer == "places" else change_years(atlas)
    index = bisect_right(years, year)
    return years[index - 1] if index else atlas.first_year


def step_year(atlas: Atlas, year: int, direction: int) -> int:
    """The previous (-1) or next (+1) year in which the map changes."""
    years = change_years(atlas)
    if direction > 0:
        return next((y for y in years if y > year), year)
    return next((y for y in reversed(years) if y < year), year)
