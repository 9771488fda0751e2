"""Read geodata/ into a validated, immutable Atlas, or refuse with every problem found.

Nothing is drawn from data that has not passed every check here: columns and types
(csvio), then references, ranges, defaults among disputed figures, quotes of seed
documents, boundaries and their checksum.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from .csvio import Row, YearRange, decode_utf8, read_table
from .errors import DataError, Problem
from .records import (
    RECORD_TYPES,
    Capital,
    Event,
    LeftOut,
    Movement,
    MovementFigure,
    Place,
    PlaceName,
    Polity,
    Population,
    Relation,
    Source,
)
from .schema import TABLES_BY_NAME

if TYPE_CHECKING:
    from .timeline import AtlasView

LAYER_NAMES = ("places", "diaspora", "routes", "events", "relations", "borders")
COUNTRIES_FILE = "boundaries/countries.geojson"
CLIPS_FILE = "boundaries/clips.geojson"


@dataclass(frozen=True)
class AtlasMeta:
    """Settings from atlas.toml."""

    title: str
    subtitle: str
    first_year: int
    last_year: int
    initial_year: int
    figure_max_age: int
    trade_max_age: int
    center: tuple[float, float]
    zoom: int
    default_layers: tuple[str, ...]
    seeds_dir: Path


@dataclass(frozen=True, eq=False, repr=False)
class Atlas:
    """The whole dataset, validated. Treat the GeoDataFrames as read-only."""

    def __repr__(self) -> str:
        return f"Atlas({str(self.root)!r})"  # short: atlases appear in cache keys

    root: Path
    meta: AtlasMeta
    sources: Mapping[str, Source]
    places: Mapping[str, Place]
    place_names: tuple[PlaceName, ...]
    capitals: tuple[Capital, ...]
    populations: tuple[Population, ...]
    movements: Mapping[str, Movement]
    movement_figures: tuple[MovementFigure, ...]
    events: tuple[Event, ...]
    relations: tuple[Relation, ...]
    polities: tuple[Polity, ...]
    left_out: tuple[LeftOut, ...]
    countries: gpd.GeoDataFrame
    clips: gpd.GeoDataFrame

    @property
    def first_year(self) -> int:
        """First year of the atlas (inclusive)."""
        return self.meta.first_year

    @property
    def last_year(self) -> int:
        """Last year of the atlas (inclusive)."""
        return self.meta.last_year

    @cached_property
    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries."""
        return {
            "places": len(self.places),
            "place_names": len(self.place_names),
            "populations": len(self.populations),
            "movements": len(self.movements),
            "movement_figures": len(self.movement_figures),
            "events": len(self.events),
            "relations": len(self.relations),
            "polities": len(self.polities),
            "capitals": len(self.capitals),
            "sources": len(self.sources),
        }

    def at(self, year: int) -> AtlasView:
        """The atlas as it stands in ``year`` (see timeline.py)."""
        from .timeline import view_at

        return view_at(self, year)


def load_atlas(root: str | Path) -> Atlas:
    """Load and validate the atlas in ``root``; raise DataError listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise DataError([Problem(str(root), 0, "", "atlas data directory not found")])
    meta, problems = _read_meta(root)
    years = YearRange(meta.first_year, meta.last_year) if meta else YearRange(0, 9999)
    rows: dict[str, list[Row]] = {}
    for name, table in TABLES_BY_NAME.items():
        rows[name], found = read_table(
            root / table.file, table, years, _shown(root, table.file)
        )
        problems += found
    countries, clips, found = _read_boundaries(root)
    problems += found
    problems += _check_rows(root, rows, meta, countries, clips)
    if problems or meta is None:
        raise DataError(problems)
    return _build(root, meta, rows, countries, clips)


def validate_atlas(root: str | Path) -> list[Problem]:
    """Every problem in ``root`` (empty when the atlas loads)."""
    try:
        load_atlas(root)
    except DataError as exc:
        return exc.problems
    return []


def _shown(root: Path, name: str) -> str:
    return str(root / name)


# --- atlas.toml ---------------------------------------------------------------

_META_KEYS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "subtitle": str,
    "first_year": int,
    "last_year": int,
    "initial_year": int,
    "figure_max_age": int,
    "trade_max_age": int,
    "center": list,
    "zoom": int,
    "default_layers": list,
    "seeds_dir": str,
}


def _read_meta(root: Path) -> tuple[AtlasMeta | None, list[Problem]]:
    path = root / "atlas.toml"
    shown = _shown(root, "atlas.toml")
    if not path.is_file():
        return None, [Problem(shown, 0, "", "file is missing")]
    text, problems = decode_utf8(path.read_bytes(), shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"at line (\d+)", str(exc))
        return None, [
            *problems,
            Problem(shown, int(at.group(1)) if at else 0, "", f"not valid TOML: {exc}"),
        ]
    for key, kind in _META_KEYS.items():
        if key not in data:
            problems.append(Problem(shown, 0, key, "required setting is missing"))
        elif not isinstance(data[key], kind) or isinstance(data[key], bool):
            problems.append(
                Problem(shown, 0, key, f"expected {kind.__name__}, got {data[key]!r}")
            )
    if problems:
        return None, problems
    first, last, initial = data["first_year"], data["last_year"], data["initial_year"]
    if not first <= initial <= last:
        problems.append(
            Problem(
                shown,
                0,
                "initial_year",
                f"{initial} is outside first_year-last_year ({first}-{last})",
            )
        )
    unknown = [name for name in data["default_layers"] if name not in LAYER_NAMES]
    if unknown:
        problems.append(
            Problem(
                shown,
                0,
                "default_layers",
                f"unknown layers {unknown}; expected some of {', '.join(LAYER_NAMES)}",
            )
        )
    center = data["center"]
    if len(center) != 2 or not all(isinstance(v, int | float) for v in center):
        problems.append(Problem(shown, 0, "center", "expected [lat, lon]"))
    seeds = (root / data["seeds_dir"]).resolve()
    if not seeds.is_dir():
        problems.append(Problem(shown, 0, "seeds_dir", f"directory {seeds} not found"))
    if problems:
        return None, problems
    return AtlasMeta(
        title=data["title"],
        subtitle=data["subtitle"],
        first_year=first,
        last_year=last,
        initial_year=initial,
        figure_max_age=data["figure_max_age"],
        trade_max_age=data["trade_max_age"],
        center=(float(center[0]), float(center[1])),
        zoom=data["zoom"],
        default_layers=tuple(data["default_layers"]),
        seeds_dir=seeds,
    ), []


# --- boundaries ---------------------------------------------------------------


def _read_boundaries(
    root: Path,
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None, list[Problem]]:
    problems: list[Problem] = []
    frames = []
    for name, key in ((COUNTRIES_FILE, "adm0_a3"), (CLIPS_FILE, "clip_id")):
        path, shown = root / name, _shown(root, name)
        try:
            frame = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises several types for broken files
            problems.append(Problem(shown, 0, "", f"cannot read GeoJSON: {exc}"))
            frames.append(None)
            continue
        if key not in frame.columns:
            problems.append(Problem(shown, 0, key, "property missing from features"))
            frames.append(None)
            continue
        for index in frame.index[~frame.geometry.is_valid]:
            problems.append(
                Problem(
                    shown,
                    0,
                    key,
                    f"feature {frame.at[index, key]!r} has an invalid geometry",
                )
            )
        frames.append(frame.set_index(key, drop=False))
    problems += _check_checksum(root)
    return frames[0], frames[1], problems


def _check_checksum(root: Path) -> list[Problem]:
    path = root / COUNTRIES_FILE
    recorded = root / (COUNTRIES_FILE + ".sha256")
    if not path.is_file() or not recorded.is_file():
        return [
            Problem(
                _shown(root, COUNTRIES_FILE + ".sha256"),
                0,
                "",
                "checksum file is missing; rebuild with `make data`",
            )
        ]
    expected = recorded.read_text().split()[0]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        return [
            Problem(
                _shown(root, COUNTRIES_FILE),
                0,
                "",
                "edited by hand: sha256 "
                f"{actual[:12]} differs from the recorded {expected[:12]}; "
                "rebuild it with `make data`",
            )
        ]
    return []


# --- cross-row checks ----------------------------------------------------------


def _check_rows(
    root: Path,
    rows: dict[str, list[Row]],
    meta: AtlasMeta | None,
    countries: gpd.GeoDataFrame | None,
    clips: gpd.GeoDataFrame | None,
) -> list[Problem]:
    # Ids of every row count for references, even of rows with a bad cell elsewhere,
    # so one typo is reported once and not again at every reference to its row.
    ids = {
        name: {row.cells[TABLES_BY_NAME[name].key] for row in table_rows}
        for name, table_rows in rows.items()
    }
    rows = {
        name: [row for row in table_rows if row.ok] for name, table_rows in rows.items()
    }
    problems = _check_unique_ids(root, rows)
    problems += _check_references(root, rows, ids)
    problems += _check_places(root, rows["places"])
    problems += _check_counts(root, rows)
    problems += _check_spans(root, rows)
    problems += _check_defaults(root, rows)
    problems += _check_movement_parts(root, rows["movements"])
    problems += _check_polities(root, rows["polities"], countries, clips)
    if meta is not None:
        problems += _check_quotes(root, rows, meta.seeds_dir)
    return problems


def _check_unique_ids(root: Path, rows: dict[str, list[Row]]) -> list[Problem]:
    problems = []
    for name, table_rows in rows.items():
        table = TABLES_BY_NAME[name]
        seen: dict[str, int] = {}
        for row in table_rows:
            key = row.cells[table.key]
            if key in seen:
                problems.append(
                    Problem(
                        _shown(root, table.file),
                        row.line,
                        table.key,
                        f"duplicate id {key!r} (first on line {seen[key]})",
                    )
                )
            else:
                seen[key] = row.line
    return problems


def _check_references(
    root: Path, rows: dict[str, list[Row]], ids: dict[str, set[str]]
) -> list[Problem]:
    problems = []
    for name, table_rows in rows.items():
        table = TABLES_BY_NAME[name]
        refs = [c for c in table.columns if c.type in ("ref", "refs")]
        for row in table_rows:
            for column in refs:
                value = row.cells[column.name]
                targets = value if column.type == "refs" else (value,)
                for target in targets:
                    if target is not None and target not in ids[column.ref]:
                        problems.append(
                            Problem(
                                _shown(root, table.file),
                                row.line,
                                column.name,
                                f"{target!r} is not an id in {column.ref}.csv",
                            )
                        )
    return problems


def _check_places(root: Path, rows: list[Row]) -> list[Problem]:
    problems = []
    shown = _shown(root, "places.csv")
    for row in rows:
        lat, lon, anchor = (row.cells[k] for k in ("lat", "lon", "anchor_id"))
        if anchor is not None and (lat is not None or lon is not None):
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "anchor_id",
                    "give either lat/lon or anchor_id, not both",
                )
            )
        elif anchor is None and (lat is None or lon is None):
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "lat" if lat is None else "lon",
                    "coordinates are required when anchor_id is empty",
                )
            )
        if lat is not None and not -90 <= lat <= 90:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "lat",
                    f"expected a number between -90 and 90, got {lat:g}",
                )
            )
        if lon is not None and not -180 <= lon <= 180:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "lon",
                    f"expected a number between -180 and 180, got {lon:g}",
                )
            )
    return problems


def _check_counts(root: Path, rows: dict[str, list[Row]]) -> list[Problem]:
    problems = []
    for name in ("populations", "movement_figures"):
        shown = _shown(root, TABLES_BY_NAME[name].file)
        for row in rows[name]:
            people, low, high = (
                row.cells[k] for k in ("people", "people_low", "people_high")
            )
            for key, value in (
                ("people", people),
                ("people_low", low),
                ("people_high", high),
            ):
                if value is not None and value < 0:
                    problems.append(
                        Problem(
                            shown,
                            row.line,
                            key,
                            f"counts cannot be negative, got {value}",
                        )
                    )
            if low is not None and low > people:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "people_low",
                        f"low {low} is above the figure {people}",
                    )
                )
            if high is not None and high < people:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "people_high",
                        f"high {high} is below the figure {people}",
                    )
                )
    for row in rows["relations"]:
        value = row.cells["value_usd"]
        shown = _shown(root, "relations.csv")
        if row.cells["measure"] == "diplomatic_ties" and value is not None:
            problems.append(
                Problem(
                    shown, row.line, "value_usd", "must be empty for diplomatic_ties"
                )
            )
        elif row.cells["measure"] != "diplomatic_ties" and value is None:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "value_usd",
                    "an amount is required for this measure",
                )
            )
        elif value is not None and value < 0:
            problems.append(
                Problem(
                    shown,
                    row.line,
                    "value_usd",
                    f"amounts cannot be negative, got {value:g}",
                )
            )
    return problems


def _check_spans(root: Path, rows: dict[str, list[Row]]) -> list[Problem]:
    problems = []
    for name in ("place_names", "capitals", "movements", "polities"):
        shown = _shown(root, TABLES_BY_NAME[name].file)
        for row in rows[name]:
            start, end = row.cells["year_from"], row.cells["year_to"]
            if start is not None and end is not None and start > end:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "year_to",
                        f"ends ({end}) before it starts ({start})",
                    )
                )
    return problems


def _default_groups(name: str, cells: dict[str, Any]) -> tuple[Any, ...] | None:
    """Which rows are alternatives of one fact (None: the row stands alone)."""
    if name == "populations":
        return (cells["place_id"], cells["year"], cells["measure"])
    if name == "movement_figures":
        return (cells["movement_id"],)
    if name == "events":
        return (cells["dispute_id"],) if cells["dispute_id"] else None
    if name == "relations":
        pair = (cells["country_a"], cells["country_b"])
        if cells["measure"] in SYMMETRIC_MEASURES:
            pair = tuple(sorted(pair))
        if cells["measure"] == "diplomatic_ties":
            return (*pair, "diplomatic_ties")
        return (*pair, cells["measure"], cells["year"])
    return None


SYMMETRIC_MEASURES = ("diplomatic_ties", "trade_total")
# Populations may have no default for a year when every source for it is doubted (the
# map then skips that year); other facts need exactly one.
MAX_ONE_DEFAULT = ("populations",)


def _check_defaults(root: Path, rows: dict[str, list[Row]]) -> list[Problem]:
    problems = []
    for name in ("populations", "movement_figures", "events", "relations"):
        shown = _shown(root, TABLES_BY_NAME[name].file)
        groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        for row in rows[name]:
            group = _default_groups(name, row.cells)
            if group is None:
                if not row.cells["is_default"] and name not in MAX_ONE_DEFAULT:
                    problems.append(
                        Problem(
                            shown,
                            row.line,
                            "is_default",
                            "a row without alternatives must be the default",
                        )
                    )
                continue
            groups[group].append(row)
        for group, members in groups.items():
            defaults = [r for r in members if r.cells["is_default"]]
            allowed = (0, 1) if name in MAX_ONE_DEFAULT else (1,)
            if len(defaults) not in allowed:
                lines = ", ".join(str(r.line) for r in members)
                rule = "at most one" if name in MAX_ONE_DEFAULT else "exactly one"
                problems.append(
                    Problem(
                        shown,
                        members[0].line,
                        "is_default",
                        f"{rule} of the alternative rows for "
                        f"{'/'.join(map(str, group))} (lines {lines}) "
                        f"must be true, found {len(defaults)}",
                    )
                )
    return problems


def _check_movement_parts(root: Path, rows: list[Row]) -> list[Problem]:
    parent = {row.cells["movement_id"]: row.cells["part_of"] for row in rows}
    line = {row.cells["movement_id"]: row.line for row in rows}
    problems = []
    for start in parent:
        seen, current = {start}, parent[start]
        while current is not None and current in parent:
            if current in seen:
                problems.append(
                    Problem(
                        _shown(root, "movements.csv"),
                        line[start],
                        "part_of",
                        f"{start!r} is part of itself through a cycle",
                    )
                )
                break
            seen.add(current)
            current = parent[current]
    return problems


def _check_polities(
    root: Path,
    rows: list[Row],
    countries: gpd.GeoDataFrame | None,
    clips: gpd.GeoDataFrame | None,
) -> list[Problem]:
    if countries is None or clips is None:
        return []
    shown = _shown(root, "polities.csv")
    problems = []
    for row in rows:
        members = _split(row.cells["members"])
        if not members:
            problems.append(
                Problem(shown, row.line, "members", "list at least one country code")
            )
        for code in members:
            if code not in countries.index:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "members",
                        f"{code!r} is not a country in {COUNTRIES_FILE}",
                    )
                )
        clip_ids = [
            *_split(row.cells["minus_clips"]),
            *_split(row.cells["within_clip"]),
        ]
        for clip in clip_ids:
            if clip not in clips.index:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "within_clip"
                        if clip in _split(row.cells["within_clip"])
                        else "minus_clips",
                        f"{clip!r} is not a clip in {CLIPS_FILE}",
                    )
                )
    return problems


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace, so quotes match across line breaks."""
    return " ".join(text.split())


def _check_quotes(
    root: Path, rows: dict[str, list[Row]], seeds_dir: Path
) -> list[Problem]:
    """Every quote from a seed document must be found in that document."""
    seed_text: dict[str, str] = {}
    problems = []
    shown_sources = _shown(root, "sources.csv")
    for row in rows["sources"]:
        seed_file = row.cells["seed_file"]
        if row.cells["kind"] == "seed" and not seed_file:
            problems.append(
                Problem(
                    shown_sources,
                    row.line,
                    "seed_file",
                    "required for a source of kind seed",
                )
            )
        if seed_file:
            path = seeds_dir / seed_file
            if not path.is_file():
                problems.append(
                    Problem(
                        shown_sources,
                        row.line,
                        "seed_file",
                        f"{seed_file!r} not found in {seeds_dir}",
                    )
                )
                continue
            text, _ = decode_utf8(path.read_bytes(), str(path))
            seed_text[row.cells["source_id"]] = normalise_space(text)
    for name, table_rows in rows.items():
        if "quote" not in TABLES_BY_NAME[name].names:
            continue
        shown = _shown(root, TABLES_BY_NAME[name].file)
        for row in table_rows:
            text = seed_text.get(row.cells["source_id"])
            if text is not None and normalise_space(row.cells["quote"]) not in text:
                problems.append(
                    Problem(
                        shown,
                        row.line,
                        "quote",
                        f"not found word for word in seed {row.cells['source_id']!r}",
                    )
                )
    return problems


# --- building records -----------------------------------------------------------


def _build(
    root: Path,
    meta: AtlasMeta,
    rows: dict[str, list[Row]],
    countries: gpd.GeoDataFrame,
    clips: gpd.GeoDataFrame,
) -> Atlas:
    records = {
        name: [RECORD_TYPES[name](**row.cells) for row in table_rows]
        for name, table_rows in rows.items()
    }
    places = _resolve_anchors(records["places"])
    return Atlas(
        root=root,
        meta=meta,
        sources=_by_id(records["sources"], "source_id"),
        places=_by_id(places, "place_id"),
        place_names=tuple(records["place_names"]),
        capitals=tuple(records["capitals"]),
        populations=tuple(records["populations"]),
        movements=_by_id(records["movements"], "movement_id"),
        movement_figures=tuple(records["movement_figures"]),
        events=tuple(sorted(records["events"], key=lambda e: e.date.sort_key())),
        relations=tuple(records["relations"]),
        polities=tuple(records["polities"]),
        left_out=tuple(records["left_out"]),
        countries=countries,
        clips=clips,
    )


def _by_id(records: Iterable[Any], key: str) -> Mapping[str, Any]:
    return MappingProxyType({getattr(r, key): r for r in records})


def _resolve_anchors(places: list[Place]) -> list[Place]:
    """Give anchored places (regions) the coordinates of their anchor."""
    from dataclasses import replace

    by_id = {p.place_id: p for p in places}
    resolved = []
    for place in places:
        anchor, hops = place, 0
        while anchor.anchor_id is not None and hops < len(places):
            anchor, hops = by_id[anchor.anchor_id], hops + 1
        resolved.append(replace(place, lat=anchor.lat, lon=anchor.lon))
    return resolved


def quoted_rows(atlas: Atlas) -> Iterator[tuple[str, str, str, str, str]]:
    """(table, row id, source id, quote, reason) for every row that quotes a source."""
    tables: dict[str, Iterable[Any]] = {
        "place_names": atlas.place_names,
        "capitals": atlas.capitals,
        "populations": atlas.populations,
        "movements": atlas.movements.values(),
        "movement_figures": atlas.movement_figures,
        "events": atlas.events,
        "relations": atlas.relations,
        "polities": atlas.polities,
    }
    for name, rows in tables.items():
        key = TABLES_BY_NAME[name].key
        for row in rows:
            yield name, getattr(row, key), row.source_id, row.quote, ""
    for row in atlas.left_out:
        yield "left_out", row.left_out_id, row.source_id, row.quote, row.reason


def table_counts(atlas: Atlas) -> str:
    """One line: rows per table."""
    return ", ".join(
        f"{count} {name.replace('_', ' ')}" for name, count in atlas.counts.items()
    )
