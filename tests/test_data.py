"""The loader refuses each kind of bad data with `file:line: column: message`."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from diaspora_atlas import DataError, load_atlas, validate_atlas
from diaspora_atlas.records import RECORD_TYPES
from diaspora_atlas.schema import TABLES_BY_NAME

from atlas_factory import ROWS, write_atlas


def _rows() -> dict[str, list[dict[str, str]]]:
    return copy.deepcopy(ROWS)


def problems_of(data: Path) -> list[str]:
    return [str(p) for p in validate_atlas(data)]


def broken(tmp_path: Path, table: str, index: int, **changes: str) -> list[str]:
    rows = _rows()
    rows[table][index].update(changes)
    return problems_of(write_atlas(tmp_path, rows))


def test_tiny_atlas_loads(tiny_atlas) -> None:
    assert tiny_atlas.counts["places"] == 7
    assert tiny_atlas.places["gamma_region"].lat == tiny_atlas.places["gamma"].lat


def test_records_match_schema() -> None:
    for name, record in RECORD_TYPES.items():
        fields = tuple(record.__dataclass_fields__)
        assert fields == TABLES_BY_NAME[name].names, name


def test_latitude_out_of_range(tmp_path: Path) -> None:
    found = broken(tmp_path, "places", 0, lat="999")
    assert found == [
        f"{tmp_path}/geodata/places.csv:2: lat: expected a number "
        "between -90 and 90, got 999"
    ]


def test_not_a_number(tmp_path: Path) -> None:
    assert broken(tmp_path, "places", 1, lon="east") == [
        f"{tmp_path}/geodata/places.csv:3: lon: expected a number, got 'east'"
    ]


def test_year_outside_atlas_range(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "populations", 0, year="1700")
    assert "populations.csv:2: year: year 1700 is outside the atlas's range" in problem


def test_span_ends_before_it_starts(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "movements", 0, year_from="1938", year_to="1937")
    assert problem.endswith(
        "movements.csv:2: year_to: ends (1937) before it starts (1938)"
    )


def test_negative_count(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "populations", 0, people="-5")
    assert "populations.csv:2: people: counts cannot be negative, got -5" in problem


def test_low_above_value_and_high_below(tmp_path: Path) -> None:
    found = broken(tmp_path, "movement_figures", 0, people_low="2000", people_high="10")
    assert any(
        "movement_figures.csv:2: people_low: low 2000 is above the figure 1000" in p
        for p in found
    )
    assert any(
        "movement_figures.csv:2: people_high: high 10 is below the figure 1000" in p
        for p in found
    )


def test_duplicate_id(tmp_path: Path) -> None:
    rows = _rows()
    rows["places"].append(dict(rows["places"][0]))
    found = problems_of(write_atlas(tmp_path, rows))
    assert any(
        "places.csv:9: place_id: duplicate id 'alpha' (first on line 2)" in p
        for p in found
    )


def test_unknown_place_reference(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "movements", 0, destination_id="atlantis")
    assert problem.endswith(
        "movements.csv:2: destination_id: 'atlantis' is not an id in places.csv"
    )


def test_unknown_source_reference(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "events", 0, source_id="hearsay")
    assert problem.endswith(
        "events.csv:2: source_id: 'hearsay' is not an id in sources.csv"
    )


def test_unknown_polity_member_and_clip(tmp_path: Path) -> None:
    found = broken(tmp_path, "polities", 0, members="AAA;ZZZ", minus_clips="nowhere")
    assert any("polities.csv:2: members: 'ZZZ' is not a country" in p for p in found)
    assert any(
        "polities.csv:2: minus_clips: 'nowhere' is not a clip" in p for p in found
    )


def test_bad_enum_and_bool(tmp_path: Path) -> None:
    found = broken(tmp_path, "populations", 0, method="guess", is_default="yes")
    assert any("method: expected one of census" in p for p in found)
    assert any("is_default: expected true or false, got 'yes'" in p for p in found)


def test_required_value_missing(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "sources", 1, title="")
    assert problem.endswith("sources.csv:3: title: required value is empty")


def test_two_defaults_among_alternatives(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "populations", 2, is_default="true")
    assert (
        "populations.csv:3: is_default: at most one of the alternative rows for "
        "gamma/1959/ethnic_koreans (lines 3, 4) must be true, found 2" in problem
    )


def test_seed_quote_must_be_in_the_seed(tmp_path: Path) -> None:
    [problem] = broken(tmp_path, "movement_figures", 0, quote="some 2,000 people")
    assert problem.endswith(
        "movement_figures.csv:2: quote: not found word for word in seed 'seed_test'"
    )


def test_quote_matches_across_line_breaks(tmp_path: Path) -> None:
    found = broken(
        tmp_path, "events", 1, quote="Gamma today.   Ties were established in 1992."
    )
    assert found == []


def test_missing_column_and_unknown_column(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    path = data / "capitals.csv"
    text = path.read_text().replace("capital_id,", "capitol,", 1)
    path.write_text(text)
    found = problems_of(data)
    assert f"{data}/capitals.csv:1: capital_id: required column is missing" in found
    assert any(
        p.startswith(f"{data}/capitals.csv:1: capitol: unknown column") for p in found
    )


def test_wrong_number_of_fields(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    path = data / "sources.csv"
    path.write_text(path.read_text() + "extra,census,Title,,,,,,\n")
    assert any(
        "sources.csv:4: expected 10 fields as in the header, found 9" in p
        for p in problems_of(data)
    )


def test_not_utf8(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    path = data / "places.csv"
    path.write_bytes(
        path.read_bytes().replace("Альфа".encode(), "Альфа".encode("cp1251"))
    )
    found = problems_of(data)
    assert any(p.startswith(f"{data}/places.csv:2: not valid UTF-8") for p in found)


def test_missing_file(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    (data / "events.csv").unlink()
    assert f"{data}/events.csv: file is missing" in problems_of(data)


def test_broken_toml(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    (data / "atlas.toml").write_text("title = \n")
    [problem] = problems_of(data)
    assert problem.startswith(f"{data}/atlas.toml:1: not valid TOML")


def test_invalid_clip_geometry(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    path = data / "boundaries" / "clips.geojson"
    clips = json.loads(path.read_text())
    clips["features"][0]["geometry"]["coordinates"] = [
        [[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]
    ]  # a bow tie
    path.write_text(json.dumps(clips))
    assert any(
        "clips.geojson: clip_id: feature 'north_half' has an invalid geometry" in p
        for p in problems_of(data)
    )


def test_boundaries_edited_by_hand(tmp_path: Path) -> None:
    data = write_atlas(tmp_path)
    path = data / "boundaries" / "countries.geojson"
    path.write_text(path.read_text().replace("Aland", "Ahland"))
    assert any("countries.geojson: edited by hand" in p for p in problems_of(data))


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    rows = _rows()
    rows["places"][0]["lat"] = "999"
    rows["events"][0]["source_id"] = "hearsay"
    with pytest.raises(DataError) as caught:
        load_atlas(write_atlas(tmp_path, rows))
    text = str(caught.value)
    assert text.startswith("2 problems in the atlas data:")
    assert "places.csv:2: lat" in text and "events.csv:2: source_id" in text


def test_shipped_atlas_validates() -> None:
    assert validate_atlas(Path(__file__).resolve().parents[1] / "geodata") == []
