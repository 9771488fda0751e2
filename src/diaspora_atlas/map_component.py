"""The dashboard's map: streamlit-folium's component, its base map rendered once.

``st_folium`` builds and renders the whole folium map on every call (templates
compiled, every element rendered, the Leaflet script written out), though only the
year's layer groups change between slider steps. Here ``st_folium`` itself renders a
base map once per server, its component arguments are kept, and a step only writes
the layer groups' script, in the form ``st_folium`` gives them (a test holds the two
to the same text). The browser gets the same arguments as from ``st_folium``.

streamlit_folium is imported on first use, by a page run: it registers its component
only when imported inside one (startup.py imports this module from a thread).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import folium

# st_folium's arguments that do not depend on the layer groups.
_BASES: dict[Hashable, dict[str, Any]] = {}
_MAX_BASES = 16  # base maps x atlases in one server: a handful
_LOCK = threading.Lock()


def groups_script(calls: Mapping[str, tuple[str, str]]) -> str:
    """``st_folium``'s ``feature_group`` script for ``interactive.call_groups(calls)``.

    Each layer is a group running ``function(group, argument)`` (the base map's
    runtime), added to the map and listed for st_folium to remove on the next step.
    """
    parts = []
    for index, (name, (function, argument)) in enumerate(calls.items()):
        group = f"feature_group_feature_group_{index}"
        parts.append(
            f"var {group} = L.featureGroup({{}});\n"
            f"{group}.atlasName = {json.dumps(name)};\n"
            f"{function}({group}, {argument});\n"
            f"{group}.addTo(map_div);\n"
            f"map_div.addLayer({group});\n"
            "window.feature_group = window.feature_group || [];\n"
            f"window.feature_group.push({group});\n"
        )
    return "".join(parts)


def base_arguments(
    cache_key: Hashable, make_base: Callable[[], folium.Map], **options: Any
) -> dict[str, Any]:
    """``st_folium(make_base(), **options)``'s component arguments, made once per key.

    st_folium is run with its component call caught, under a lock, so no other
    thread's map is caught or goes missing meanwhile.
    """
    key = (cache_key, repr(sorted(options.items())))
    with _LOCK:
        found = _BASES.get(key)
        if found is None:
            found = _caught_arguments(make_base(), options)
            if len(_BASES) >= _MAX_BASES:
                _BASES.pop(next(iter(_BASES)))
            _BASES[key] = found
    return found


def _caught_arguments(base: folium.Map, options: Mapping[str, Any]) -> dict[str, Any]:
    import streamlit_folium

    caught: dict[str, Any] = {}
    component = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **arguments: caught.update(arguments)
    try:
        streamlit_folium.st_folium(base, **options)
    finally:
        streamlit_folium._component_func = component
    return caught


def show_map(
    cache_key: Hashable,
    make_base: Callable[[], folium.Map],
    calls: Mapping[str, tuple[str, str]],
    then: str = "",
    **options: Any,
) -> Any:
    """The map component with the base map of ``cache_key`` and the layers ``calls``.

    ``then`` is script run after the layers'. ``options`` are st_folium's (key,
    height, returned_objects, ...); returns what st_folium returns.
    """
    import streamlit_folium

    arguments = base_arguments(cache_key, make_base, **options)
    return streamlit_folium._component_func(
        **{**arguments, "feature_group": groups_script(calls) + then}
    )


def clear() -> None:
    """Forget the base maps (tests)."""
    with _LOCK:
        _BASES.clear()
