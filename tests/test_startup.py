"""The server's warm start: the atlas it loads is the page's, errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from diaspora_atlas import DataError, startup
from diaspora_atlas.page import load_server_atlas


def test_the_page_gets_the_atlas_loaded_at_start(tiny_data: Path) -> None:
    startup.begin_loading(tiny_data)
    atlas = load_server_atlas(tiny_data)
    assert atlas.places and atlas.root == tiny_data
    assert startup.take_started(tiny_data) is None  # used once


def test_a_load_at_start_is_taken_once_so_a_reload_reads_the_files_again(
    tiny_data: Path,
) -> None:
    places = tiny_data / "places.csv"
    good = places.read_bytes()
    places.write_text("id,name\n", encoding="utf-8")
    startup.begin_loading(tiny_data)
    with pytest.raises(DataError) as error:
        load_server_atlas(tiny_data)
    assert any("places.csv" in str(p) for p in error.value.problems)
    # The page says "fix these and reload": the next session must see the fix.
    places.write_bytes(good)
    assert load_server_atlas(tiny_data).places


def test_another_data_directory_is_loaded_by_the_page(
    tiny_data: Path, tmp_path: Path
) -> None:
    startup.begin_loading(tmp_path / "elsewhere")
    assert load_server_atlas(tiny_data).root == tiny_data
    assert startup.take_started(tmp_path / "elsewhere") is not None


def test_every_public_name_of_the_package_resolves() -> None:
    """The package imports its names on first use: each listed name has a home."""
    import diaspora_atlas

    assert sorted(diaspora_atlas.__all__) == sorted(diaspora_atlas._HOMES)
    for name in diaspora_atlas.__all__:
        assert getattr(diaspora_atlas, name).__name__ == name


def test_the_server_imports_the_dashboard_without_running_the_page(
    fresh_python,
) -> None:
    """`streamlit run` imports dashboard.py for its app before listening: that import
    must stay light (no geopandas, no atlas), or the server starts later."""
    probe = (
        "import sys; sys.path.insert(0, '.'); import dashboard, streamlit as st; "
        "assert isinstance(dashboard.app, st.App); "
        "heavy = {'geopandas', 'folium', 'pandas', 'diaspora_atlas.data'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    assert fresh_python(probe) == "[]"


def test_the_warm_start_maps_module_files_for_streamlits_component_lookup(
    fresh_python,
) -> None:
    """So the page's import of streamlit_folium does not resolve every module's path
    (Streamlit's declare_component uses inspect.getmodule)."""
    probe = (
        "import inspect, sys; from pathlib import Path; "
        "from diaspora_atlas import startup; "
        "startup.begin_loading(Path('geodata')); "
        "startup.take_started(Path('geodata')).result(); "
        "print('geopandas' in sys.modules, 'geopandas' in inspect._filesbymodname)"
    )
    assert fresh_python(probe).split() == ["True", "True"]
