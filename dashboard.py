"""Koryo Atlas dashboard: a thin page over the diaspora_atlas package.

`streamlit run dashboard.py` imports this file to find `app`, a Streamlit server that
starts loading the atlas as it starts (diaspora_atlas/startup.py), and then runs the
file as the page of each session, where ``__name__`` is ``"__main__"``.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from diaspora_atlas.startup import warm_start
from diaspora_atlas.year_route import routes

STATIC_DIR = Path(__file__).parent / "static"
GEODATA_DIR = Path(
    os.environ.get("DIASPORA_ATLAS_DATA", Path(__file__).parent / "geodata")
)

if __name__ != "__main__":  # imported by `streamlit run` for its server
    app = st.App(
        __file__,
        lifespan=warm_start(GEODATA_DIR),
        routes=routes(GEODATA_DIR, STATIC_DIR),
    )
else:  # the page
    import time

    from diaspora_atlas import DataError
    from diaspora_atlas.interactive import YEAR_SLIDER_LABEL
    from diaspora_atlas.page import (
        BASEMAP_LABELS,
        LAYER_LABELS,
        PLAY_SECONDS,
        clicked_place,
        document_filter,
        export_panel,
        load_server_atlas,
        place_panel,
        play_due,
        prefetch_neighbours,
        show_events,
        show_year_panel,
        sources_button,
        year_map,
    )
    from diaspora_atlas.params import ViewParams, parse_view_params, view_query
    from diaspora_atlas.timeline import step_year

    st.set_page_config(page_title="Koryo Atlas", page_icon="🗺️", layout="wide")
    cached_atlas = st.cache_resource(
        load_server_atlas, show_spinner="Loading the atlas..."
    )

    try:
        atlas = cached_atlas(GEODATA_DIR)
    except DataError as error:
        st.title("Koryo Atlas")
        st.error(
            "The atlas data has problems, so no map is drawn. Fix these and reload:"
        )
        st.code("\n".join(str(p) for p in error.problems), language=None)
        st.stop()

    state = st.session_state
    if state.get("pending_year") is not None:  # the play timer stepped: apply it first
        state.year = state.pop("pending_year")
    if "year" not in state:  # first run of this session: the URL decides the view
        params = parse_view_params(st.query_params.to_dict(), atlas)
        state.update(
            year=params.year,
            url_warnings=params.warnings,
            place=params.place,
            basemap=params.basemap,
            playing=False,
        )
        for name in LAYER_LABELS:
            state[f"layer_{name}"] = name in params.layers

    def step(direction: int) -> None:
        state.year = step_year(atlas, state.year, direction)

    def toggle_play() -> None:
        state.playing = not state.playing
        state.played_at = time.monotonic()
        state.play_toggled = True

    title, sources = st.columns([5, 1], vertical_alignment="bottom")
    title.title(atlas.meta.title)
    title.caption(atlas.meta.subtitle)
    with sources:
        sources_button(atlas, state.year)
    for warning in state.url_warnings:
        st.warning(warning)

    with st.sidebar:
        st.header("Layers")
        for name, label in LAYER_LABELS.items():
            st.checkbox(label, key=f"layer_{name}")
        documents = document_filter(atlas) if state["layer_mentions"] else None
        st.selectbox(
            "Basemap",
            list(BASEMAP_LABELS),
            key="basemap",
            format_func=BASEMAP_LABELS.get,
        )

    layers = tuple(name for name in LAYER_LABELS if state[f"layer_{name}"])

    def show_view_in_url() -> None:
        st.query_params.from_dict(
            view_query(ViewParams(state.year, layers, state.place, state.basemap))
        )

    @st.fragment
    def year_view() -> None:
        """All that changes with the year: a slider step reruns only this part."""
        if state.pop("play_toggled", False):  # the play timer is set up by a full run
            st.rerun(scope="app")
        # The map's last click and bounds (st_folium keeps them in the session).
        clicked = state.get("map")
        chosen = clicked_place(atlas, clicked, state)
        if chosen:  # a click picked a place: its story is drawn outside this fragment
            state.place = chosen
            st.rerun(scope="app")
        # One horizontal container, not four columns: each block is one more element
        # for the browser to lay out again on every step.
        controls = st.container(horizontal=True, vertical_alignment="bottom")
        controls.button(
            "◀",
            on_click=step,
            args=(-1,),
            key="previous",
            help="Previous year in which the map changes",
        )
        controls.button(
            "⏸" if state.playing else "▶ Play",
            on_click=toggle_play,
            key="play",
            width=88,  # the same for both labels: the slider does not move
            help="Step through the years in which the map changes",
        )
        controls.button(
            "▶",
            on_click=step,
            args=(1,),
            key="next",
            help="Next year in which the map changes",
        )
        year = controls.slider(
            YEAR_SLIDER_LABEL, atlas.first_year, atlas.last_year, key="year"
        )

        view = atlas.at(year)
        map_column, side_column = st.columns([3, 1])
        # The map is filled in last: the browser lays out the text of the new year while
        # the map is built, then draws the map as soon as it arrives.
        map_slot = map_column.container()
        with side_column:
            show_year_panel(view, layers, documents)
        with map_column:
            show_events(view)  # under the map, beside the legend
        export_panel(view, layers, clicked)
        with map_slot:
            direction = -1 if year < state.get("drawn_year", year) else 1
            state.drawn_year = year
            year_map(
                atlas,
                year,
                layers,
                state.basemap,
                STATIC_DIR,
                documents,
                direction,
                first=clicked is None,  # the map has not reported back yet
            )
            # Not before the map first reported back: until then the browser is still
            # loading the page, and the builds would hold up the files it asks for.
            if clicked is not None:
                prefetch_neighbours(
                    atlas, year, layers, STATIC_DIR, documents, direction
                )
        show_view_in_url()

    year_view()

    @st.fragment
    def place_view() -> None:
        """The chosen place's story: the same in every year, so out of year_view.

        Inside it, the story (a chart, tables, passages) was drawn again on every
        slider step (BENCHMARKS.md); a choice in the list reruns only this part.
        """
        place_panel(atlas, state, on_change=show_view_in_url)

    place_view()

    @st.fragment(run_every=PLAY_SECONDS if state.playing else None)
    def player() -> None:
        """While playing, step to the next change; stop at the last one."""
        if not state.playing or not play_due(state):
            return
        following = step_year(atlas, state.year, 1)
        state.playing = following != state.year
        state.pending_year, state.played_at = following, time.monotonic()
        st.rerun(scope="app")

    player()
