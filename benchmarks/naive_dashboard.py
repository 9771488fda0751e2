"""Benchmark baseline: the naive way, a whole new folium map on every change.

Not part of the product. `make bench` times a slider step here against the real
dashboard: this page rebuilds the map (land, borders and all layers inlined) and
st_folium remounts it, as most Streamlit map apps do.
"""

import os
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from diaspora_atlas.interactive import full_map
from diaspora_atlas.layers import build_layers
from diaspora_atlas.page import load_server_atlas

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("DIASPORA_ATLAS_DATA", ROOT / "geodata"))
atlas = st.cache_resource(load_server_atlas)(DATA)  # the app's GC settings too
layers = atlas.meta.default_layers
year = st.slider("Year", atlas.first_year, atlas.last_year, atlas.meta.initial_year)
st.markdown(f"### {year}")
st_folium(
    full_map(atlas, build_layers(atlas.at(year), layers)),
    height=600,
    use_container_width=True,
    returned_objects=[],
)
