"""Streamlit pieces of the dashboard: each shows what a package function computed.

Kept out of dashboard.py so the page stays a short list of calls; nothing here
computes data: figures come from timeline/story, HTML from legend/popups, bytes from
export.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from .data import Atlas, load_atlas
from .document_view import document_facts, document_title, highlighted_html
from .export import AREAS, MIME_TYPES, ExportRequest, export_bytes
from .geo import publish_geo
from .interactive import BASEMAPS, base_map
from .legend import ATTRIBUTION
from .map_component import show_map
from .panels import events_html, headline_html, legend_panel_html, note
from .popups import METHOD_LABELS
from .prefetch import (
    neighbour_years,
    prefetch,
    preload_years,
    year_calls,
    year_legend_html,
)
from .sources import coverage, documents
from .startup import take_started
from .story import md_escape, nearest_place, place_story
from .styles import LAYER_LABELS
from .timeline import AtlasView
from .year_route import preload_script, serve

__all__ = ["LAYER_LABELS", "PLAY_SECONDS"]
PLAY_SECONDS = 1.6  # long enough to read the headline of each step
EVENTS_LISTED = 12  # more events than this in a year are shown as a table
EVENTS_TABLE_PX = 320
LAYERS_OFF = "All layers are off: tick a layer in the sidebar."
PLACE_PROMPT = "Click a place on the map, or choose one"
BASEMAP_LABELS = {key: basemap.label for key, basemap in BASEMAPS.items()}
GC_YOUNG_THRESHOLD = 10_000  # Python's default is 700 new container objects


def load_server_atlas(data_dir: Path) -> Atlas:
    """The atlas, loaded once for the server's life, then kept out of GC passes.

    Building a big year layer makes hundreds of thousands of small lists; with the
    default thresholds the collector ran often and scanned the whole atlas each
    time, which doubled the build time at 100x the data (benchmarks/bench.py).
    Reference counting still frees everything as before; only the cycle collector
    runs less often and skips what was loaded. A load begun when the server started
    (startup.py) is used when there is one.
    """
    started = take_started(data_dir)
    atlas = started.result() if started is not None else load_atlas(data_dir)
    serve(data_dir, atlas)  # the map's requests for the next years' layers
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    return atlas


@st.cache_resource(show_spinner=False)
def _published_geo(_atlas: Atlas, static_dir: str) -> dict[str, str]:
    return publish_geo(_atlas, Path(static_dir))


def year_map(
    atlas: Atlas,
    year: int,
    layers: tuple[str, ...],
    basemap: str,
    static_dir: Path,
    documents: frozenset[str] | None = None,
    direction: int = 1,
    first: bool = True,
) -> Any:
    """The map of ``year``: the base map made once per server, then only layers.

    The map also learns where the layers of the years a step away are, so it can
    draw them the moment the slider gets there (year_route.py). After the ``first``
    map, layers are sent as URLs, as the map fetches them ahead: what it holds is
    not sent twice. The first map has them inline: nothing to fetch before it shows.
    Returns st_folium's value (the last click and bounds, kept under ``key="map"``).
    """
    geo = _published_geo(atlas, str(static_dir))
    inline_max = None if first else 0
    calls = year_calls(atlas, year, layers, static_dir, documents, inline_max)
    neighbours = preload_years(atlas, year, direction)
    return show_map(
        (atlas, basemap, tuple(sorted(geo.items()))),
        lambda: base_map(atlas, basemap, geo=geo),
        calls,
        preload_script(year, calls, neighbours, layers, documents),
        key="map",
        height=600,
        use_container_width=True,
        returned_objects=["last_object_clicked", "bounds"],
    )


def prefetch_neighbours(
    atlas: Atlas,
    year: int,
    layers: tuple[str, ...],
    static_dir: Path,
    documents: frozenset[str] | None = None,
    direction: int = 1,
) -> None:
    """Build the years a step away (``direction`` first) in the background.

    Called once the map of this step is handed to Streamlit: started earlier, the
    builds held the interpreter while the step's own map was still being rendered.
    """
    neighbours = neighbour_years(atlas, year, direction)
    prefetch(atlas, neighbours, layers, documents, static_dir)


def document_filter(atlas: Atlas) -> frozenset[str] | None:
    """Sidebar choice of seed documents for the Mentions layer (None: all)."""
    names = [d.name for d in documents(atlas)]
    chosen = st.multiselect(
        "Documents (Mentions layer)",
        names,
        key="documents",
        format_func=lambda n: document_title(atlas, _document(atlas, n)),
        help="Leave empty for all documents.",
    )
    return frozenset(chosen) if chosen else None


def _document(atlas: Atlas, name: str) -> Any:
    return next(d for d in documents(atlas) if d.name == name)


def sources_button(atlas: Atlas, year: int) -> None:
    """A button that opens the seed documents over the map.

    A dialog rather than a tab: it costs nothing until opened, and the map behind it
    keeps its pan and zoom.
    """
    if st.button(
        "Sources",
        icon=":material/menu_book:",
        key="open_sources",
        help="The seed documents, with their places linked to the map",
    ):
        _sources_dialog(atlas, year)


@st.dialog("Sources: the seed documents", width=1100)
def _sources_dialog(atlas: Atlas, year: int) -> None:
    sources_view(atlas, year)


def sources_view(atlas: Atlas, year: int) -> None:
    """Each seed document with its places linked to the map and its figures listed."""
    result = _coverage(atlas)
    st.caption(
        "Places link to the map; years, dates and figures are marked, and the table "
        "under each document says which dataset rows use them or why they are left "
        "out."
    )
    for document in documents(atlas):
        with st.expander(document_title(atlas, document)):
            st.html(highlighted_html(atlas, document, year))
            st.dataframe(
                pd.DataFrame(document_facts(result, document)),
                hide_index=True,
                width="stretch",
            )


@st.cache_resource(show_spinner=False)
def _coverage(_atlas: Atlas) -> Any:
    return coverage(_atlas)


def show_year_panel(
    view: AtlasView,
    layers: tuple[str, ...],
    documents: frozenset[str] | None = None,
) -> None:
    """The year's headline and key figures, then the legend and the attribution.

    Two HTML elements: the headline changes every year, the legend seldom, and the
    browser redoes an HTML element only when its text changed (panels.py).
    """
    legend = year_legend_html(view.atlas, view.year, layers, documents)
    st.html(headline_html(view))
    st.html(legend_panel_html(legend or note(LAYERS_OFF), ATTRIBUTION))


def clicked_place(
    atlas: Atlas, clicked: dict[str, Any] | None, state: MutableMapping[str, Any]
) -> str | None:
    """The place nearest a new click on the map (None for no click or an old one)."""
    point = (clicked or {}).get("last_object_clicked")
    if not point or point == state.get("last_click"):
        return None
    state["last_click"] = point
    return nearest_place(atlas, float(point["lat"]), float(point["lng"]))


@lru_cache(maxsize=8)
def place_options(atlas: Atlas) -> tuple[str, ...]:
    """Place ids in the order of their English names (sorted once per atlas)."""
    return tuple(sorted(atlas.places, key=lambda p: atlas.places[p].name_en))


def place_panel(
    atlas: Atlas,
    state: MutableMapping[str, Any],
    on_change: Callable[[], None] | None = None,
) -> None:
    """The story of the place picked on the map or in the list."""
    st.selectbox(
        "Place",
        [None, *place_options(atlas)],
        key="place",
        on_change=on_change,
        placeholder=PLACE_PROMPT,  # shown while no place is chosen
        format_func=lambda p: PLACE_PROMPT if p is None else atlas.places[p].name_en,
    )
    if state.get("place"):
        show_place(atlas, state["place"])


def show_events(view: AtlasView) -> None:
    """Every event of the year with its source (the map shows them as rings).

    A short list is one HTML element; a long one (a big atlas can have hundreds in a
    year) is a scrollable table, which the browser draws in a few milliseconds where
    hundreds of list items took a few hundred on every step.
    """
    events = view.events
    if len(events) > EVENTS_LISTED:
        st.markdown(f"**Events of {view.year}** ({len(events):,})")
        st.dataframe(
            pd.DataFrame(
                {
                    "date": [str(shown.event.date) for shown in events],
                    "event": [shown.event.title for shown in events],
                    "source": [
                        view.atlas.sources[shown.event.source_id].title
                        for shown in events
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
            height=EVENTS_TABLE_PX,
        )
        return
    st.html(events_html(view))


def show_place(atlas: Atlas, place_id: str) -> None:
    """Names, population over time with sources, movements, events, passages.

    Nothing here depends on the year: the names a place had are listed with their
    years, so the story need not be drawn again on every slider step.
    """
    story = place_story(atlas, place_id)
    with st.container(border=True, key="place_panel"):
        st.subheader(atlas.places[place_id].name_en)
        st.write(" · ".join(story.names))
        for name in story.other_names:
            years = (
                f" ({name.year_from or '…'}–{name.year_to or '…'})"
                if name.year_from or name.year_to
                else ""
            )
            st.markdown(f"- {md_escape(name.name)}{years} — {md_escape(name.kind)}")
        _place_history(atlas, story)
        if story.movements:
            st.markdown("**Movements**")
            for movement in story.movements:
                st.markdown(
                    f"- {movement.year_from}–{movement.year_to}: "
                    f"{md_escape(movement.title)}"
                )
        if story.events:
            st.markdown("**Events**")
            for event in story.events:
                st.markdown(f"- {md_escape(str(event.date))}: {md_escape(event.title)}")
        if story.passages:
            st.markdown("**In the seed documents**")
            for mention in story.passages:
                marked = f"**{md_escape(mention.text)}**".join(
                    md_escape(part) for part in mention.passage.split(mention.text)
                )
                st.markdown(f"> {marked}  \n> — *{md_escape(mention.document)}*")


def _place_history(atlas: Atlas, story: Any) -> None:
    if not story.history:
        st.caption("No sourced Korean population figure for this place.")
        return
    st.markdown("**Korean population over time**")
    shown_rows = [f.figure for f in story.history if f.figure.is_default]
    if shown_rows:
        chart = pd.DataFrame(
            {
                "year": [f.year for f in shown_rows],
                "Koreans": [f.people for f in shown_rows],
            }
        )
        st.line_chart(chart, x="year", y="Koreans", height=200)
    rows = [
        {
            "year": alt.year,
            "Koreans": alt.people,
            "shown": "yes" if alt.is_default else "no",
            "method": METHOD_LABELS[alt.method],
            "source": atlas.sources[alt.source_id].title,
        }
        for shown in story.history
        for alt in shown.alternatives
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _area(clicked: dict[str, Any] | None) -> tuple[float, float, float, float]:
    bounds = (clicked or {}).get("bounds") or {}
    try:
        south_west, north_east = bounds["_southWest"], bounds["_northEast"]
        box = (
            float(south_west["lng"]),
            float(south_west["lat"]),
            float(north_east["lng"]),
            float(north_east["lat"]),
        )
    except (KeyError, TypeError, ValueError):
        return AREAS["eurasia"]
    west, south, east, north = box
    if not (-180 <= west < east <= 180 and -85 <= south < north <= 85):
        return AREAS["eurasia"]
    return box


def export_panel(
    view: AtlasView, layers: tuple[str, ...], clicked: dict[str, Any] | None
) -> None:
    """The export controls, built only while switched on.

    Off, they cost one small element per slider step instead of a dozen (a toggle
    measured cheaper than a lazy expander: see BENCHMARKS.md).
    """
    if st.toggle("Export this view", key="export_on"):
        export_buttons(view, layers, clicked)


def export_buttons(
    view: AtlasView, layers: tuple[str, ...], clicked: dict[str, Any] | None
) -> None:
    """Download buttons for the current view; files are made only when clicked."""
    size = st.columns(3)
    width = size[0].number_input(
        "PNG width (px)", 400, 6000, 1600, step=100, key="export_width"
    )
    height = size[1].number_input(
        "PNG height (px)", 300, 6000, 1000, step=100, key="export_height"
    )
    scale = size[2].selectbox("Scale", [1.0, 2.0, 3.0], key="export_scale")
    area = _area(clicked)
    buttons = st.columns(6)
    for column, fmt in zip(
        buttons, ("html", "png", "svg", "pdf", "geojson", "csv"), strict=True
    ):
        request = ExportRequest(
            view.year, layers, fmt, area, int(width), int(height), float(scale)
        )
        column.download_button(
            fmt.upper() if fmt != "geojson" else "GeoJSON",
            data=lambda r=request: export_bytes(view, r),
            file_name=request.filename(),
            mime=MIME_TYPES[fmt],
            on_click="ignore",
            key=f"download_{fmt}",
            width="stretch",
        )


def play_due(state: MutableMapping[str, Any], seconds: float = PLAY_SECONDS) -> bool:
    """Whether the play timer should step now (full reruns never step)."""
    return time.monotonic() - state.get("played_at", 0.0) >= seconds * 0.8
