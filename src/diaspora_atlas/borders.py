"""Historical polities composed from modern country polygons and clip areas.

A polity (the USSR, Karafuto, Korea under Japanese rule ...) is data in polities.csv:
the union of some Natural Earth countries, cut to a clip area or with clip areas
removed. Shapes are built once per atlas and polity.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from .data import Atlas
    from .records import Polity


def _codes(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


@lru_cache(maxsize=256)
def polity_geometry(atlas: Atlas, polity: Polity) -> BaseGeometry:
    """The polity's shape: union of its members, cut to and by its clips."""
    members = atlas.countries.loc[_codes(polity.members)].geometry.values
    shape = shapely.union_all(members)
    for clip_id in _codes(polity.within_clip):
        shape = shape.intersection(atlas.clips.loc[clip_id].geometry)
    for clip_id in _codes(polity.minus_clips):
        shape = shape.difference(atlas.clips.loc[clip_id].geometry)
    return shapely.make_valid(shape)


@lru_cache(maxsize=8)
def land_geometry(atlas: Atlas) -> BaseGeometry:
    """All land of the basemap as one shape, without country borders."""
    return shapely.union_all(atlas.countries.geometry.values)
