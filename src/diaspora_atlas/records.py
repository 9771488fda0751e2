"""Typed, immutable rows of the atlas: one dataclass per file of geodata/.

Field names equal the column names in ``schema.py`` (a test holds them equal), so a
validated row becomes a record with ``Record(**row)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day, as the source gives it."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: str
    title: str
    author: str | None
    published: str | None
    url: str | None
    seed_file: str | None
    licence: str | None
    accessed: PartialDate | None
    note: str | None


@dataclass(frozen=True)
class Place:
    place_id: str
    name_en: str
    name_ru: str | None
    name_ko: str | None
    kind: str
    lat: float
    lon: float
    geonames_id: int | None
    anchor_id: str | None
    country_id: str | None
    adm0_a3: str | None
    coord_source_id: str | None
    note: str | None


@dataclass(frozen=True)
class PlaceName:
    name_id: str
    place_id: str
    name: str
    lang: str
    kind: str
    year_from: int | None
    year_to: int | None
    source_id: str
    quote: str
    note: str | None

    def in_use(self, year: int) -> bool:
        """Whether the name was in use in ``year`` (open ends always match)."""
        return (self.year_from is None or self.year_from <= year) and (
            self.year_to is None or year <= self.year_to
        )


@dataclass(frozen=True)
class Capital:
    capital_row: str
    country_id: str
    capital_id: str
    year_from: int | None
    year_to: int | None
    source_id: str
    quote: str
    note: str | None


@dataclass(frozen=True)
class Population:
    population_id: str
    place_id: str
    year: int
    measure: str
    people: int
    people_low: int | None
    people_high: int | None
    method: str
    approximate: bool
    is_default: bool
    shown_until: int | None
    source_id: str
    quote: str
    note: str | None


@dataclass(frozen=True)
class Movement:
    movement_id: str
    kind: str
    title: str
    origin_id: str
    destination_id: str
    via: tuple[str, ...]
    year_from: int
    year_to: int
    mode: str
    part_of: str | None
    source_id: str
    quote: str
    note: str | None

    @property
    def stops(self) -> tuple[str, ...]:
        """Every place the route passes, in order."""
        return (self.origin_id, *self.via, self.destination_id)


@dataclass(frozen=True)
class MovementFigure:
    figure_id: str
    movement_id: str
    people: int
    people_low: int | None
    people_high: int | None
    approximate: bool
    is_default: bool
    source_id: str
    quote: str
    note: str | None


@dataclass(frozen=True)
class Event:
    event_id: str
    date: PartialDate
    title: str
    category: str
    place_ids: tuple[str, ...]
    description: str | None
    dispute_id: str | None
    is_default: bool
    source_id: str
    quote: str
    note: str | None

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True)
class Relation:
    relation_id: str
    country_a: str
    country_b: str
    measure: str
    year: int
    date: PartialDate | None
    value_usd: float | None
    is_default: bool
    source_id: str
    quote: str
    note: str | None


@dataclass(frozen=True)
class Polity:
    polity_id: str
    name_en: str
    name_ru: str | None
    name_ko: str | None
    year_from: int
    year_to: int | None
    members: str | None
    within_clip: str | None
    minus_clips: str | None
    style: str
    source_id: str
    quote: str
    note: str | None

    def in_force(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)


@dataclass(frozen=True)
class LeftOut:
    left_out_id: str
    source_id: str
    text: str
    quote: str
    reason: str


RECORD_TYPES: dict[str, type] = {
    "sources": Source,
    "places": Place,
    "place_names": PlaceName,
    "capitals": Capital,
    "populations": Population,
    "movements": Movement,
    "movement_figures": MovementFigure,
    "events": Event,
    "relations": Relation,
    "polities": Polity,
    "left_out": LeftOut,
}
