"""The shipped dataset: places against GeoNames, historical names, seed places."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest

from diaspora_atlas import Gazetteer
from diaspora_atlas.assets import package_files
from diaspora_atlas.gazetteer import geonames_cities
from diaspora_atlas.sources import find_mentions

ROOT = Path(__file__).resolve().parents[1]
SETTLEMENTS = ("city", "town", "village")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_every_settlement_is_within_25_km_of_its_geonames_entry(atlas) -> None:
    cities = geonames_cities()
    for place in atlas.places.values():
        if place.kind not in SETTLEMENTS:
            continue
        assert place.geonames_id, f"{place.place_id}: a settlement needs a GeoNames id"
        entry = cities[place.geonames_id]
        distance = km(
            place.lat, place.lon, float(entry["latitude"]), float(entry["longitude"])
        )
        assert distance <= 25, f"{place.place_id} is {distance:.0f} km from GeoNames"


def test_other_places_say_where_their_point_comes_from(atlas) -> None:
    for place in atlas.places.values():
        if place.kind in SETTLEMENTS:
            continue
        assert place.coord_source_id or place.anchor_id, place.place_id
        if place.anchor_id:
            assert place.note, f"{place.place_id}: say why it is drawn at its anchor"


def test_at_least_forty_places(atlas) -> None:
    assert len(atlas.places) >= 40


@pytest.mark.parametrize(
    ("name", "year", "place", "matched"),
    [
        ("Alma-Ata", 1937, "almaty", "Alma-Ata"),
        ("Vernyi", 1900, "almaty", "Verny"),
        ("Frunze", 1970, "bishkek", "Frunze"),
        ("Pishpek", 1900, "bishkek", "Pishpek"),
        ("Stalingrad", 1942, "volgograd", "Stalingrad"),
        ("Tsaritsyn", 1900, "volgograd", "Tsaritsyn"),
        ("Leningrad", 1970, "saint_petersburg", "Leningrad"),
        ("Toyohara", 1930, "yuzhno_sakhalinsk", "Toyohara"),
        ("Otomari", 1930, "korsakov", "Otomari"),
        ("Nikolsk-Ussuriysky", 1910, "ussuriysk", "Nikolsk-Ussuriysky"),
        ("Voroshilov", 1940, "ussuriysk", "Voroshilov"),
        ("Kzyl-Orda", 1937, "kyzylorda", "Kzyl-Orda"),
        ("Tselinograd", 1970, "astana", "Tselinograd"),
        ("Nur-Sultan", 2020, "astana", "Nur-Sultan"),
        ("Keijo", 1930, "seoul", "Keijō"),
        ("Алма-Ата", 1937, "almaty", "Алма-Ата"),
        ("연해주", None, "primorsky_krai", "연해주"),
        ("Kyongsang", None, "gyeongsang", "Kyongsang"),
        ("Karafuto", 1930, "south_sakhalin", "Karafuto"),
    ],
)
def test_names_history_gave_places(atlas, name, year, place, matched) -> None:
    match = Gazetteer(atlas, fallback=False).resolve(name, year=year)
    assert (match.id, match.matched) == (place, matched)


def test_name_in_use_follows_the_year(atlas) -> None:
    assert atlas.at(1900).name_of("almaty") == "Verny"
    assert atlas.at(1937).name_of("almaty") == "Alma-Ata"
    assert atlas.at(2000).name_of("almaty") == "Almaty"
    assert atlas.at(2020).name_of("astana") == "Nur-Sultan"


def test_every_place_named_in_the_seeds_is_found(atlas) -> None:
    found = {m.place_id for m in find_mentions(atlas)}
    expected = {
        "kazakhstan",
        "almaty",
        "tashkent",
        "bishkek",
        "south_korea",
        "north_korea",
        "russia",
        "vladivostok",
        "krasnoyarsk",
        "moscow",
        "seoul",
        "busan",
        "incheon",
        "san_francisco",
        "sakhalin",
        "nakhodka",
        "irkutsk",
        "volgograd",
        "ukraine",
        "gyeongsang",
        "jeolla",
        "saint_petersburg",
        "kyrgyzstan",
        "japan",
        "hong_kong",
        "singapore",
        "china",
        "ussr",
        "north_caucasus",
        "russian_far_east",
    }
    assert expected <= found, expected - found


def test_vendored_assets_are_the_packaged_ones() -> None:
    vendor = ROOT / "static" / "vendor"
    for name, path in package_files().items():
        served = vendor / name
        assert served.is_file(), f"static/vendor/{name} is missing"
        assert (
            hashlib.sha256(served.read_bytes()).digest()
            == hashlib.sha256(path.read_bytes()).digest()
        ), name
