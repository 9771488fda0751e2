"""Names to places: scripts, historical names by year, typos, fallback, unknowns."""

from __future__ import annotations

import json

import pytest

from diaspora_atlas import Gazetteer, UnknownPlaceError
from diaspora_atlas.cli import main
from diaspora_atlas.gazetteer import normalise


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alma-Ata", "alma ata"),
        ("Ōtomari", "OTOMARI"),
        ("Pos'yet", "Pos’yet"),
        ("Алма-Ата", "алма ата"),
        ("Ёлка", "елка"),
    ],
)
def test_normalise_folds_case_spacing_punctuation_diacritics(a, b) -> None:
    assert normalise(a) == normalise(b)


def test_hangul_survives_normalising() -> None:
    assert normalise("알파") == "알파"


def test_resolves_every_script(tiny_atlas) -> None:
    gazetteer = Gazetteer(tiny_atlas, fallback=False)
    for name in ("Alpha", "альфа", "알파", " ALPHA! "):
        assert gazetteer.resolve(name).id == "alpha"


def test_historical_name_and_year(tiny_atlas) -> None:
    match = Gazetteer(tiny_atlas, fallback=False).resolve("old-gamma", year=1920)
    assert (match.id, match.matched, match.source) == ("gamma", "Old Gamma", "atlas")


def test_typo_is_forgiven(tiny_atlas) -> None:
    match = Gazetteer(tiny_atlas, fallback=False).resolve("Gammma")
    assert match.id == "gamma" and match.score < 100


def test_unknown_name_suggests(tiny_atlas) -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        Gazetteer(tiny_atlas, fallback=False).resolve("Zeta Prime")
    assert caught.value.suggestions
    assert "unknown place 'Zeta Prime'" in str(caught.value)


def test_falls_back_to_geonames(tiny_atlas) -> None:
    match = Gazetteer(tiny_atlas).resolve("Tashkent")
    assert match.source == "geonames" and match.country == "UZ"
    assert match.lat == pytest.approx(41.26, abs=0.1)


def test_cli_geocode_json(tiny_data, capsys) -> None:
    status = main(
        [
            "geocode",
            "Alpha",
            "Old Gamma",
            "--year",
            "1920",
            "--json",
            "--data",
            str(tiny_data),
            "--no-fallback",
        ]
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert [(r["query"], r["id"], r["matched"]) for r in lines] == [
        ("Alpha", "alpha", "Alpha"),
        ("Old Gamma", "gamma", "Old Gamma"),
    ]
    assert {"query", "id", "name", "lat", "lon", "kind", "matched", "source"} <= set(
        lines[0]
    )


def test_cli_geocode_unknown_exits_1(tiny_data, capsys) -> None:
    status = main(["geocode", "Qwzx", "--data", str(tiny_data), "--no-fallback"])
    assert status == 1
    assert "unknown place 'Qwzx'" in capsys.readouterr().err


def test_cli_validate(tiny_data, capsys) -> None:
    assert main(["validate", str(tiny_data)]) == 0
    assert "ok: 7 places" in capsys.readouterr().out
    (tiny_data / "places.csv").write_text("place_id\n")
    assert main(["validate", str(tiny_data)]) == 1
    assert (
        "places.csv:1: name_en: required column is missing" in capsys.readouterr().out
    )
