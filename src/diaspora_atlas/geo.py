"""The big, year-independent shapes of the interactive map: land and every polity.

The browser gets them once, as JSON files the dashboard serves from ``static/geo/``
(named by content hash, so a changed atlas is never mixed with a cached old one), or
inlined in an exported HTML file. The year layers then only name the polities in force.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import mapping

from . import styles
from .assets import STATIC_BASE
from .borders import land_geometry, polity_geometry
from .files import write_atomic
from .popups import h, polity_popup

if TYPE_CHECKING:
    from .data import Atlas

LAYERS_FOLDER = "layers"
MAX_LAYER_FILES = 4000  # year layer files kept on disk (oldest go first)
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
    """Write the shapes into ``static_dir/geo/`` once; return the URLs to fetch.

    Simplifying the shapes takes about 2 s, so the result is kept on disk under a
    digest of its inputs (the data files and the code that draws them): a restarted
    server with unchanged data reuses it instead of making every first visitor wait.
    """
    folder = Path(static_dir) / "geo"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / f"manifest-{inputs_digest(atlas)}.json"
    names = _read_manifest(manifest, folder)
    if names is None:
        data = geo_data(atlas)
        names = {}
        for key in ("land", "polities"):
            text = json.dumps(data[key], ensure_ascii=False, separators=(",", ":"))
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
            names[key] = f"{key}-{digest}.json"
            if not (folder / names[key]).exists():
                write_atomic(folder / names[key], text.encode("utf-8"))
        write_atomic(manifest, json.dumps(names).encode("utf-8"))
    return {key: f"{base}geo/{name}" for key, name in names.items()}


def publish_layer(
    text: str, digest: str, static_dir: Path, base: str = STATIC_BASE
) -> str:
    """Write one year layer's JSON under its digest (once); return its URL.

    A layer that did not change between two years is the same file, so the browser
    fetches and draws it once. Past MAX_LAYER_FILES the oldest files are removed.
    """
    folder = Path(static_dir) / "geo" / LAYERS_FOLDER
    path = folder / f"{digest}.json"
    try:
        os.utime(path)  # in use again: last to be pruned
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        _prune(folder, MAX_LAYER_FILES)
    return f"{base}geo/{LAYERS_FOLDER}/{path.name}"


def _prune(folder: Path, keep: int) -> None:
    """Remove the oldest quarter of the files once there are more than ``keep``."""
    entries = [e for e in os.scandir(folder) if e.name.endswith(".json")]
    if len(entries) <= keep:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for entry in entries[: len(entries) - keep * 3 // 4]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def inputs_digest(atlas: Atlas) -> str:
    """Digest of everything geo_data reads: data files and the modules that draw."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    code = [here / f"{name}.py" for name in ("geo", "borders", "popups", "styles")]
    data = sorted(p for p in Path(atlas.root).rglob("*") if p.is_file())
    for path in [*code, *data]:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _read_manifest(manifest: Path, folder: Path) -> dict[str, str] | None:
    try:
        names = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if set(names) != {"land", "polities"} or not all(
        (folder / str(name)).is_file() for name in names.values()
    ):
        return None
    return names
