"""The map with its base map made once: the browser gets what st_folium sends."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import streamlit_folium

from diaspora_atlas import map_component
from diaspora_atlas.interactive import base_map, call_groups
from diaspora_atlas.prefetch import year_calls

OPTIONS = {
    "key": "map",
    "height": 600,
    "use_container_width": True,
    "returned_objects": ["last_object_clicked", "bounds"],
}


@pytest.fixture
def caught(monkeypatch) -> list[dict[str, Any]]:
    """The arguments of every component call, instead of calling Streamlit."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        streamlit_folium, "_component_func", lambda **kw: calls.append(kw)
    )
    map_component.clear()
    yield calls
    map_component.clear()


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _comparable(arguments: dict[str, Any]) -> dict[str, Any]:
    """All but the change callback, a new closure per st_folium call."""
    return {k: v for k, v in arguments.items() if k != "on_change"}


@pytest.mark.parametrize("year", [1863, 1937, 1991])
def test_the_map_gets_exactly_what_st_folium_would_send(
    atlas, caught, tmp_path: Path, year: int
) -> None:
    layers = (*atlas.meta.default_layers, "relations", "mentions")
    calls = year_calls(atlas, year, layers, tmp_path)
    streamlit_folium.st_folium(
        base_map(atlas), feature_group_to_add=call_groups(calls), **OPTIONS
    )
    map_component.show_map("offline", lambda: base_map(atlas), calls, **OPTIONS)
    theirs, ours = caught
    assert ours["feature_group"] and len(ours["feature_group"]) > 1000
    # The same script but for the templates' indentation and blank lines.
    assert _no_space(ours.pop("feature_group")) == _no_space(
        theirs.pop("feature_group")
    )
    assert _comparable(ours) == _comparable(theirs)


def test_no_layers_is_st_foliums_empty_script(atlas, caught) -> None:
    streamlit_folium.st_folium(base_map(atlas), feature_group_to_add=[], **OPTIONS)
    map_component.show_map("offline", lambda: base_map(atlas), {}, **OPTIONS)
    theirs, ours = caught
    assert ours["feature_group"] == theirs["feature_group"] == ""


def test_the_base_map_is_made_once_per_key_and_options(atlas, caught) -> None:
    made = []

    def make():
        made.append(1)
        return base_map(atlas)

    calls = {"events": ("atlasDraw", '{"s":[],"f":[]}')}
    for _ in range(3):
        map_component.show_map("offline", make, calls, **OPTIONS)
    assert len(made) == 1
    map_component.show_map("osm", make, calls, **OPTIONS)
    map_component.show_map("offline", make, calls, **{**OPTIONS, "height": 400})
    assert len(made) == 3
    assert [c["height"] for c in caught] == [600] * 4 + [400]


def test_a_failing_base_map_leaves_st_folium_as_it_was(atlas, caught) -> None:
    component = streamlit_folium._component_func

    def broken():
        raise RuntimeError("no map")

    with pytest.raises(RuntimeError):
        map_component.show_map("broken", broken, {}, **OPTIONS)
    assert streamlit_folium._component_func is component


def test_the_page_module_does_not_import_streamlit_folium(fresh_python) -> None:
    """The warm start imports the page's modules from a thread; streamlit_folium
    imported there would register no component and the map would never load."""
    probe = (
        "import sys; import diaspora_atlas.page, diaspora_atlas.map_component; "
        "print('streamlit_folium' in sys.modules)"
    )
    assert fresh_python(probe) == "False"
