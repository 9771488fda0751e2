"""The big, year-independent shapes of the interactive map: land and every polity.

The browser gets them once, as JSON files the dashboard serves from ``static/geo/``
(named by content hash, so a changed atlas is never mixed with a cached old one), or
inlined in an exported HTML file. The year layers then only name the polities in force.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import mapping

from . import styles
from .assets import STATIC_BASE
from .borders import land_geometry, polity_geometry
from .popups import h, polity_popup

if TYPE_CHECKING:
    from .data import Atlas

SIMPLIFY_DEGREES = 0.04  # on top of the 0.03 of the boundaries: fine at zoom 3-6
PRECISION = 0.001


def _shape(geometry: Any) -> dict[str, Any]:
    simple = shapely.simplify(geometry, SIMPLIFY_DEGREES, preserve_topology=True)
    return mapping(shapely.set_precision(simple, PRECISION))


@lru_cache(maxsize=4)
def geo_data(atlas: Atlas) -> dict[str, Any]:
    """``{"land": GeoJSON, "polities": {id: {geometry, style, tip, pop}}}``."""
    polities = {}
    for polity in atlas.polities:
        view = atlas.at(max(polity.year_from, atlas.first_year))
        polities[polity.polity_id] = {
            "geometry": _shape(polity_geometry(atlas, polity)),
            "style": {
                "color": styles.POLITY_STROKE,
                "weight": 1.2,
                "fillColor": styles.POLITY_FILLS[polity.style],
                "fillOpacity": styles.POLITY_FILL_OPACITY,
            },
            "tip": h(polity.name_en),
            "pop": polity_popup(view, polity),
        }
    land = {
        "type": "Feature",
        "properties": {},
        "geometry": _shape(land_geometry(atlas)),
    }
    return {"land": land, "polities": polities}


def publish_geo(
    atlas: Atlas, static_dir: Path, base: str = STATIC_BASE
) -> dict[str, str]:
    """Write the shapes into ``static_dir/geo/`` once; return the URLs to fetch."""
    data = geo_data(atlas)
    folder = Path(static_dir) / "geo"
    folder.mkdir(parents=True, exist_ok=True)
    urls = {}
    for key in ("land", "polities"):
        text = json.dumps(data[key], ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        path = folder / f"{key}-{digest}.json"
        if not path.exists():
            temp = path.with_suffix(".tmp")
            temp.write_text(text, encoding="utf-8")
            temp.replace(path)
        urls[key] = f"{base}geo/{path.name}"
    return urls
