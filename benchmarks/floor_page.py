"""Benchmark reference: Streamlit alone, a year slider and a heading, nothing else.

Not part of the product. `make bench` times a slider step and a cold start here in
the same run as the dashboard's, so the figures can be read against what Streamlit
itself costs on the machine at that moment.
"""

import streamlit as st


@st.fragment
def year_view() -> None:
    """The slider and the year, rerun alone as the dashboard's year view is."""
    year = st.slider("Year", 1860, 2025, 1930, key="year")
    st.markdown(f"### {year}")


year_view()
