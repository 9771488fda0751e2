"""The page run headless with AppTest: widgets, URL parameters, panels, no errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diaspora_atlas.timeline import step_year

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def one(elements, **match):
    """Exactly one widget matching; raise otherwise (OWID's strict picker)."""
    found = [e for e in elements if all(getattr(e, k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one widget with {match}, found {len(found)}"
    return found[0]


def map_args(at: AppTest) -> dict:
    [component] = [
        c
        for c in at.get("component_instance")
        if c.proto.component_name == "streamlit_folium.st_folium"
    ]
    return json.loads(component.proto.json_args)


def year_layers(at: AppTest) -> str:
    """The year layers' script, each published layer URL replaced by its file."""
    script = map_args(at)["feature_group"] or ""
    static = Path(DASHBOARD).parent / "static"

    def content(match: re.Match) -> str:
        return (static / match.group(1)).read_text(encoding="utf-8")

    return re.sub(r'"/app/static/(geo/layers/[0-9a-f]+\.json)"', content, script)


@pytest.fixture(scope="module")
def app() -> AppTest:
    return run_app()


def test_page_loads_at_the_initial_year(app) -> None:
    assert not app.exception
    assert app.title[0].value == "Koryo Atlas"
    assert app.slider(key="year").value == 1937
    assert app.slider(key="year").label == "Year"


def test_the_year_panels_show_headline_legend_and_events(app) -> None:
    """HTML elements (cheaper per step than markdown: BENCHMARKS.md)."""
    bodies = [e.proto.body for e in app.get("html")]
    assert len(bodies) == 3
    (headline,) = (b for b in bodies if ">1937</h3>" in b)
    (legend,) = (b for b in bodies if b.startswith("<div><strong>Legend</strong>"))
    (events,) = (b for b in bodies if "Events of 1937" in b)
    assert "Deportation of the Koreans of the Far East" in headline
    assert "Legend" in legend and "Natural Earth" in legend
    assert "Events of 1937" in events and "Decree No. 1428-326ss" in events


def test_layer_checkboxes_have_the_issue_labels(app) -> None:
    labels = [c.label for c in app.sidebar.checkbox]
    assert labels == [
        "Places",
        "Diaspora size",
        "Migration routes",
        "Events",
        "Relations",
        "Borders",
        "Mentions",
    ]


def test_the_base_map_is_offline(app) -> None:
    args = map_args(app)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links)
    assert "tile.openstreetmap" not in args["script"]


def test_year_layers_show_the_1937_deportation(app) -> None:
    groups = year_layers(app)
    assert "1937 deportation to the Kazakh SSR" in groups
    assert "1937 deportation to the Uzbek SSR" in groups
    assert "cdn.jsdelivr" not in groups


def test_slider_moves_the_layers_not_the_base() -> None:
    at = run_app()
    base_before = map_args(at)["script"]
    at.slider(key="year").set_value(1936).run()
    assert not at.exception
    assert "1937 deportation" not in year_layers(at)
    assert map_args(at)["script"] == base_before  # same base map: no remount


def test_stepping_buttons_go_to_the_next_change() -> None:
    at = run_app()
    atlas = load()
    one(at.button, key="next").click().run()
    assert at.slider(key="year").value == step_year(atlas, 1937, 1)
    one(at.button, key="previous").click().run()
    one(at.button, key="previous").click().run()
    assert at.slider(key="year").value == step_year(atlas, 1937, -1)


def load():
    from diaspora_atlas import load_atlas

    return load_atlas(Path(DASHBOARD).parent / "geodata")


def test_unticking_routes_removes_them() -> None:
    at = run_app()
    at.checkbox(key="layer_routes").uncheck().run()
    assert not at.exception
    assert "1937 deportation" not in year_layers(at)
    assert at.query_params["layers"] == "places,diaspora,events,borders"


def test_all_layers_off_is_a_valid_page() -> None:
    at = run_app({"layers": ""})
    assert not at.exception
    assert not any(c.value for c in at.sidebar.checkbox)
    assert any("All layers are off" in e.proto.body for e in at.get("html"))


def test_url_sets_year_and_layers() -> None:
    at = run_app({"year": "1900", "layers": "places,routes"})
    assert not at.exception and not at.warning
    assert at.slider(key="year").value == 1900
    ticked = [c.label for c in at.sidebar.checkbox if c.value]
    assert ticked == ["Places", "Migration routes"]


@pytest.mark.parametrize("bad", ["abc", "99999", "1937;<script>alert(1)</script>", ""])
def test_bad_year_falls_back_with_a_warning(bad) -> None:
    at = run_app({"year": bad})
    assert not at.exception
    assert at.slider(key="year").value == 1937
    [warning] = at.warning
    assert "is not a year between 1860 and 2025" in warning.value


def test_unknown_layer_and_parameter_are_reported() -> None:
    at = run_app({"layers": "places,<b>x</b>", "zoom": "9"})
    assert not at.exception
    texts = " ".join(w.value for w in at.warning)
    assert "Unknown layers '<b>x</b>'" in texts
    assert "Unknown URL parameter 'zoom'" in texts
    assert [c.label for c in at.sidebar.checkbox if c.value] == ["Places"]


def test_place_from_url_opens_its_story() -> None:
    at = run_app({"place": "almaty", "year": "1937"})
    assert not at.exception
    assert at.selectbox(key="place").value == "almaty"
    assert [h.value for h in at.subheader] == ["Almaty"]  # the same in every year
    assert any("Alma\\-Ata (1921–1993)" in m.value for m in at.markdown)  # escaped
    assert any("Korean population over time" in m.value for m in at.markdown) or any(
        "No sourced Korean population" in c.value for c in at.caption
    )


def test_a_click_on_the_map_opens_the_nearest_place_and_names_it_in_the_url() -> None:
    at = run_app({"year": "1937"})
    assert at.selectbox(key="place").value is None
    at.session_state["map"] = {  # what st_folium reports after a click near Almaty
        "last_object_clicked": {"lat": 43.2, "lng": 76.9},
        "bounds": None,
    }
    at.run()
    assert not at.exception
    assert at.selectbox(key="place").value == "almaty"
    assert [h.value for h in at.subheader] == ["Almaty"]
    assert at.query_params["place"] == "almaty"
    at.selectbox(key="place").set_value("tashkent").run()
    assert [h.value for h in at.subheader] == ["Tashkent"]  # the old click is not new
    assert at.query_params["place"] == "tashkent"
    at.selectbox(key="place").set_value(None).run()
    assert not at.subheader and "place" not in at.query_params


def test_place_story_lists_figures_with_sources() -> None:
    at = run_app({"place": "kazakhstan", "year": "1989"})
    assert not at.exception
    frame = at.dataframe[0].value
    assert {"year", "Koreans", "shown", "method", "source"} <= set(frame.columns)
    row_1989 = frame[frame["year"] == 1989]
    assert set(row_1989["Koreans"]) >= {103315, 100700, 107000}
    assert list(row_1989[row_1989["shown"] == "yes"]["Koreans"]) == [103315]


def test_export_controls_are_built_only_when_switched_on() -> None:
    app = run_app()
    assert not app.get("download_button")  # off: nothing built per step
    app.toggle(key="export_on").set_value(True).run()
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["HTML", "PNG", "SVG", "PDF", "GeoJSON", "CSV"]


def test_broken_data_shows_an_error_page(tmp_path, monkeypatch) -> None:
    from atlas_factory import write_atlas

    data = write_atlas(tmp_path)
    (data / "places.csv").write_text("place_id,name_en\nx,<script>\n")
    monkeypatch.setenv("DIASPORA_ATLAS_DATA", str(data))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert "The atlas data has problems" in at.error[0].value
    assert "places.csv:1: kind: required column is missing" in at.code[0].value
    assert not at.get("component_instance")  # no half-drawn map


def test_sources_open_in_a_dialog_only_when_asked() -> None:
    app = run_app({"year": "1992"})
    assert not any("Places link to the map" in c.value for c in app.caption)
    app.button(key="open_sources").click().run()
    assert not app.exception
    assert any("Places link to the map" in c.value for c in app.caption)


def test_a_long_list_of_events_is_a_table(monkeypatch) -> None:
    """Past EVENTS_LISTED events in a year the list becomes a table, all rows kept."""
    from diaspora_atlas import page

    monkeypatch.setattr(page, "EVENTS_LISTED", 3)
    at = run_app({"year": "1937"})
    assert not at.exception
    [table] = [
        t for t in at.dataframe if list(t.value.columns) == ["date", "event", "source"]
    ]
    assert len(table.value) == 9  # every event of 1937 in the real atlas
    assert "Deportation" in " ".join(table.value["event"])
    assert any(m.value == "**Events of 1937** (9)" for m in at.markdown)
