"""Snapshots of a view in the format people need: HTML, PNG, SVG, PDF, GeoJSON, CSV.

Every writer is deterministic (same view, same bytes) and files are written atomically,
so a failed export never leaves a partial file behind.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from jinja2 import Template

from . import files, styles
from .assets import inline_html
from .elements import RawMacroElement, RawText
from .errors import UsageError
from .interactive import full_map
from .layers import build_layers
from .legend import ATTRIBUTION, legend_html, legend_items, sources_line
from .popups import h
from .timeline import AtlasView

FORMATS = ("png", "svg", "pdf", "html", "geojson", "csv")
MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
}
AREAS: dict[str, tuple[float, float, float, float]] = {
    "far-east": (126.0, 40.0, 146.0, 53.0),
    "central-asia": (50.0, 36.0, 82.0, 52.0),
    "korea": (124.0, 33.0, 131.5, 43.5),
    "eurasia": (28.0, 30.0, 150.0, 62.0),
}
MAX_PX = 12_000
EXPORT_PROPERTIES = (
    "layer",
    "kind",
    "label",
    "place_id",
    "people",
    "people_low",
    "people_high",
    "unit",
    "figure_year",
    "method",
    "disputed",
    "movement_id",
    "state",
    "year_from",
    "year_to",
    "event_id",
    "date",
    "country_a",
    "country_b",
    "ties_year",
    "trade_usd",
    "trade_year",
    "polity_id",
    "name_in_year",
    "name_en",
    "name_ru",
    "name_ko",
)


@dataclass(frozen=True)
class ExportRequest:
    """Everything that decides a snapshot's content."""

    year: int
    layers: tuple[str, ...]
    fmt: str
    bbox: tuple[float, float, float, float] = AREAS["eurasia"]
    width_px: int = 1600
    height_px: int = 1000
    scale: float = 1.0

    def filename(self, prefix: str = "koryo-atlas") -> str:
        """Says what the file holds: koryo-atlas_1937_places-routes.png."""
        names = "-".join(self.layers) or "no-layers"
        return f"{prefix}_{self.year}_{names}.{self.fmt}"


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """A named area or 'west,south,east,north' in degrees."""
    if text in AREAS:
        return AREAS[text]
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise UsageError(
            f"--bbox: expected west,south,east,north in degrees or one "
            f"of {', '.join(AREAS)}, got {text!r}"
        ) from None
    if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
        raise UsageError(
            f"--bbox: {text!r} is not an area: need -180 <= west < east "
            "<= 180 and -85 <= south < north <= 85"
        )
    return west, south, east, north


def parse_size(text: str) -> tuple[int, int]:
    """'WxH' in pixels."""
    try:
        width, height = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise UsageError(
            f"--size: expected WIDTHxHEIGHT in pixels, got {text!r}"
        ) from None
    if not (100 <= width <= MAX_PX and 100 <= height <= MAX_PX):
        raise UsageError(f"--size: each side must be 100-{MAX_PX} px, got {text!r}")
    return width, height


def export_bytes(view: AtlasView, request: ExportRequest) -> bytes:
    """The snapshot's file content."""
    if request.fmt not in FORMATS:
        raise UsageError(
            f"unknown format {request.fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    layers = build_layers(view, request.layers)
    if request.fmt == "html":
        return snapshot_html(view, layers).encode("utf-8")
    if request.fmt == "geojson":
        return snapshot_geojson(view, layers).encode("utf-8")
    if request.fmt == "csv":
        return snapshot_csv(view, layers).encode("utf-8")
    return snapshot_image(view, layers, request)


def snapshot_image(
    view: AtlasView, layers: Mapping[str, gpd.GeoDataFrame], request: ExportRequest
) -> bytes:
    """PNG, SVG or PDF drawn by matplotlib; no dates or hashes vary between runs."""
    import matplotlib.pyplot as plt  # imported here: 1.3 s the dashboard need not wait

    from .static import Snapshot, render_figure

    snapshot = Snapshot(
        view,
        layers,
        request.bbox,
        request.width_px,
        request.height_px,
        request.scale,
        title=snapshot_title(view),
    )
    fig = render_figure(snapshot)
    buffer = io.BytesIO()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None},
        "pdf": {"CreationDate": None, "ModDate": None},
    }[request.fmt]
    with plt.rc_context({"svg.hashsalt": "koryo-atlas", "svg.fonttype": "none"}):
        fig.savefig(buffer, format=request.fmt, dpi=fig.dpi, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()


def snapshot_title(view: AtlasView) -> str:
    """'Koryo Atlas: 1937'."""
    return f"{view.atlas.meta.title}: {view.year}"


class _Overlay(RawMacroElement):
    """A Leaflet control holding static HTML (title, legend) in exported maps."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var box = L.control({position: {{ this.position|tojson }}});
            box.onAdd = function() {
                var div = L.DomUtil.create('div', 'atlas-overlay');
                div.style.background = 'rgba(255,255,255,0.92)';
                div.style.padding = '6px 8px';
                div.style.maxHeight = '70vh';
                div.style.overflowY = 'auto';
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str):
        super().__init__()
        self.html, self.position = html, position


def snapshot_html(view: AtlasView, layers: Mapping[str, gpd.GeoDataFrame]) -> str:
    """A self-contained interactive map: Leaflet, styles and data inlined."""
    fmap = full_map(view.atlas, layers)
    title = (
        f"<div style='font:bold 16px sans-serif'>{h(snapshot_title(view))}</div>"
        f"<div style='font:11px sans-serif;max-width:420px'>"
        f"{h(sources_line(view, layers))}</div>"
    )
    _Overlay(title, "topright").add_to(fmap)
    _Overlay(legend_html(legend_items(dict(layers))), "bottomleft").add_to(fmap)
    fmap.get_root().header.add_child(
        RawText(f"<title>{h(snapshot_title(view))}</title>")
    )
    return inline_html(fmap.get_root().render())


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _source_list(view: AtlasView, source_ids: str) -> list[dict[str, str | None]]:
    sources = view.atlas.sources
    return [
        {"id": i, "title": sources[i].title, "url": sources[i].url}
        for i in str(source_ids).split(";")
        if i in sources
    ]


def snapshot_geojson(view: AtlasView, layers: Mapping[str, gpd.GeoDataFrame]) -> str:
    """The visible features with values, units, years and sources (QGIS reads it)."""
    features = []
    for frame in layers.values():
        for row in frame.to_dict("records"):
            props = {key: _plain(row.get(key)) for key in EXPORT_PROPERTIES}
            props["view_year"] = view.year
            props["sources"] = json.dumps(
                _source_list(view, row["source_ids"]), ensure_ascii=False
            )
            props["part"] = row.get("part") or None
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": row["geometry"].__geo_interface__,
                }
            )
    collection = {
        "type": "FeatureCollection",
        "name": snapshot_title(view),
        "attribution": ATTRIBUTION,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


CSV_COLUMNS = (
    "view_year",
    "layer",
    "item",
    "figure_year",
    "value",
    "unit",
    "shown_on_map",
    "method",
    "source_id",
    "source_title",
    "source_url",
    "quote",
)


def figure_rows(view: AtlasView, layers: Iterable[str]) -> list[dict[str, object]]:
    """Every figure behind the visible layers, alternatives included, with sources."""
    rows: list[dict[str, object]] = []
    wanted = set(layers)
    if "diaspora" in wanted:
        for shown in view.figures:
            for alt in shown.alternatives:
                rows.append(
                    _csv_row(
                        view,
                        "diaspora",
                        view.name_of(shown.place.place_id),
                        alt.year,
                        alt.people,
                        "persons",
                        alt is shown.figure,
                        alt.method,
                        alt.source_id,
                        alt.quote,
                    )
                )
    if "routes" in wanted:
        for moving in view.movements:
            for fig in moving.alternatives:
                rows.append(
                    _csv_row(
                        view,
                        "routes",
                        moving.movement.title,
                        moving.movement.year_from,
                        fig.people,
                        "persons",
                        fig.is_default,
                        "",
                        fig.source_id,
                        fig.quote,
                    )
                )
    if "relations" in wanted:
        for tie in view.ties:
            if tie.trade is not None:
                rows.append(
                    _csv_row(
                        view,
                        "relations",
                        f"{tie.country_a.name_en} - {tie.country_b.name_en} trade",
                        tie.trade.year,
                        tie.trade.value_usd,
                        "USD",
                        True,
                        "",
                        tie.trade.source_id,
                        tie.trade.quote,
                    )
                )
    return rows


def _csv_row(
    view: AtlasView,
    layer: str,
    item: str,
    year: int,
    value: float,
    unit: str,
    shown: bool,
    method: str,
    source_id: str,
    quote: str,
) -> dict[str, object]:
    source = view.atlas.sources[source_id]
    return {
        "view_year": view.year,
        "layer": layer,
        "item": item,
        "figure_year": year,
        "value": value,
        "unit": unit,
        "shown_on_map": shown,
        "method": method,
        "source_id": source_id,
        "source_title": source.title,
        "source_url": source.url or "",
        "quote": quote,
    }


def snapshot_csv(view: AtlasView, layers: Mapping[str, gpd.GeoDataFrame]) -> str:
    """The figures in view as CSV, one row per figure and source."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(figure_rows(view, layers.keys()))
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write all of ``data`` or nothing; an unwritable path is a UsageError."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UsageError(f"--out: directory {directory} does not exist")
    try:
        files.write_atomic(path, data)
    except OSError as exc:
        raise UsageError(
            f"--out: cannot write in {directory}: {exc.strerror}"
        ) from None


def layer_ids(names: Sequence[str]) -> tuple[str, ...]:
    """Layer ids from ids or dashboard labels ('Migration routes' -> 'routes')."""
    by_label = {label.casefold(): key for key, label in styles.LAYER_LABELS.items()}
    ids = []
    for name in names:
        key = name.strip()
        if not key:
            continue
        found = key if key in styles.LAYER_LABELS else by_label.get(key.casefold())
        if found is None:
            raise UsageError(
                f"unknown layer {name!r}; expected some of "
                f"{', '.join(styles.LAYER_LABELS)} (or their labels: "
                f"{', '.join(styles.LAYER_LABELS.values())})"
            )
        if found not in ids:
            ids.append(found)
    return tuple(k for k in styles.LAYER_LABELS if k in ids)
