"""Tiny atlases written to a temporary directory, in code (pyogrio's rule).

``write_atlas(tmp_path)`` writes a small valid atlas; tests for bad data change one
file of it and check the message.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

from diaspora_atlas.schema import TABLES_BY_NAME

SEED_TEXT = (
    "A tiny seed document. In 1937 some 1,000 people were moved from Alpha to Gamma.\n"
    "Roughly 900 Koreans live in Gamma today. Ties were established in 1992.\n"
)


def _square(x0: float, y0: float, x1: float, y1: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    }


COUNTRIES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "adm0_a3": code,
                "name_en": name,
                "name_ru": "",
                "name_ko": "",
                "label_x": x + 5,
                "label_y": 45,
            },
            "geometry": _square(x, 40, x + 10, 50),
        }
        for code, name, x in (
            ("AAA", "Aland", 0),
            ("BBB", "Beland", 10),
            ("CCC", "Celand", 20),
        )
    ],
}
CLIPS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "clip_id": "north_half",
                "name": "North of 45N",
                "description": "test clip",
            },
            "geometry": _square(-10, 45, 40, 60),
        }
    ],
}

ROWS: dict[str, list[dict[str, str]]] = {
    "sources": [
        {
            "source_id": "seed_test",
            "kind": "seed",
            "title": "Tiny seed",
            "seed_file": "test.txt",
        },
        {
            "source_id": "census_test",
            "kind": "census",
            "title": "A census",
            "url": "https://example.org/census",
        },
    ],
    "places": [
        {
            "place_id": "alpha",
            "name_en": "Alpha",
            "name_ru": "Альфа",
            "name_ko": "알파",
            "kind": "city",
            "lat": "45.5",
            "lon": "5.5",
            "country_id": "aland",
        },
        {
            "place_id": "beta",
            "name_en": "Beta",
            "kind": "town",
            "lat": "44",
            "lon": "15",
        },
        {
            "place_id": "gamma",
            "name_en": "Gamma",
            "kind": "city",
            "lat": "42",
            "lon": "25",
            "country_id": "celand",
        },
        {
            "place_id": "gamma_region",
            "name_en": "Gamma Oblast",
            "kind": "region",
            "anchor_id": "gamma",
        },
        {
            "place_id": "aland",
            "name_en": "Aland",
            "kind": "country",
            "lat": "45",
            "lon": "5",
            "adm0_a3": "AAA",
        },
        {
            "place_id": "celand",
            "name_en": "Celand",
            "kind": "country",
            "lat": "45",
            "lon": "25",
            "adm0_a3": "CCC",
        },
        {
            "place_id": "union",
            "name_en": "The Union",
            "kind": "union",
            "lat": "45",
            "lon": "15",
        },
    ],
    "place_names": [
        {
            "name_id": "gamma_old",
            "place_id": "gamma",
            "name": "Old Gamma",
            "lang": "en",
            "kind": "official",
            "year_from": "1900",
            "year_to": "1950",
            "source_id": "census_test",
            "quote": "Gamma was called Old Gamma.",
        },
    ],
    "capitals": [
        {
            "capital_row": "aland_alpha",
            "country_id": "aland",
            "capital_id": "alpha",
            "source_id": "census_test",
            "quote": "Alpha is the capital.",
        },
        {
            "capital_row": "celand_gamma",
            "country_id": "celand",
            "capital_id": "gamma",
            "source_id": "census_test",
            "quote": "Gamma is the capital.",
        },
    ],
    "populations": [
        {
            "population_id": "gamma_1939",
            "place_id": "gamma",
            "year": "1939",
            "measure": "ethnic_koreans",
            "people": "800",
            "method": "census",
            "approximate": "false",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "800",
        },
        {
            "population_id": "gamma_1959",
            "place_id": "gamma",
            "year": "1959",
            "measure": "ethnic_koreans",
            "people": "1000",
            "method": "census",
            "approximate": "false",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "1000",
        },
        {
            "population_id": "gamma_1959_seed",
            "place_id": "gamma",
            "year": "1959",
            "measure": "ethnic_koreans",
            "people": "900",
            "method": "document_claim",
            "approximate": "true",
            "is_default": "false",
            "source_id": "seed_test",
            "quote": "Roughly 900 Koreans live in Gamma today.",
        },
        {
            "population_id": "alpha_1930",
            "place_id": "alpha",
            "year": "1930",
            "measure": "ethnic_koreans",
            "people": "2000",
            "method": "census",
            "approximate": "false",
            "is_default": "true",
            "shown_until": "1937",
            "source_id": "census_test",
            "quote": "2000",
        },
        {
            "population_id": "union_1959",
            "place_id": "union",
            "year": "1959",
            "measure": "ethnic_koreans",
            "people": "5000",
            "method": "census",
            "approximate": "false",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "5000",
        },
    ],
    "movements": [
        {
            "movement_id": "move_1937",
            "kind": "deportation",
            "title": "The move",
            "origin_id": "alpha",
            "destination_id": "gamma",
            "year_from": "1937",
            "year_to": "1937",
            "mode": "rail",
            "source_id": "seed_test",
            "quote": "In 1937 some 1,000 people were moved from Alpha to Gamma.",
        },
        {
            "movement_id": "move_1937_part",
            "kind": "deportation",
            "title": "Part",
            "origin_id": "alpha",
            "destination_id": "gamma",
            "via": "beta",
            "year_from": "1937",
            "year_to": "1938",
            "mode": "rail",
            "part_of": "move_1937",
            "source_id": "census_test",
            "quote": "via Beta",
        },
    ],
    "movement_figures": [
        {
            "figure_id": "move_seed",
            "movement_id": "move_1937",
            "people": "1000",
            "approximate": "true",
            "is_default": "true",
            "source_id": "seed_test",
            "quote": "some 1,000 people",
        },
        {
            "figure_id": "move_part",
            "movement_id": "move_1937_part",
            "people": "600",
            "approximate": "false",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "600",
        },
    ],
    "events": [
        {
            "event_id": "ties_1992",
            "date": "1992-01-28",
            "title": "Ties",
            "category": "diplomacy",
            "place_ids": "alpha;gamma",
            "dispute_id": "ties",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "28 January 1992",
        },
        {
            "event_id": "ties_1992_seed",
            "date": "1992",
            "title": "Ties",
            "category": "diplomacy",
            "place_ids": "alpha;gamma",
            "dispute_id": "ties",
            "is_default": "false",
            "source_id": "seed_test",
            "quote": "Ties were established in 1992.",
        },
    ],
    "relations": [
        {
            "relation_id": "ties",
            "country_a": "aland",
            "country_b": "celand",
            "measure": "diplomatic_ties",
            "year": "1992",
            "date": "1992-01-28",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "ties",
        },
        {
            "relation_id": "trade_1995",
            "country_a": "aland",
            "country_b": "celand",
            "measure": "trade_total",
            "year": "1995",
            "value_usd": "1000000000",
            "is_default": "true",
            "source_id": "census_test",
            "quote": "$1 billion",
        },
    ],
    "polities": [
        {
            "polity_id": "union",
            "name_en": "The Union",
            "year_from": "1922",
            "year_to": "1991",
            "members": "AAA;BBB;CCC",
            "minus_clips": "north_half",
            "style": "russia",
            "source_id": "census_test",
            "quote": "union",
        },
        {
            "polity_id": "aland_modern",
            "name_en": "Aland",
            "year_from": "1992",
            "members": "AAA",
            "style": "central_asia",
            "source_id": "census_test",
            "quote": "Aland",
        },
    ],
}

ROWS["left_out"] = [
    {
        "left_out_id": "seed_test_today",
        "source_id": "seed_test",
        "text": "today",
        "quote": "Roughly 900 Koreans live in Gamma today.",
        "reason": "A test row.",
    }
]

ATLAS_TOML = """\
title = "Test Atlas"
subtitle = "A tiny atlas for tests"
first_year = 1860
last_year = 2025
initial_year = 1937
figure_max_age = 20
trade_max_age = 3
center = [45.0, 15.0]
zoom = 4
default_layers = ["places", "diaspora", "routes", "events", "borders"]
seeds_dir = "../seeds"
"""


def csv_text(name: str, rows: list[dict[str, str]]) -> str:
    columns = TABLES_BY_NAME[name].names
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def write_atlas(
    base: Path, rows: dict[str, list[dict[str, str]]] | None = None
) -> Path:
    """Write a valid tiny atlas under ``base``; return its data directory."""
    data = base / "geodata"
    (data / "boundaries").mkdir(parents=True, exist_ok=True)
    (base / "seeds").mkdir(exist_ok=True)
    (base / "seeds" / "test.txt").write_text(SEED_TEXT, encoding="utf-8")
    (data / "atlas.toml").write_text(ATLAS_TOML, encoding="utf-8")
    for name, table_rows in (rows or ROWS).items():
        (data / TABLES_BY_NAME[name].file).write_text(
            csv_text(name, table_rows), encoding="utf-8"
        )
    countries = data / "boundaries" / "countries.geojson"
    countries.write_text(json.dumps(COUNTRIES), encoding="utf-8")
    digest = hashlib.sha256(countries.read_bytes()).hexdigest()
    (data / "boundaries" / "countries.geojson.sha256").write_text(
        f"{digest}  countries.geojson\n"
    )
    (data / "boundaries" / "clips.geojson").write_text(
        json.dumps(CLIPS), encoding="utf-8"
    )
    return data
