"""The view in the URL: ``?year=1937&layers=places,routes&place=almaty``.

Anything odd (unknown keys, years outside the atlas, unknown layers, injected text)
falls back to the default and adds a warning the page shows; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .interactive import BASEMAPS
from .styles import LAYER_LABELS

if TYPE_CHECKING:
    from .data import Atlas

KNOWN_KEYS = ("year", "layers", "place", "basemap")
MAX_SHOWN = 40  # characters of a bad value quoted back in a warning


@dataclass(frozen=True)
class ViewParams:
    """A valid view of the atlas, and what was wrong with the URL."""

    year: int
    layers: tuple[str, ...]
    place: str | None = None
    basemap: str = "offline"
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _shown(value: str) -> str:
    """A bad value, shortened and printable, for a warning (shown as plain text)."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(clean if len(clean) <= MAX_SHOWN else clean[:MAX_SHOWN] + "...")


def _first(value: str | list[str]) -> str:
    return value[0] if isinstance(value, list) and value else str(value or "")


def parse_view_params(query: Mapping[str, str | list[str]], atlas: Atlas) -> ViewParams:
    """A valid view from URL parameters, with a warning per value that was ignored."""
    warnings = [
        f"Unknown URL parameter {_shown(key)} was ignored."
        for key in query
        if key not in KNOWN_KEYS
    ]
    year = atlas.meta.initial_year
    if "year" in query:
        text = _first(query["year"]).strip()
        if re.fullmatch(r"\d{1,4}", text) and (
            atlas.first_year <= int(text) <= atlas.last_year
        ):
            year = int(text)
        else:
            warnings.append(
                f"Year {_shown(text)} is not a year between "
                f"{atlas.first_year} and {atlas.last_year}; showing {year}."
            )
    layers = atlas.meta.default_layers
    if "layers" in query:
        names = [n.strip() for n in _first(query["layers"]).split(",") if n.strip()]
        unknown = [n for n in names if n not in LAYER_LABELS]
        known = tuple(n for n in LAYER_LABELS if n in names)
        if unknown:
            warnings.append(
                f"Unknown layers {', '.join(_shown(n) for n in unknown)} "
                f"were ignored; layers are {', '.join(LAYER_LABELS)}."
            )
        layers = known if known or not unknown else layers
    place = None
    if "place" in query:
        text = _first(query["place"]).strip()
        if text in atlas.places:
            place = text
        else:
            warnings.append(f"Place {_shown(text)} is not in the atlas.")
    basemap = "offline"
    if "basemap" in query:
        text = _first(query["basemap"]).strip()
        if text in BASEMAPS:
            basemap = text
        else:
            warnings.append(
                f"Basemap {_shown(text)} is unknown; using the offline map."
            )
    return ViewParams(year, tuple(layers), place, basemap, tuple(warnings))


def view_query(params: ViewParams) -> dict[str, str]:
    """URL parameters that reopen this view."""
    query = {"year": str(params.year), "layers": ",".join(params.layers)}
    if params.place:
        query["place"] = params.place
    if params.basemap != "offline":
        query["basemap"] = params.basemap
    return query
