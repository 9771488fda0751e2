"""The HTML legend: what it lists, and that it is cheap for the browser to draw."""

from __future__ import annotations

import re

from diaspora_atlas.layers import build_layers
from diaspora_atlas.legend import LegendItem, legend_html, legend_items
from diaspora_atlas.styles import LAYER_ORDER


def test_swatches_are_css_not_images(atlas) -> None:
    """Drawn again on every slider step: no images to decode, no inline SVG."""
    html = legend_html(legend_items(build_layers(atlas.at(1937), LAYER_ORDER)))
    assert "<img" not in html and "<svg" not in html and "data:" not in html
    swatches = re.findall(r'<span style="(display:inline-block[^"]*)"></span>', html)
    assert len(swatches) > 20
    assert all("rgba(" in s or "border" in s for s in swatches)


def test_swatch_styles_follow_the_item() -> None:
    ring = LegendItem("events", "event", "ring", "#ff7f0e", "#ffffff", 6.0)
    dotted = LegendItem("relations", "ties", "line", "#54278f", size_px=1.5, dash="2 5")
    dashed = LegendItem("routes", "unknown", "line", "#444444", size_px=2, dash="6 4")
    html = legend_html([ring, dotted, dashed])
    assert "border-radius:50%" in html and "3px solid rgba(255,127,14,1.0)" in html
    assert "1.5px dotted rgba(84,39,143,1.0)" in html
    assert "2.0px dashed rgba(68,68,68,1.0)" in html


def test_a_colour_that_is_not_hex_cannot_reach_the_style() -> None:
    item = LegendItem("places", "x", "patch", '"><script>alert(1)</script>', "#zzzzzz")
    html = legend_html([item])
    assert "<script>" not in html and "alert" not in html
    assert "rgba(128,128,128" in html
