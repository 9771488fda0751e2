"""Each export format checked the way its reader would read it."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pytest
from matplotlib.testing.compare import compare_images
from PIL import Image

from diaspora_atlas import UsageError
from diaspora_atlas.cli import main
from diaspora_atlas.export import (
    AREAS,
    ExportRequest,
    export_bytes,
    figure_rows,
    layer_ids,
    parse_bbox,
    parse_size,
    write_atomic,
)
from diaspora_atlas.layers import build_layers

from golden import BASELINE_DIR, CASES, render_case

ALL = ("places", "diaspora", "routes", "events", "relations", "borders")
TINY_BOX = (0.0, 38.0, 30.0, 52.0)


def request(fmt: str, **changes) -> ExportRequest:
    values = {
        "year": 1959,
        "layers": ALL,
        "fmt": fmt,
        "bbox": TINY_BOX,
        "width_px": 800,
        "height_px": 500,
    }
    values.update(changes)
    return ExportRequest(**values)


def test_file_names_say_what_they_hold() -> None:
    assert ExportRequest(1937, ("places", "routes"), "png").filename() == (
        "koryo-atlas_1937_places-routes.png"
    )


def test_png_decodes_at_the_requested_size_and_is_not_blank(tiny_atlas) -> None:
    data = export_bytes(tiny_atlas.at(1959), request("png"))
    image = Image.open(io.BytesIO(data))
    assert image.size == (800, 500)
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # a map, a legend and text, not a flat fill


def test_png_prints_at_3000_px_and_more(tiny_atlas) -> None:
    data = export_bytes(
        tiny_atlas.at(1959), request("png", width_px=1500, height_px=1000, scale=2.0)
    )
    assert Image.open(io.BytesIO(data)).size == (3000, 2000)


def test_png_is_deterministic(tiny_atlas) -> None:
    view = tiny_atlas.at(1959)
    assert export_bytes(view, request("png")) == export_bytes(view, request("png"))


def test_svg_parses_and_holds_one_symbol_per_point(tiny_atlas) -> None:
    view = tiny_atlas.at(1959)
    data = export_bytes(view, request("svg"))
    root = ET.fromstring(data)
    groups = {el.get("id"): el for el in root.iter() if el.get("id")}
    layers = build_layers(view, ALL)
    for name in ("places", "diaspora", "events"):
        group = groups.get(name)  # one collection per layer, one path per symbol
        symbols = (
            [] if group is None else [el for el in group if el.tag.endswith("}path")]
        )
        assert len(symbols) == len(layers[name]), name
    assert b"Test Atlas: 1959" in data  # the title is text, not paths


def test_pdf_starts_like_a_pdf(tiny_atlas) -> None:
    data = export_bytes(tiny_atlas.at(1959), request("pdf"))
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]


def test_geojson_reads_back_in_geopandas(tiny_atlas) -> None:
    view = tiny_atlas.at(1959)
    data = export_bytes(view, request("geojson"))
    frame = gpd.read_file(io.BytesIO(data))
    layers = build_layers(view, ALL)
    assert len(frame) == sum(len(f) for f in layers.values())
    assert {"layer", "people", "unit", "figure_year", "sources", "view_year"} <= set(
        frame.columns
    )
    gamma = frame[(frame["layer"] == "diaspora") & (frame["place_id"] == "gamma")]
    assert list(gamma["people"]) == [1000]
    assert list(gamma["figure_year"]) == [1959]
    assert json.loads(gamma["sources"].iloc[0])[0]["title"] == "A census"


def test_csv_holds_the_figures_in_view_with_sources(tiny_atlas) -> None:
    view = tiny_atlas.at(1959)
    rows = list(
        csv.DictReader(io.StringIO(export_bytes(view, request("csv")).decode("utf-8")))
    )
    assert len(rows) == len(figure_rows(view, ALL))
    gamma = [
        (r["value"], r["shown_on_map"], r["source_title"])
        for r in rows
        if r["item"] == "Gamma"
    ]
    assert sorted(gamma) == [
        ("1000", "True", "A census"),
        ("900", "False", "Tiny seed"),
    ]


def test_html_is_self_contained(tiny_atlas) -> None:
    html = export_bytes(tiny_atlas.at(1959), request("html")).decode("utf-8")
    assert "cdn.jsdelivr" not in html and "code.jquery.com" not in html
    assert "/app/static/" not in html
    assert "Leaflet 1.9.3" in html and "jquery" not in html.lower()
    assert "Test Atlas: 1959" in html


def test_hostile_names_are_escaped_in_html(tmp_path) -> None:
    from diaspora_atlas import load_atlas

    from atlas_factory import ROWS, write_atlas

    rows = json.loads(json.dumps(ROWS))
    rows["places"][2]["name_en"] = "<img src=x onerror=alert(1)>`${x}`"
    atlas = load_atlas(write_atlas(tmp_path, rows))
    html = export_bytes(atlas.at(1959), request("html")).decode("utf-8")
    assert "<img src=x" not in html
    # escaped as HTML, then as JSON inside the script (\u0026 is "&")
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_layer_names_accept_ids_and_labels() -> None:
    assert layer_ids(["Migration routes", "places"]) == ("places", "routes")
    with pytest.raises(UsageError, match="unknown layer 'roads'"):
        layer_ids(["roads"])


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "10,50,5,60", "0,0,0,0"])
def test_malformed_bbox_is_refused(text) -> None:
    with pytest.raises(UsageError, match="--bbox"):
        parse_bbox(text)


def test_named_areas_and_sizes() -> None:
    assert parse_bbox("far-east") == AREAS["far-east"]
    assert parse_size("3000x2000") == (3000, 2000)
    with pytest.raises(UsageError, match="--size"):
        parse_size("big")


def test_cli_writes_a_series_and_an_animation(tiny_data, tmp_path) -> None:
    out = tmp_path / "new" / "out"  # made by the command, as `mkdir -p` would
    status = main(
        [
            "export",
            "--data",
            str(tiny_data),
            "--years",
            "1937:1959:11",
            "--layers",
            "places,routes",
            "--size",
            "400x300",
            "--out",
            str(out),
            "--bbox",
            "0,38,30,52",
            "--animate",
        ]
    )
    assert status == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "koryo-atlas_1937-1959_places-routes.gif",
        "koryo-atlas_1937_places-routes.png",
        "koryo-atlas_1948_places-routes.png",
        "koryo-atlas_1959_places-routes.png",
    ]
    gif = Image.open(out / "koryo-atlas_1937-1959_places-routes.gif")
    assert gif.n_frames == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1700"], "outside the atlas's range"),
        (["--layers", "places,roads"], "unknown layer 'roads'"),
        (["--bbox", "1,2,3"], "--bbox"),
        (["--years", "1990:1980"], "--years"),
        (["--format", "png", "--animate"], "--animate needs"),
    ],
)
def test_cli_bad_arguments_fail_cleanly(
    tiny_data, tmp_path, capsys, args, message
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    status = main(["export", "--data", str(tiny_data), "--out", str(out), *args])
    assert status == 2
    assert message in capsys.readouterr().err
    assert list(out.iterdir()) == []  # nothing half-written


def test_cli_unwritable_path(tiny_data, tmp_path, capsys) -> None:
    status = main(
        [
            "export",
            "--data",
            str(tiny_data),
            "--out",
            str(tmp_path / "missing" / "map.png"),
        ]
    )
    assert status == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_series_into_a_file_fails_cleanly(tiny_data, tmp_path, capsys) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("not a directory")
    for out, message in [
        (a_file, "is a file, not a directory"),
        (a_file / "maps", "cannot create directory"),  # works even as root
    ]:
        status = main(
            [
                "export",
                "--data",
                str(tiny_data),
                "--years",
                "1937,1945",
                "--out",
                str(out),
            ]
        )
        assert status == 2
        assert message in capsys.readouterr().err
    assert a_file.read_text() == "not a directory"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.filename)
def test_golden_images(case, tmp_path) -> None:
    expected = BASELINE_DIR / case.filename
    assert expected.is_file(), f"missing baseline {expected}: run `make baselines`"
    actual = tmp_path / case.filename
    actual.write_bytes(render_case(case))
    failure = compare_images(str(expected), str(actual), tol=5)
    assert failure is None, f"{failure} (diff image next to {actual})"


def test_export_from_the_real_atlas_cites_its_sources(atlas) -> None:
    rows = figure_rows(atlas.at(1937), ["routes"])
    deportation = [r for r in rows if r["item"] == "1937 deportation to the Kazakh SSR"]
    assert [r["value"] for r in deportation] == [95256]
    assert deportation[0]["source_title"].startswith("Migration of Russian-Koreans")


def test_shipped_baselines_are_pngs() -> None:
    for path in Path(BASELINE_DIR).glob("*.png"):
        assert Image.open(path).format == "PNG"


def test_written_files_are_whole_and_not_private(tmp_path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "map.csv", b"year\n1937\n")
    finally:
        os.umask(mask)
    written = tmp_path / "map.csv"
    assert written.read_bytes() == b"year\n1937\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["map.csv"]  # no temporary left
